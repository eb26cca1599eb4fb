import { type Context, context, ROOT_CONTEXT, TraceFlags, trace } from "@opentelemetry/api";
import { type AnyValueMap, type Logger as OtelLogger, SeverityNumber } from "@opentelemetry/api-logs";
import { currentTraceIds } from "./trace-context.ts";

/** Log levels, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Fields of a log line; values that look like secrets (by key) are redacted. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** The component (`glassbox.cli`, `glassbox.serve`...). */
  name?: string;
  /** Lines below this level are dropped (default `info`, or GLASSBOX_LOG_LEVEL). */
  level?: LogLevel;
  /** `json`: one JSON object per line; `text`: `glassbox: message key=value` (default). */
  format?: "json" | "text";
  /** Where lines go (default stderr). */
  write?: (line: string) => void;
  /** Also emit each line as an OTel log record (exported with the traces, correlated by the SDK). */
  telemetry?: { logger: OtelLogger };
  /** Fields put on every line. */
  fields?: LogFields;
}

/** A structured logger whose lines carry the active trace and span ids. */
export interface StructuredLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger with more fields on every line. */
  child(fields: LogFields): StructuredLogger;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const SEVERITY: Record<LogLevel, SeverityNumber> = {
  debug: SeverityNumber.DEBUG,
  info: SeverityNumber.INFO,
  warn: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
};
const SECRET_KEY =
  /authorization|secret|password|passwd|api[-_]?key|credential|cookie|(^|[-_.])(access|session|auth|bearer|id|refresh)?[-_]?token$/i;

function clean(fields: LogFields): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : value;
  }
  return out;
}

/**
 * A structured logger for the CLI and servers. Every line gets `trace_id` and `span_id` of the active
 * span (a run, a request), so logs join traces in CloudWatch, Grafana or any OTLP backend; with
 * `telemetry` the line is also an OTel log record.
 *
 * @example
 * const log = createLogger({ name: "glassbox.serve", format: "json", telemetry });
 * log.info("run finished", { outcome: result.outcome, thread: result.threadId });
 * // {"time":"…","level":"info","logger":"glassbox.serve","msg":"run finished","trace_id":"4bf9…","span_id":"00f0…","outcome":"answered",…}
 */
export function createLogger(options: LoggerOptions = {}): StructuredLogger {
  const name = options.name ?? "glassbox";
  const envLevel = process.env.GLASSBOX_LOG_LEVEL as LogLevel | undefined;
  const threshold = RANK[options.level ?? (envLevel && envLevel in RANK ? envLevel : "info")];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const otel = options.telemetry?.logger;
  const json = options.format === "json";

  const make = (base: LogFields): StructuredLogger => {
    const emit = (level: LogLevel, message: string, fields: LogFields = {}) => {
      if (RANK[level] < threshold) return;
      // Explicit ids (a run that has ended, a remote caller's) win over the active span's.
      const given = typeof fields.trace_id === "string" && typeof fields.span_id === "string";
      const ctx: Context = given
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: String(fields.trace_id),
            spanId: String(fields.span_id),
            traceFlags: TraceFlags.SAMPLED,
          })
        : context.active();
      const ids = currentTraceIds(ctx);
      const { trace_id: _t, span_id: _s, ...rest } = fields;
      const data = clean({ ...base, ...rest });
      if (json) {
        write(
          `${JSON.stringify({
            time: new Date().toISOString(),
            level,
            logger: name,
            msg: message,
            ...(ids ? { trace_id: ids.traceId, span_id: ids.spanId } : {}),
            ...data,
          })}\n`,
        );
      } else {
        const extras = Object.entries(data).map(([key, value]) => `${key}=${value}`);
        if (ids) extras.push(`trace_id=${ids.traceId}`, `span_id=${ids.spanId}`);
        write(
          `glassbox: ${level === "info" ? "" : `${level}: `}${message}${extras.length ? ` (${extras.join(" ")})` : ""}\n`,
        );
      }
      otel?.emit({
        severityNumber: SEVERITY[level],
        severityText: level.toUpperCase(),
        body: message,
        attributes: { "logger.name": name, ...data } as AnyValueMap,
        context: ctx,
      });
    };
    return {
      debug: (message, fields) => emit("debug", message, fields),
      info: (message, fields) => emit("info", message, fields),
      warn: (message, fields) => emit("warn", message, fields),
      error: (message, fields) => emit("error", message, fields),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.fields ?? {});
}
