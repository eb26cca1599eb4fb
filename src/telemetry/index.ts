/**
 * @module
 * Telemetry: `setupTelemetry` builds the tracer an agent reports its spans to (console tree, OTLP,
 * JSONL, in memory), with the GenAI semantic conventions' event and operation names.
 */
export { EVENT, OPERATION } from "./attributes.ts";
export type { ExporterSpec } from "./exporter-spec.ts";
export { ExporterSpecSchema, parseExporterSpec } from "./exporter-spec.ts";
export type { Telemetry, TelemetryOptions } from "./setup.ts";
export { disabledTelemetry, setupTelemetry } from "./setup.ts";
