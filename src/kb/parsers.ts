import { extname } from "node:path";
import { extractPdfText } from "./pdf-text.ts";

/** The formats the local knowledge base reads, by file extension. */
export const SUPPORTED_EXTENSIONS: Readonly<Record<string, DocumentFormat>> = {
  ".txt": "txt",
  ".text": "txt",
  ".md": "md",
  ".markdown": "md",
  ".html": "html",
  ".htm": "html",
  ".json": "json",
  ".pdf": "pdf",
  ".docx": "docx",
};
export type DocumentFormat = "txt" | "md" | "html" | "json" | "pdf" | "docx";

/** A parsed file: its text, split into pages when the format has pages (PDF). */
export interface ParsedDocument {
  format: DocumentFormat;
  text: string;
  pages?: string[];
}

/** The format of a file name, or undefined when the local knowledge base does not read it. */
export function formatOf(path: string): DocumentFormat | undefined {
  return SUPPORTED_EXTENSIONS[extname(path).toLowerCase()];
}

/** Extracts the text of a file (Bedrock's default parser: text extraction, no model). */
export async function parseDocument(bytes: Uint8Array, format: DocumentFormat): Promise<ParsedDocument> {
  switch (format) {
    case "txt":
    case "md":
      return { format, text: decodeUtf8(bytes) };
    case "html":
      return { format, text: htmlText(decodeUtf8(bytes)) };
    case "json":
      return { format, text: jsonText(JSON.parse(decodeUtf8(bytes)) as unknown) };
    case "pdf": {
      const pages = extractPdfText(bytes);
      if (!pages.length) throw new Error("no extractable text (scanned or image-only PDF?)");
      return { format, text: pages.join("\n\n"), pages };
    }
    case "docx": {
      const mammoth = await import("mammoth");
      const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
      return { format, text: result.value };
    }
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Visible text of an HTML page: scripts, styles and tags removed, block elements as line breaks. */
export function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(
      /<\/?(p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|title|blockquote|pre)\b[^>]*>/gi,
      "\n",
    )
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === "#") {
        const code =
          name[1]?.toLowerCase() === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) ? String.fromCodePoint(code) : entity;
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n\s*(\n\s*)+/g, "\n\n")
    .trim();
}

/** A JSON document as "path: value" lines, so its keys and values are both searchable. */
export function jsonText(value: unknown, path = ""): string {
  if (value === null || typeof value !== "object") return `${path ? `${path}: ` : ""}${String(value)}`;
  const entries = Array.isArray(value)
    ? value.map((item, i) => [String(i), item] as const)
    : Object.entries(value);
  return entries.map(([key, item]) => jsonText(item, path ? `${path}.${key}` : key)).join("\n");
}
