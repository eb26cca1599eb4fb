import { readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { HumanMessage } from "@langchain/core/messages";
import { GlassboxError } from "../errors.ts";
import { imageSize, sniffImageFormat } from "./image-header.ts";

/** A file given as input that breaks Bedrock's rules (format, size, count, name) or cannot be read. */
export class FileInputError extends GlassboxError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: "FILE_INPUT_INVALID", cause: options.cause });
  }
}

export type DocumentFormat = "pdf" | "csv" | "doc" | "docx" | "xls" | "xlsx" | "html" | "txt" | "md";
export type ImageFormat = "png" | "jpeg" | "gif" | "webp";

/**
 * A file for a user turn: a path on disk, an `s3://bucket/key` URI (Bedrock reads it; the model must
 * support S3 sources), or bytes with a file name.
 */
export type FileInput =
  | string
  | { bytes: Uint8Array; name: string; format?: DocumentFormat | ImageFormat }
  | { s3Uri: string; name?: string; format?: DocumentFormat | ImageFormat; bucketOwner?: string };

/** Options of {@link userMessage}. */
export interface UserMessageOptions {
  files?: readonly FileInput[];
  /** Ask for Converse citations from the documents (`citations: { enabled: true }`). */
  citations?: boolean;
}

const DOCUMENT_FORMATS: Record<string, DocumentFormat> = {
  ".pdf": "pdf",
  ".csv": "csv",
  ".doc": "doc",
  ".docx": "docx",
  ".xls": "xls",
  ".xlsx": "xlsx",
  ".html": "html",
  ".htm": "html",
  ".txt": "txt",
  ".md": "md",
  ".markdown": "md",
};
const IMAGE_FORMATS: Record<string, ImageFormat> = {
  ".png": "png",
  ".jpg": "jpeg",
  ".jpeg": "jpeg",
  ".gif": "gif",
  ".webp": "webp",
};

/** Bedrock's Converse limits on files in one request (API_runtime_Message). */
export const FILE_LIMITS = {
  documents: 5,
  documentBytes: 4.5 * 1024 * 1024,
  images: 20,
  imageBytes: 3.75 * 1024 * 1024,
  imagePixels: 8000,
  nameLength: 200,
} as const;

const NAME_RULE =
  "letters, digits, single spaces, hyphens, underscores, parentheses and square brackets, at most 200 characters";
const VALID_NAME = /^(?!.*\s\s)[A-Za-z0-9\s\-()[\]_]{1,200}$/;

/** A document name Bedrock accepts, made from a file name: extension dropped, other characters spaced out. */
export function documentName(fileName: string): string {
  const stem = basename(fileName, extname(fileName));
  const cleaned = stem
    .replace(/[^A-Za-z0-9\s\-()[\]_]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, FILE_LIMITS.nameLength)
    .trim();
  return cleaned || "document";
}

type Block = Record<string, unknown>;

interface Loaded {
  label: string;
  name: string;
  format: DocumentFormat | ImageFormat;
  kind: "document" | "image";
  source: Block;
  size?: number;
  bytes?: Buffer;
}

function formatOf(
  label: string,
  name: string,
  bytes: Buffer | undefined,
  given?: DocumentFormat | ImageFormat,
) {
  const extension = extname(name).toLowerCase();
  const sniffed = bytes ? sniffImageFormat(bytes) : undefined;
  const format = given ?? sniffed ?? IMAGE_FORMATS[extension] ?? DOCUMENT_FORMATS[extension];
  if (!format)
    throw new FileInputError(
      `${label}: cannot tell the file's format from "${extension || "no extension"}"; Converse takes pdf, csv, doc, docx, xls, xlsx, html, txt, md documents and png, jpeg, gif, webp images`,
    );
  const kind: Loaded["kind"] = Object.values(IMAGE_FORMATS).includes(format as ImageFormat)
    ? "image"
    : "document";
  if (kind === "image" && sniffed && sniffed !== format)
    throw new FileInputError(`${label}: the file is ${sniffed} data, not ${format}`);
  return { format, kind };
}

async function load(input: FileInput, index: number): Promise<Loaded> {
  if (typeof input === "string" && input.startsWith("s3://")) return load({ s3Uri: input }, index);
  if (typeof input === "string") {
    let bytes: Buffer;
    try {
      if (!(await stat(input)).isFile()) throw new Error("not a regular file");
      bytes = await readFile(input);
    } catch (error) {
      throw new FileInputError(`${input}: cannot read the file (${(error as Error).message})`, {
        cause: error,
      });
    }
    const { format, kind } = formatOf(input, input, bytes);
    return {
      label: input,
      name: documentName(input),
      format,
      kind,
      source: { bytes: bytes.toString("base64") },
      size: bytes.length,
      bytes,
    };
  }
  if ("s3Uri" in input) {
    const label = input.s3Uri;
    if (!/^s3:\/\/[^/]+\/.+/.test(input.s3Uri))
      throw new FileInputError(`${label}: expected an s3://bucket/key URI`);
    const fileName = input.name ?? input.s3Uri.split("/").at(-1) ?? "document";
    const { format, kind } = formatOf(label, fileName, undefined, input.format);
    const name = input.name ?? documentName(fileName);
    return {
      label,
      name,
      format,
      kind,
      source: {
        s3Location: { uri: input.s3Uri, ...(input.bucketOwner ? { bucketOwner: input.bucketOwner } : {}) },
      },
    };
  }
  const label = input.name || `file ${index + 1}`;
  const bytes = Buffer.from(input.bytes);
  if (!bytes.length) throw new FileInputError(`${label}: the file is empty`);
  const { format, kind } = formatOf(label, input.name, bytes, input.format);
  return {
    label,
    name: documentName(input.name),
    format,
    kind,
    source: { bytes: bytes.toString("base64") },
    size: bytes.length,
    bytes,
  };
}

/** Checks the files against Bedrock's limits, before anything is sent. */
function checkLimits(files: Loaded[]): void {
  const documents = files.filter((file) => file.kind === "document");
  const images = files.filter((file) => file.kind === "image");
  if (documents.length > FILE_LIMITS.documents)
    throw new FileInputError(
      `${documents.length} documents given; Bedrock takes at most ${FILE_LIMITS.documents} per request`,
    );
  if (images.length > FILE_LIMITS.images)
    throw new FileInputError(
      `${images.length} images given; Bedrock takes at most ${FILE_LIMITS.images} per request`,
    );
  const names = new Set<string>();
  for (const file of files) {
    const mb = ((file.size ?? 0) / 1024 / 1024).toFixed(2);
    if (file.kind === "document" && (file.size ?? 0) > FILE_LIMITS.documentBytes)
      throw new FileInputError(`${file.label}: ${mb} MB; Bedrock takes documents up to 4.5 MB`);
    if (file.kind === "image") {
      if ((file.size ?? 0) > FILE_LIMITS.imageBytes)
        throw new FileInputError(`${file.label}: ${mb} MB; Bedrock takes images up to 3.75 MB`);
      const size = file.bytes ? imageSize(file.bytes) : undefined;
      if (size && (size.width > FILE_LIMITS.imagePixels || size.height > FILE_LIMITS.imagePixels))
        throw new FileInputError(
          `${file.label}: ${size.width}×${size.height} px; Bedrock takes images up to 8000×8000 px`,
        );
      continue;
    }
    if (!VALID_NAME.test(file.name))
      throw new FileInputError(`${file.label}: document name "${file.name}": use ${NAME_RULE}`);
    let unique = file.name;
    for (let n = 2; names.has(unique); n++)
      unique = `${file.name.slice(0, FILE_LIMITS.nameLength - 4)} (${n})`;
    file.name = unique;
    names.add(unique);
  }
}

/**
 * A user turn with files, as Converse `document` and `image` blocks followed by the text (Bedrock wants
 * a text block with every document). Formats, sizes, counts and document names are checked against
 * Bedrock's limits here, before any call; names made from file names are cleaned and made unique.
 *
 * @example
 * const message = await userMessage("What does the contract say about renewal?", {
 *   files: ["./contract.pdf", "s3://acme-legal/annex.docx"],
 *   citations: true,
 * });
 * const result = await agent.invoke([message]);
 * console.log(result.citations);
 */
export async function userMessage(text: string, options: UserMessageOptions = {}): Promise<HumanMessage> {
  if (!text.trim())
    throw new FileInputError("a user turn with files needs text too (Bedrock requires a text block)");
  const files = await Promise.all((options.files ?? []).map((file, i) => load(file, i)));
  checkLimits(files);
  const blocks: Block[] = files.map((file) =>
    file.kind === "image"
      ? { type: "image", image: { format: file.format, source: file.source } }
      : {
          type: "document",
          document: {
            format: file.format,
            name: file.name,
            source: file.source,
            ...(options.citations ? { citations: { enabled: true } } : {}),
          },
        },
  );
  return new HumanMessage({ content: [...blocks, { type: "text", text }] as never });
}
