import type { StructuredLogger } from "../telemetry/logger.ts";

/** One request as the access log records it (no payload, no answer: those are content). */
export interface AccessLogEntry {
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  sessionId?: string;
  /** `json`, `sse` or `ws`. */
  mode?: string;
  /** The run's outcome (`answered`, `interrupted`...) or the error code. */
  outcome?: string;
  bytesIn?: number;
  bytesOut?: number;
  remoteAddress?: string;
  /** The request's trace (its server span, or the caller's): the line's `trace_id` and `span_id`. */
  traceId?: string;
  spanId?: string;
}

/**
 * Writes a request's access-log line (`msg: "request"`) through the shared structured logger: 5xx at
 * `error`, 4xx at `warn`, the rest at `info`, with the request's trace and span ids.
 */
export function logRequest(logger: StructuredLogger, entry: AccessLogEntry): void {
  const { traceId, spanId, ...fields } = entry;
  const level = entry.status >= 500 ? "error" : entry.status >= 400 ? "warn" : "info";
  logger[level]("request", {
    ...fields,
    ...(traceId && spanId ? { trace_id: traceId, span_id: spanId } : {}),
  });
}
