/**
 * @module
 * Telemetry: `setupTelemetry` builds the tracer, meter and logger an agent reports to (console tree and
 * metrics summary, OTLP/HTTP traces, metrics and logs, OTLP/JSON lines, in memory), with the GenAI
 * semantic conventions' names; the `agentcore` profile shapes them for AgentCore Observability and
 * Evaluations. `telemetryFromEnv` configures it from `OTEL_*`; `createLogger` writes log lines joined
 * to traces; the trace-context helpers carry W3C context across HTTP.
 */
export { AGENTCORE_SCOPE, EVENT, LOG_EVENT, METRIC, OPERATION } from "./attributes.ts";
export type { ExporterSpec } from "./exporter-spec.ts";
export { ExporterSpecSchema, parseExporterSpec } from "./exporter-spec.ts";
export { exportersFromEnv, telemetryFromEnv } from "./from-env.ts";
export type { LogFields, LoggerOptions, LogLevel, StructuredLogger } from "./logger.ts";
export { createLogger } from "./logger.ts";
export type { OtlpProtocol, OtlpSettings, OtlpSignal } from "./otlp-config.ts";
export { OtlpExportError } from "./otlp-error.ts";
export type { OtlpFailure } from "./otlp-exporters.ts";
export type { AgentCoreSettings, TelemetryProfile } from "./profile.ts";
export { detectProfile } from "./profile.ts";
export type { RunMetrics, ToolCallCounts } from "./run-metrics.ts";
export type { Telemetry, TelemetryOptions, TelemetryReport } from "./setup.ts";
export { disabledTelemetry, setupTelemetry } from "./setup.ts";
export type { Headers as TraceHeaders } from "./trace-context.ts";
export {
  currentTraceIds,
  extractTraceContext,
  injectTraceContext,
  withTraceContext,
} from "./trace-context.ts";
