import { z } from "zod";
import { ConfigError } from "../config/config-error.ts";

/** Where spans go. */
export const ExporterSpecSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("console") }).strict(),
  z
    .object({
      type: z.literal("otlp"),
      url: z.url().optional(),
      headers: z.record(z.string(), z.string()).optional(),
    })
    .strict(),
  z.object({ type: z.literal("jsonl"), path: z.string().min(1) }).strict(),
  z.object({ type: z.literal("memory") }).strict(),
]);
export type ExporterSpec = z.infer<typeof ExporterSpecSchema>;

const FORMS = "console, otlp, otlp=<url>, jsonl=<path> or memory";

/** Parses the `--trace` forms: `console`, `otlp`, `otlp=http://host:4318`, `jsonl=spans.jsonl`, `memory`. */
export function parseExporterSpec(text: string): ExporterSpec {
  const [kind = "", ...rest] = text.split("=");
  const value = rest.join("=");
  const spec =
    kind === "console" || kind === "memory"
      ? { type: kind }
      : kind === "otlp"
        ? value
          ? { type: "otlp", url: value }
          : { type: "otlp" }
        : kind === "jsonl"
          ? { type: "jsonl", path: value }
          : undefined;
  const parsed = spec ? ExporterSpecSchema.safeParse(spec) : undefined;
  if (!parsed?.success) throw new ConfigError(`--trace "${text}": expected ${FORMS}`);
  return parsed.data;
}
