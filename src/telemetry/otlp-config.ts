import { ConfigError } from "../config/config-error.ts";

/** The three OTLP signals Glassbox exports. */
export type OtlpSignal = "traces" | "metrics" | "logs";
/** The OTLP/HTTP encodings: binary protobuf (the spec's default) or JSON. */
export type OtlpProtocol = "http/protobuf" | "http/json";

/** What a caller may say about an OTLP destination (config file, `--trace otlp=<url>`, code). */
export interface OtlpSettings {
  /**
   * A base URL (`http://collector:4318`, to which `/v1/<signal>` is appended) or a full per-signal URL
   * ending in `/v1/traces`, `/v1/metrics` or `/v1/logs`, used as given.
   */
  url?: string;
  /** Full per-signal URLs, used as given (like `OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT`). */
  endpoints?: Partial<Record<OtlpSignal, string>>;
  headers?: Record<string, string>;
  protocol?: OtlpProtocol;
  /** Per-request timeout (default `OTEL_EXPORTER_OTLP_TIMEOUT` or 10 s). */
  timeoutMs?: number;
  /** SigV4-sign requests (default: on for `xray.<region>.amazonaws.com` and `logs.<region>.amazonaws.com`). */
  sigv4?: false | { service: string; region: string };
}

/** Where and how one signal is sent, after settings and environment are combined. */
export interface OtlpTarget {
  signal: OtlpSignal;
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMs: number;
  sigv4?: { service: string; region: string };
}

type Env = Record<string, string | undefined>;

const DEFAULT_BASE = "http://localhost:4318";
const DEFAULT_TIMEOUT_MS = 10_000;
const SIGNAL_PATH = /\/v1\/(traces|metrics|logs)\/?$/;
const AWS_OTLP_HOST = /^(xray|logs|monitoring)\.([a-z0-9-]+)\.amazonaws\.com$/;

/**
 * Resolves one signal's OTLP destination the way the OTLP exporter spec says: a per-signal URL is used
 * as given; a base URL gets `/v1/<signal>` appended; explicit settings win over
 * `OTEL_EXPORTER_OTLP_<SIGNAL>_*`, which win over `OTEL_EXPORTER_OTLP_*`.
 */
export function resolveOtlpTarget(
  signal: OtlpSignal,
  settings: OtlpSettings = {},
  env: Env = process.env,
): OtlpTarget {
  const key = signal.toUpperCase();
  const url = checkedUrl(...endpointFor(signal, settings, env));
  const protocol = protocolFrom(
    settings.protocol,
    env[`OTEL_EXPORTER_OTLP_${key}_PROTOCOL`],
    env.OTEL_EXPORTER_OTLP_PROTOCOL,
  );
  const headers = {
    ...parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS, "OTEL_EXPORTER_OTLP_HEADERS"),
    ...parseHeaders(env[`OTEL_EXPORTER_OTLP_${key}_HEADERS`], `OTEL_EXPORTER_OTLP_${key}_HEADERS`),
    ...settings.headers,
  };
  const timeoutMs =
    settings.timeoutMs ??
    timeoutFrom(env[`OTEL_EXPORTER_OTLP_${key}_TIMEOUT`], `OTEL_EXPORTER_OTLP_${key}_TIMEOUT`) ??
    timeoutFrom(env.OTEL_EXPORTER_OTLP_TIMEOUT, "OTEL_EXPORTER_OTLP_TIMEOUT") ??
    DEFAULT_TIMEOUT_MS;
  const sigv4 = settings.sigv4 === false ? undefined : (settings.sigv4 ?? awsSigning(url));
  return { signal, url, protocol, headers, timeoutMs, ...(sigv4 ? { sigv4 } : {}) };
}

function endpointFor(signal: OtlpSignal, settings: OtlpSettings, env: Env): [string, string] {
  const explicit = settings.endpoints?.[signal];
  if (explicit) return [explicit, `endpoints.${signal}`];
  if (settings.url) {
    const match = SIGNAL_PATH.exec(settings.url);
    // A full URL for this signal is used as given; one for another signal names the collector's base.
    if (match?.[1] === signal) return [settings.url, "url"];
    const base = match ? settings.url.slice(0, match.index) : settings.url;
    return [withSignalPath(base, signal), "url"];
  }
  const specific = env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`];
  if (specific) return [specific, `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`];
  const generic = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (generic) return [withSignalPath(generic, signal), "OTEL_EXPORTER_OTLP_ENDPOINT"];
  return [withSignalPath(DEFAULT_BASE, signal), "the default"];
}

function withSignalPath(base: string, signal: OtlpSignal): string {
  return `${base.replace(/\/+$/, "")}/v1/${signal}`;
}

function checkedUrl(url: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`OTLP endpoint from ${source} is not a URL: "${url}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new ConfigError(
      `OTLP endpoint from ${source} must be http:// or https:// (OTLP/HTTP), got "${parsed.protocol}"`,
    );
  return url;
}

function protocolFrom(...values: Array<string | undefined>): OtlpProtocol {
  const value = values.find((v) => v !== undefined && v !== "");
  if (value === undefined || value === "http/protobuf") return "http/protobuf";
  if (value === "http/json") return "http/json";
  throw new ConfigError(
    `OTLP protocol "${value}" is not supported: use http/protobuf (port 4318) or http/json; gRPC is not bundled`,
  );
}

/** Parses `key=value,key2=value2` (values percent-decoded) as the OTLP exporter spec defines headers. */
export function parseHeaders(
  text: string | undefined,
  source: string,
  lowercaseKeys = true,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!text?.trim()) return headers;
  for (const pair of text.split(",")) {
    if (!pair.trim()) continue;
    const at = pair.indexOf("=");
    const name = at > 0 ? pair.slice(0, at).trim() : "";
    if (!name)
      throw new ConfigError(`${source}: expected key=value pairs separated by commas, got "${pair}"`);
    try {
      headers[lowercaseKeys ? name.toLowerCase() : name] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      throw new ConfigError(`${source}: the value of "${name}" is not valid percent-encoding`);
    }
  }
  return headers;
}

function timeoutFrom(text: string | undefined, source: string): number | undefined {
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError(`${source}: expected a timeout in milliseconds, got "${text}"`);
  return value;
}

function awsSigning(url: string): { service: string; region: string } | undefined {
  const match = AWS_OTLP_HOST.exec(new URL(url).hostname);
  return match?.[1] && match[2] ? { service: match[1], region: match[2] } : undefined;
}
