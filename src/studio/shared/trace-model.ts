import { GlassboxError } from "../../errors.ts";
/**
 * Spans as the Studio shows them, read from OTLP/JSON (`ExportTraceServiceRequest`: one per line in
 * Glassbox's JSONL trace files, or one document) or taken from the running process, and laid out as a
 * waterfall: rows in start order under their parents, bars on one time axis.
 */

export type AttributeValue = string | number | boolean | null | AttributeValue[];

export interface SpanEvent {
  name: string;
  /** Milliseconds since the Unix epoch. */
  timeMs: number;
  attributes: Record<string, AttributeValue>;
}

/** One span, with times in epoch milliseconds. */
export interface TraceSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, AttributeValue>;
  events: SpanEvent[];
  status: { code: "unset" | "ok" | "error"; message?: string };
  service?: string;
}

/** A trace file that cannot be read, with the line that is wrong. */
export class TraceFileError extends GlassboxError {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`, { code: "TRACE_FILE_INVALID" });
  }
}

const KINDS = ["unspecified", "internal", "server", "client", "producer", "consumer"];

type OtlpValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: OtlpValue[] };
  kvlistValue?: { values?: Array<{ key: string; value?: OtlpValue }> };
  bytesValue?: string;
};
type OtlpKeyValue = { key: string; value?: OtlpValue };
type OtlpSpan = {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number | string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  events?: Array<{ name?: string; timeUnixNano?: string | number; attributes?: OtlpKeyValue[] }>;
  status?: { code?: number | string; message?: string };
};
type OtlpRequest = {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
  }>;
};

function attributeValue(value: OtlpValue | undefined): AttributeValue {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(attributeValue);
  if (value.kvlistValue)
    return JSON.stringify(
      Object.fromEntries((value.kvlistValue.values ?? []).map((kv) => [kv.key, attributeValue(kv.value)])),
    );
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

const attributesOf = (list: OtlpKeyValue[] | undefined) =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, attributeValue(kv.value)]));

/** Nanoseconds (a decimal string, as OTLP/JSON writes 64-bit numbers) to milliseconds. */
function nanosToMs(value: string | number | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === "number") return value / 1e6;
  // Split so the 19-digit value keeps its sub-millisecond part without BigInt precision games.
  const digits = value.trim();
  if (!/^\d+$/.test(digits)) return Number.NaN;
  if (digits.length <= 6) return Number(digits) / 1e6;
  return Number(digits.slice(0, -6)) + Number(digits.slice(-6)) / 1e6;
}

const hexId = (id: string | undefined) => {
  if (!id) return "";
  // OTLP/JSON writes ids as hex; protobuf-JSON converters write base64. Accept both.
  if (/^[0-9a-f]+$/i.test(id)) return id.toLowerCase();
  try {
    return [...atob(id)].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
  } catch {
    return id;
  }
};

function statusOf(status: OtlpSpan["status"]): TraceSpan["status"] {
  const code = status?.code;
  const name =
    code === 2 || code === "STATUS_CODE_ERROR"
      ? "error"
      : code === 1 || code === "STATUS_CODE_OK"
        ? "ok"
        : "unset";
  return { code: name, ...(status?.message ? { message: status.message } : {}) };
}

/** The spans of one `ExportTraceServiceRequest`. */
export function spansOfRequest(request: OtlpRequest, line?: number): TraceSpan[] {
  if (!request || typeof request !== "object" || !Array.isArray(request.resourceSpans))
    throw new TraceFileError(
      'expected an OTLP/JSON ExportTraceServiceRequest ({"resourceSpans": [...]})',
      line,
    );
  const spans: TraceSpan[] = [];
  for (const resource of request.resourceSpans) {
    const service = attributesOf(resource.resource?.attributes)["service.name"];
    for (const scope of resource.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        const startMs = nanosToMs(span.startTimeUnixNano);
        const endMs = nanosToMs(span.endTimeUnixNano);
        if (!span.traceId || !span.spanId || !Number.isFinite(startMs) || !Number.isFinite(endMs))
          throw new TraceFileError(
            `span "${span.name ?? "?"}" lacks traceId, spanId or valid start/end times`,
            line,
          );
        const parent = hexId(span.parentSpanId);
        spans.push({
          traceId: hexId(span.traceId),
          spanId: hexId(span.spanId),
          ...(parent ? { parentSpanId: parent } : {}),
          name: span.name ?? "(unnamed)",
          kind:
            typeof span.kind === "number"
              ? (KINDS[span.kind] ?? "unspecified")
              : String(span.kind ?? "unspecified")
                  .replace(/^SPAN_KIND_/, "")
                  .toLowerCase(),
          startMs,
          endMs: Math.max(endMs, startMs),
          attributes: attributesOf(span.attributes),
          events: (span.events ?? []).map((event) => ({
            name: event.name ?? "",
            timeMs: nanosToMs(event.timeUnixNano),
            attributes: attributesOf(event.attributes),
          })),
          status: statusOf(span.status),
          ...(typeof service === "string" ? { service } : {}),
        });
      }
    }
  }
  return spans;
}

/**
 * Reads a trace file: JSON lines (Glassbox's `--trace jsonl=…`, one request per line) or one OTLP/JSON
 * document. A line that is not a request is an error naming the line.
 */
export function parseTraceFile(text: string): TraceSpan[] {
  const trimmed = text.trim();
  if (!trimmed) throw new TraceFileError("the file is empty");
  try {
    return spansOfRequest(JSON.parse(trimmed) as OtlpRequest);
  } catch (error) {
    if (error instanceof TraceFileError) throw error;
    // Not one document: JSON lines.
  }
  const spans: TraceSpan[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let request: OtlpRequest;
    try {
      request = JSON.parse(line) as OtlpRequest;
    } catch (error) {
      throw new TraceFileError(`not JSON (${(error as Error).message})`, i + 1);
    }
    spans.push(...spansOfRequest(request, i + 1));
  });
  return spans;
}

/** A trace: its spans and where it starts and ends. */
export interface TraceSummary {
  traceId: string;
  rootName: string;
  startMs: number;
  endMs: number;
  spanCount: number;
  errors: number;
}

/** The traces among spans, oldest first. */
export function tracesOf(spans: readonly TraceSpan[]): TraceSummary[] {
  const byTrace = new Map<string, TraceSpan[]>();
  for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  return [...byTrace.entries()]
    .map(([traceId, list]) => {
      const ids = new Set(list.map((span) => span.spanId));
      const root = list.find((span) => !span.parentSpanId || !ids.has(span.parentSpanId)) ?? list[0];
      return {
        traceId,
        rootName: root?.name ?? "",
        startMs: Math.min(...list.map((span) => span.startMs)),
        endMs: Math.max(...list.map((span) => span.endMs)),
        spanCount: list.length,
        errors: list.filter((span) => span.status.code === "error").length,
      };
    })
    .sort((a, b) => a.startMs - b.startMs);
}

/** One bar of the waterfall. */
export interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  /** Offset and length on the axis, in milliseconds from the first span's start. */
  offsetMs: number;
  durationMs: number;
}

/** The waterfall of some spans: rows depth-first in start order, and the axis length. */
export function waterfallRows(spans: readonly TraceSpan[]): { rows: WaterfallRow[]; totalMs: number } {
  if (!spans.length) return { rows: [], totalMs: 0 };
  const origin = Math.min(...spans.map((span) => span.startMs));
  const totalMs = Math.max(...spans.map((span) => span.endMs)) - origin;
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of [...spans].sort((a, b) => a.startMs - b.startMs || a.name.localeCompare(b.name))) {
    if (span.parentSpanId && ids.has(span.parentSpanId))
      children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
    else roots.push(span);
  }
  const rows: WaterfallRow[] = [];
  const stack = roots.map((span) => ({ span, depth: 0 })).reverse();
  while (stack.length) {
    const { span, depth } = stack.pop() as (typeof stack)[number];
    rows.push({ span, depth, offsetMs: span.startMs - origin, durationMs: span.endMs - span.startMs });
    const kids = children.get(span.spanId) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i] as TraceSpan, depth: depth + 1 });
  }
  return { rows, totalMs };
}

/** Round tick positions for an axis of `totalMs` (about `count` ticks). */
export function axisTicks(totalMs: number, count = 6): number[] {
  if (totalMs <= 0) return [0];
  const raw = totalMs / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t <= totalMs + step / 1e6; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return ticks;
}
