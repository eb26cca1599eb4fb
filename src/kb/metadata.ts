import { z } from "zod";

/** Reserved metadata keys Bedrock adds to every chunk. */
export const RESERVED_KEYS = {
  sourceUri: "x-amz-bedrock-kb-source-uri",
  chunkId: "x-amz-bedrock-kb-chunk-id",
  dataSourceId: "x-amz-bedrock-kb-data-source-id",
  pageNumber: "x-amz-bedrock-kb-document-page-number",
} as const;

const TypedValue = z
  .object({
    value: z
      .object({
        type: z.enum(["STRING", "NUMBER", "BOOLEAN", "STRING_LIST"]),
        stringValue: z.string().optional(),
        numberValue: z.number().optional(),
        booleanValue: z.boolean().optional(),
        stringListValue: z.array(z.string()).optional(),
      })
      .strict(),
    includeForEmbedding: z.boolean().optional(),
  })
  .strict();

const AttributeValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), TypedValue]);

/** A `<file>.metadata.json` sidecar: `{"metadataAttributes": {...}}`, plain or typed values. */
export const SidecarSchema = z
  .object({ metadataAttributes: z.record(z.string().min(1).max(100), AttributeValue) })
  .strict();

/** The attributes of a sidecar as plain values; reserved `x-amz-bedrock-kb-*` keys may not be set. */
export function sidecarAttributes(json: unknown): Record<string, string | number | boolean | string[]> {
  const parsed = SidecarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `metadata sidecar: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"} (expected {"metadataAttributes": {"key": string | number | boolean | string[]}})`,
    );
  }
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [key, raw] of Object.entries(parsed.data.metadataAttributes)) {
    if (key.startsWith("x-amz-bedrock-kb-")) throw new Error(`metadata sidecar: "${key}" is a reserved key`);
    if (typeof raw !== "object" || Array.isArray(raw)) {
      out[key] = raw;
      continue;
    }
    const v = raw.value;
    const value =
      v.type === "STRING"
        ? v.stringValue
        : v.type === "NUMBER"
          ? v.numberValue
          : v.type === "BOOLEAN"
            ? v.booleanValue
            : v.stringListValue;
    if (value === undefined) throw new Error(`metadata sidecar: "${key}" is ${v.type} without its value`);
    out[key] = value;
  }
  return out;
}
