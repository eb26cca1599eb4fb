import type { WireEvent } from "./invocation.ts";

/** AgentCore Runtime's limit on one streamed chunk (10 MB); an event is one chunk. */
export const MAX_STREAM_CHUNK_BYTES = 10 * 1024 * 1024;

/**
 * One server-sent event: `event: <type>` and the event as JSON in `data` (the type is in the JSON too,
 * for clients that read only `data` lines). JSON never contains a raw newline, so one `data` line holds it.
 */
export function sseEvent(event: WireEvent): string {
  const frame = `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
  if (Buffer.byteLength(frame) <= MAX_STREAM_CHUNK_BYTES) return frame;
  const oversized: WireEvent = {
    type: "error",
    code: "ResponseTooLarge",
    message: `a ${event.type} event is over AgentCore's 10 MB streaming chunk limit`,
    status: 500,
    requestId: event.type === "done" ? event.result.requestId : "",
  };
  return `event: error\ndata: ${JSON.stringify(oversized)}\n\n`;
}

/** An SSE comment line: keeps proxies from closing a quiet stream (a model call can take a while). */
export const SSE_KEEPALIVE = ": keep-alive\n\n";
