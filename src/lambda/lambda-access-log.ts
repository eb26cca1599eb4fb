import { type AccessLogEntry, logRequest } from "../serve/access-log.ts";
import type { InvocationResult, WireEvent } from "../serve/invocation.ts";
import type { StructuredLogger } from "../telemetry/logger.ts";

/**
 * The access-log line of one Lambda invocation (the same `request` line `glassbox serve` writes: ids,
 * status, duration, outcome, never the payload or the answer), filled in as the invocation goes and
 * written once when it ends. CloudWatch Logs reads it from stderr.
 */
export function lambdaAccessLog(
  logger: StructuredLogger,
  start: { requestId: string; method: string; path: string },
) {
  const started = performance.now();
  const entry: AccessLogEntry = { ...start, status: 0, durationMs: 0 };
  return {
    entry,
    /** Takes the run's outcome and trace from its result (or a streamed `done` / `error` event). */
    saw(event: InvocationResult | WireEvent): void {
      const result = "type" in event ? (event.type === "done" ? event.result : undefined) : event;
      if ("type" in event && event.type === "error") entry.outcome = event.code;
      if (!result) return;
      entry.outcome = result.outcome;
      if (result.trace) {
        entry.traceId = result.trace.traceId;
        entry.spanId = result.trace.spanId;
      }
    },
    end(status: number, bytesOut?: number): void {
      entry.status = status;
      entry.durationMs = Math.round((performance.now() - started) * 10) / 10;
      if (bytesOut !== undefined) entry.bytesOut = bytesOut;
      logRequest(logger, entry);
    },
  };
}
