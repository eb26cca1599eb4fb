import type { IncomingMessage } from "node:http";
import { readBody } from "../http/read-body.ts";
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
 * Reads the whole body (the shared reader, `src/http/read-body.ts`), refusing one over `limit` bytes
 * with a 413 and one still arriving after `timeoutMs` with a 408.
 */
export function readInvocationBody(
  req: IncomingMessage,
  limit = MAX_PAYLOAD_BYTES,
  /** A body still arriving after this long holds a concurrency slot for nothing: 408. */
  timeoutMs = 120_000,
): Promise<Buffer> {
  return readBody(req, {
    limit,
    timeoutMs,
    tooLarge: () =>
      new RequestRejectedError(
        "PayloadTooLarge",
        `the payload is over ${limit} bytes (AgentCore Runtime's payload limit is ${MAX_PAYLOAD_BYTES})`,
      ),
    timedOut: () => new RequestRejectedError("BodyTimeout", `the body did not arrive within ${timeoutMs} ms`),
  });
}
