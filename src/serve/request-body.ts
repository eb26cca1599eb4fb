import type { IncomingMessage } from "node:http";
import { RequestRejectedError } from "./invocation-errors.ts";

/** AgentCore Runtime's largest request or response payload (InvokeAgentRuntime `payload`: 100,000,000 bytes). */
export const MAX_PAYLOAD_BYTES = 100_000_000;

/** The media types an invocation body may have. */
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** Refuses a body that is not JSON (415), naming the header. */
export function requireJson(contentType: string | undefined): void {
  if (contentType && JSON_TYPE.test(contentType)) return;
  throw new RequestRejectedError(
    "UnsupportedMediaType",
    `content-type: expected application/json, got ${contentType ? `"${contentType}"` : "none"}`,
  );
}

/**
 * Reads the whole body, refusing (413) one over `limit` bytes: at once from `content-length`, else
 * as soon as the count passes the limit, without buffering the rest.
 */
export async function readBody(
  req: IncomingMessage,
  limit = MAX_PAYLOAD_BYTES,
  /** A body still arriving after this long holds a concurrency slot for nothing: 408. */
  timeoutMs = 120_000,
): Promise<Buffer> {
  const tooLarge = () =>
    new RequestRejectedError(
      "PayloadTooLarge",
      `the payload is over ${limit} bytes (AgentCore Runtime's payload limit is ${MAX_PAYLOAD_BYTES})`,
    );
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      req.off("data", onData);
      req.resume();
      reject(new RequestRejectedError("BodyTimeout", `the body did not arrive within ${timeoutMs} ms`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Stop keeping the body but let it drain, so the 413 can still be sent on this connection.
      clearTimeout(timer);
      req.off("data", onData);
      req.resume();
      reject(tooLarge());
    };
    req.on("data", onData);
    req.once("end", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks, size));
    });
    req.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
