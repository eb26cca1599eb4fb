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
  traceId?: string;
  spanId?: string;
}

/** Where log lines go; one JSON object per line. */
export type LogSink = (line: string) => void;

/** The default sink: stderr, so stdout stays free for the program's own output. */
export const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

/** Writes access log lines: one JSON object per request, with time, level and message first. */
export function createAccessLog(sink: LogSink = stderrSink) {
  const write = (level: "info" | "warn" | "error", msg: string, fields: object) =>
    sink(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
  return {
    request(entry: AccessLogEntry): void {
      write(entry.status >= 500 ? "error" : entry.status >= 400 ? "warn" : "info", "request", entry);
    },
    event(msg: string, fields: Record<string, unknown> = {}): void {
      write("info", msg, fields);
    },
  };
}
export type AccessLog = ReturnType<typeof createAccessLog>;
