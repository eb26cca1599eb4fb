import { extractPdfText } from "../kb/pdf-text.ts";

export { imageSize, sniffImageFormat } from "../files/image-header.ts";

type Block = Record<string, unknown>;

/** Raw bytes of a `source.bytes` field as the SDK sends it (base64 in JSON). */
export function sourceBytes(source: unknown): Buffer | undefined {
  const bytes = (source as { bytes?: unknown } | undefined)?.bytes;
  return typeof bytes === "string" ? Buffer.from(bytes, "base64") : undefined;
}

const TEXT_FORMATS = new Set(["txt", "md", "html", "csv"]);

/** The text of a document block, one entry per page (a text document is one page). */
export function documentPages(document: Block): string[] {
  const source = (document.source ?? {}) as Block;
  if (typeof source.text === "string") return [source.text];
  if (Array.isArray(source.content))
    return [
      (source.content as Block[]).map((part) => (typeof part.text === "string" ? part.text : "")).join("\n"),
    ];
  const bytes = sourceBytes(source);
  if (!bytes) return [];
  const format = String(document.format ?? "txt");
  if (TEXT_FORMATS.has(format)) return [bytes.toString("utf8")];
  if (format === "pdf") {
    try {
      return extractPdfText(bytes);
    } catch {
      return [];
    }
  }
  return [];
}
