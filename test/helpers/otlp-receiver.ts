import { createServer, type IncomingHttpHeaders } from "node:http";
import { decodeOtlpProtobuf } from "./otlp-proto.ts";

type Signal = "traces" | "metrics" | "logs";
type Attrs = Record<string, unknown>;

/** A request an OTLP receiver got: the raw facts and the decoded body (OTLP/JSON shape). */
export interface OtlpRequest {
  path: string;
  headers: IncomingHttpHeaders;
  signal?: Signal;
  encoding: "protobuf" | "json" | "other";
  body: unknown;
}

/** One span as received, with its resource and scope, attributes as a plain object. */
export interface ReceivedSpan {
  resource: Attrs;
  scope: { name: string; version?: string };
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Attrs;
  events: Array<{ name: string; attributes: Attrs }>;
  status: { code?: number; message?: string };
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}

/** One metric data point as received. */
export interface ReceivedPoint {
  resource: Attrs;
  name: string;
  unit?: string;
  kind: "sum" | "gauge" | "histogram";
  attributes: Attrs;
  value?: number;
  count?: number;
  sum?: number;
  explicitBounds?: number[];
}

/** One log record as received. */
export interface ReceivedLog {
  resource: Attrs;
  scope: { name: string };
  eventName?: string;
  traceId?: string;
  spanId?: string;
  severityNumber?: number;
  body: unknown;
  attributes: Attrs;
}

/** Turns an OTLP AnyValue into a plain value (strings, numbers, booleans, arrays, objects). */
export function anyValue(value: unknown): unknown {
  const v = (value ?? {}) as Record<string, unknown>;
  if ("stringValue" in v) return v.stringValue;
  if ("boolValue" in v) return v.boolValue;
  if ("intValue" in v) return Number(v.intValue);
  if ("doubleValue" in v) return Number(v.doubleValue);
  if ("arrayValue" in v)
    return ((v.arrayValue as { values?: unknown[] }).values ?? []).map((item) => anyValue(item));
  if ("kvlistValue" in v) return attrs((v.kvlistValue as { values?: unknown[] }).values);
  if ("bytesValue" in v) return v.bytesValue;
  return undefined;
}

function attrs(list: unknown): Attrs {
  const out: Attrs = {};
  for (const item of (list as Array<{ key: string; value: unknown }> | undefined) ?? [])
    out[item.key] = anyValue(item.value);
  return out;
}

const SIGNALS: Record<string, Signal> = {
  "/v1/traces": "traces",
  "/v1/metrics": "metrics",
  "/v1/logs": "logs",
};

/**
 * An OTLP/HTTP receiver on loopback standing in for a collector: decodes protobuf and JSON bodies of
 * traces, metrics and logs. Paths other than `/v1/<signal>` (or the extra `paths` mapped to a signal)
 * get 404, as a collector answers; `status` makes it answer something else (e.g. 503).
 */
export async function startOtlpReceiver(
  options: { status?: number; paths?: Record<string, Signal> } = {},
): Promise<{
  url: string;
  requests: OtlpRequest[];
  spans(): ReceivedSpan[];
  points(): ReceivedPoint[];
  logs(): ReceivedLog[];
  close(): Promise<void>;
}> {
  const requests: OtlpRequest[] = [];
  const routes = { ...SIGNALS, ...options.paths };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = req.url ?? "";
    const signal = routes[path];
    const type = String(req.headers["content-type"] ?? "");
    let body: unknown = raw.toString("utf8");
    let encoding: OtlpRequest["encoding"] = "other";
    try {
      if (signal && type.startsWith("application/x-protobuf")) {
        body = decodeOtlpProtobuf(signal, raw);
        encoding = "protobuf";
      } else if (type.startsWith("application/json")) {
        body = JSON.parse(raw.toString("utf8"));
        encoding = "json";
      }
    } catch {
      // kept as text so the test shows what arrived
    }
    requests.push({ path, headers: req.headers, ...(signal ? { signal } : {}), encoding, body });
    const status = !signal ? 404 : (options.status ?? 200);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(status === 200 ? "{}" : JSON.stringify({ code: 14, message: "unavailable" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const of = (signal: Signal) =>
    requests.filter((request) => request.signal === signal && request.encoding !== "other");

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans: () =>
      of("traces").flatMap((request) =>
        ((request.body as { resourceSpans?: unknown[] }).resourceSpans ?? []).flatMap((rs) => {
          const r = rs as { resource?: { attributes?: unknown }; scopeSpans?: unknown[] };
          return (r.scopeSpans ?? []).flatMap((ss) => {
            const s = ss as { scope?: { name: string; version?: string }; spans?: unknown[] };
            return (s.spans ?? []).map((sp) => {
              const span = sp as Record<string, unknown>;
              return {
                resource: attrs(r.resource?.attributes),
                scope: {
                  name: s.scope?.name ?? "",
                  ...(s.scope?.version ? { version: s.scope.version } : {}),
                },
                traceId: String(span.traceId),
                spanId: String(span.spanId),
                ...(span.parentSpanId ? { parentSpanId: String(span.parentSpanId) } : {}),
                name: String(span.name),
                kind: Number(span.kind ?? 0),
                attributes: attrs(span.attributes),
                events: ((span.events as Array<{ name: string; attributes?: unknown }>) ?? []).map((e) => ({
                  name: e.name,
                  attributes: attrs(e.attributes),
                })),
                status: (span.status ?? {}) as { code?: number; message?: string },
                startTimeUnixNano: String(span.startTimeUnixNano),
                endTimeUnixNano: String(span.endTimeUnixNano),
              } satisfies ReceivedSpan;
            });
          });
        }),
      ),
    points: () =>
      of("metrics").flatMap((request) =>
        ((request.body as { resourceMetrics?: unknown[] }).resourceMetrics ?? []).flatMap((rm) => {
          const r = rm as { resource?: { attributes?: unknown }; scopeMetrics?: unknown[] };
          return (r.scopeMetrics ?? []).flatMap((sm) =>
            ((sm as { metrics?: unknown[] }).metrics ?? []).flatMap((m) => {
              const metric = m as Record<string, { dataPoints?: Array<Record<string, unknown>> }> & {
                name: string;
                unit?: string;
              };
              const kind = metric.histogram ? "histogram" : metric.sum ? "sum" : "gauge";
              return (metric[kind]?.dataPoints ?? []).map(
                (p) =>
                  ({
                    resource: attrs(r.resource?.attributes),
                    name: metric.name,
                    ...(metric.unit ? { unit: metric.unit } : {}),
                    kind,
                    attributes: attrs(p.attributes),
                    ...(kind === "histogram"
                      ? {
                          count: Number(p.count),
                          sum: Number(p.sum ?? 0),
                          explicitBounds: ((p.explicitBounds as unknown[]) ?? []).map(Number),
                        }
                      : { value: Number(p.asDouble ?? p.asInt ?? 0) }),
                  }) satisfies ReceivedPoint,
              );
            }),
          );
        }),
      ),
    logs: () =>
      of("logs").flatMap((request) =>
        ((request.body as { resourceLogs?: unknown[] }).resourceLogs ?? []).flatMap((rl) => {
          const r = rl as { resource?: { attributes?: unknown }; scopeLogs?: unknown[] };
          return (r.scopeLogs ?? []).flatMap((sl) => {
            const s = sl as { scope?: { name: string }; logRecords?: Array<Record<string, unknown>> };
            return (s.logRecords ?? []).map(
              (record) =>
                ({
                  resource: attrs(r.resource?.attributes),
                  scope: { name: s.scope?.name ?? "" },
                  ...(record.eventName ? { eventName: String(record.eventName) } : {}),
                  ...(record.traceId ? { traceId: String(record.traceId) } : {}),
                  ...(record.spanId ? { spanId: String(record.spanId) } : {}),
                  ...(record.severityNumber ? { severityNumber: Number(record.severityNumber) } : {}),
                  body: anyValue(record.body),
                  attributes: attrs(record.attributes),
                }) satisfies ReceivedLog,
            );
          });
        }),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
