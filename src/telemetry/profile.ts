import { ConfigError } from "../config/config-error.ts";
import { AGENTCORE_SCOPE } from "./attributes.ts";
import { parseHeaders } from "./otlp-config.ts";

/** How spans are shaped: Glassbox's own, or what AgentCore Observability and Evaluations read. */
export type TelemetryProfile = "default" | "agentcore";

/** Settings of the `agentcore` profile; each falls back to the ADOT environment variables. */
export interface AgentCoreSettings {
  /** CloudWatch log group for the content events (`aws.log.group.names`, `x-aws-log-group`). */
  logGroup?: string;
  /** Log stream in that group (`x-aws-log-stream`, default `default`). */
  logStream?: string;
  /** Instrumentation scope of the agent-loop spans (default `opentelemetry.instrumentation.langchain`). */
  scopeName?: string;
}

type Env = Record<string, string | undefined>;

const truthy = (value: string | undefined) => value?.toLowerCase() === "true";

/**
 * The profile the environment asks for: `agentcore` on AgentCore Runtime or wherever the ADOT variables
 * are set (`AGENT_OBSERVABILITY_ENABLED=true`, a log group in `OTEL_RESOURCE_ATTRIBUTES` or
 * `OTEL_EXPORTER_OTLP_LOGS_HEADERS`), unless `DISABLE_ADOT_OBSERVABILITY=true`; `GLASSBOX_TELEMETRY_PROFILE`
 * overrides both ways.
 */
export function detectProfile(env: Env = process.env): TelemetryProfile {
  const forced = env.GLASSBOX_TELEMETRY_PROFILE;
  if (forced === "agentcore" || forced === "default") return forced;
  if (forced)
    throw new ConfigError(`GLASSBOX_TELEMETRY_PROFILE: expected agentcore or default, got "${forced}"`);
  if (truthy(env.DISABLE_ADOT_OBSERVABILITY)) return "default";
  if (truthy(env.AGENT_OBSERVABILITY_ENABLED)) return "agentcore";
  if (resourceAttributesFromEnv(env)["aws.log.group.names"]) return "agentcore";
  if (parseHeaders(env.OTEL_EXPORTER_OTLP_LOGS_HEADERS, "OTEL_EXPORTER_OTLP_LOGS_HEADERS")["x-aws-log-group"])
    return "agentcore";
  return "default";
}

/** `OTEL_RESOURCE_ATTRIBUTES` (`key=value,...`, values percent-decoded) with `OTEL_SERVICE_NAME` over it. */
export function resourceAttributesFromEnv(env: Env = process.env): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    parseHeaders(env.OTEL_RESOURCE_ATTRIBUTES, "OTEL_RESOURCE_ATTRIBUTES", false),
  )) {
    attributes[key] = value;
  }
  if (env.OTEL_SERVICE_NAME) attributes["service.name"] = env.OTEL_SERVICE_NAME;
  return attributes;
}

/** What the `agentcore` profile adds: resource attributes, the logs headers, and the loop's scope. */
export interface AgentCoreShape {
  scopeName: string;
  resource: Record<string, string>;
  /** Headers for the OTLP logs exporter: CloudWatch files the records under this group and stream. */
  logsHeaders: Record<string, string>;
}

/**
 * Resolves the `agentcore` profile's resource and headers. AgentCore needs `service.name` and
 * `aws.log.group.names` on the resource, and the content events in that log group: a log group must come
 * from the settings, `OTEL_RESOURCE_ATTRIBUTES` or `OTEL_EXPORTER_OTLP_LOGS_HEADERS`, or this throws.
 */
export function agentCoreShape(
  settings: AgentCoreSettings,
  resource: Record<string, string>,
  env: Env = process.env,
): AgentCoreShape {
  const headers = parseHeaders(env.OTEL_EXPORTER_OTLP_LOGS_HEADERS, "OTEL_EXPORTER_OTLP_LOGS_HEADERS");
  const logGroup = settings.logGroup ?? resource["aws.log.group.names"] ?? headers["x-aws-log-group"];
  if (!logGroup)
    throw new ConfigError(
      "the agentcore telemetry profile needs a CloudWatch log group for its events: set telemetry.agentcore.logGroup, " +
        "aws.log.group.names in OTEL_RESOURCE_ATTRIBUTES, or x-aws-log-group in OTEL_EXPORTER_OTLP_LOGS_HEADERS",
    );
  const logStream = settings.logStream ?? headers["x-aws-log-stream"] ?? "default";
  return {
    scopeName: settings.scopeName ?? AGENTCORE_SCOPE,
    resource: { "aws.log.group.names": logGroup },
    logsHeaders: { ...headers, "x-aws-log-group": logGroup, "x-aws-log-stream": logStream },
  };
}
