import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";

const iso = (time: [number, number]) => new Date(time[0] * 1e3 + time[1] / 1e6).toISOString();
const KINDS = ["INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"];

/** One span as a plain JSON object. */
export function spanToJson(span: ReadableSpan) {
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    kind: KINDS[span.kind] ?? String(span.kind),
    startTime: iso(span.startTime),
    endTime: iso(span.endTime),
    durationMs: span.duration[0] * 1e3 + span.duration[1] / 1e6,
    status: { code: span.status.code, message: span.status.message },
    attributes: span.attributes,
    events: span.events.map((event) => ({
      name: event.name,
      time: iso(event.time),
      attributes: event.attributes,
    })),
    resource: span.resource.attributes,
    scope: span.instrumentationScope.name,
  };
}

/** Appends one JSON line per finished span to a file (folders created as needed). */
export class JsonlFileExporter implements SpanExporter {
  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      appendFileSync(this.path, spans.map((span) => `${JSON.stringify(spanToJson(span))}\n`).join(""));
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
