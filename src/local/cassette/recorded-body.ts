import type { RecordedBody } from "./cassette-schema.ts";

/**
 * Bytes as a cassette keeps them: parsed JSON when re-serialising gives the very same bytes, UTF-8
 * text when they decode losslessly, base64 otherwise; undefined for an empty body.
 */
export function toRecordedBody(bytes: Buffer): RecordedBody | undefined {
  if (!bytes.length) return undefined;
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes)) return { base64: bytes.toString("base64") };
  try {
    const json: unknown = JSON.parse(text);
    if (JSON.stringify(json) === text) return { json };
  } catch {
    // not JSON: kept as text
  }
  return { text };
}

/** The bytes a recorded body stands for. */
export function recordedBodyBytes(body: RecordedBody | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  if ("json" in body) return Buffer.from(JSON.stringify(body.json), "utf8");
  if ("text" in body) return Buffer.from(body.text, "utf8");
  return Buffer.from(body.base64, "base64");
}
