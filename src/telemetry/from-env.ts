import { regionFromEnv } from "../model/credentials.ts";
import { CAPTURE_CONTENT_ENV } from "./attributes.ts";
import { type ExporterSpec, parseExporterSpec } from "./exporter-spec.ts";
import type { OtlpSignal } from "./otlp-config.ts";
import { detectProfile } from "./profile.ts";
import { disabledTelemetry, setupTelemetry, type Telemetry, type TelemetryOptions } from "./setup.ts";

type Env = Record<string, string | undefined>;

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * The exporters the environment asks for, as an OTel SDK reads it:
 * - `GLASSBOX_TRACE`: `--trace` forms separated by spaces or `;` (e.g. `otlp=http://collector:4318 console`);
 * - `OTEL_TRACES_EXPORTER` (`otlp`, `console`, `none`), `OTEL_METRICS_EXPORTER`, `OTEL_LOGS_EXPORTER`;
 * - an `OTEL_EXPORTER_OTLP_*ENDPOINT` alone turns OTLP on;
 * - on AgentCore (`AGENT_OBSERVABILITY_ENABLED=true`) without endpoints, ADOT's defaults: traces to
 *   `https://xray.<region>.amazonaws.com/v1/traces`, logs to `https://logs.<region>.amazonaws.com/v1/logs`
 *   (SigV4-signed).
 * `OTEL_SDK_DISABLED=true` turns everything off.
 */
export function exportersFromEnv(env: Env = process.env): ExporterSpec[] {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === "true") return [];
  const explicit = (env.GLASSBOX_TRACE ?? "").split(/[\s;]+/).filter(Boolean);
  if (explicit.length) return explicit.map(parseExporterSpec);

  const traces = list(env.OTEL_TRACES_EXPORTER);
  const specs: ExporterSpec[] = [];
  if (traces.includes("console")) specs.push({ type: "console" });
  const endpoints = ["", "TRACES_", "METRICS_", "LOGS_"].some((s) => env[`OTEL_EXPORTER_OTLP_${s}ENDPOINT`]);
  const agentObservability = env.AGENT_OBSERVABILITY_ENABLED?.toLowerCase() === "true";
  const otlp = traces.includes("otlp") || (!traces.length && (endpoints || agentObservability));
  if (!otlp) return specs;

  const signals: OtlpSignal[] = ["traces"];
  const metrics = list(env.OTEL_METRICS_EXPORTER);
  const logs = list(env.OTEL_LOGS_EXPORTER);
  if (metrics.includes("otlp") || (!metrics.length && !agentObservability)) signals.push("metrics");
  if (!logs.includes("none")) signals.push("logs");
  const region = regionFromEnv(env);
  if (agentObservability && !endpoints && region) {
    specs.push({
      type: "otlp",
      endpoints: {
        traces: `https://xray.${region}.amazonaws.com/v1/traces`,
        logs: `https://logs.${region}.amazonaws.com/v1/logs`,
      },
      signals: signals.filter((signal) => signal !== "metrics"),
    });
  } else specs.push({ type: "otlp", signals });
  return specs;
}

let shared: Telemetry | undefined;

/**
 * Telemetry configured from the environment alone (see {@link exportersFromEnv}), shared by every graph
 * of the process: what the graphs in `langgraph.json` use, so runs started from LangGraph Studio are
 * traced with the standard `OTEL_*` variables (`glassbox studio --trace …` sets them). Tracing is off
 * when the environment asks for nothing. Spans are flushed every second and when the process ends.
 */
export function telemetryFromEnv(env: Env = process.env, options: TelemetryOptions = {}): Telemetry {
  if (shared) return shared;
  const exporters = exportersFromEnv(env);
  if (!exporters.length) return disabledTelemetry();
  shared = setupTelemetry({
    env,
    exporters,
    captureContent: env[CAPTURE_CONTENT_ENV] === "true",
    profile: detectProfile(env),
    scheduleDelayMs: Number(env.OTEL_BSP_SCHEDULE_DELAY) || 1_000,
    ...options,
  });
  const telemetry = shared;
  process.once("beforeExit", () => void telemetry.shutdown({ timeoutMs: 2_000 }));
  return telemetry;
}
