import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { AttributeValue, TraceSpan } from "./shared/trace-model.ts";

const ms = (time: [number, number]) => time[0] * 1000 + time[1] / 1e6;
const KINDS = ["internal", "server", "client", "producer", "consumer"];

/** An ended span as the Studio shows it. */
export function toTraceSpan(span: ReadableSpan): TraceSpan {
  const parent = span.parentSpanContext?.spanId;
  const service = span.resource?.attributes?.["service.name"];
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    ...(parent ? { parentSpanId: parent } : {}),
    name: span.name,
    kind: KINDS[span.kind] ?? "internal",
    startMs: ms(span.startTime),
    endMs: ms(span.endTime),
    attributes: span.attributes as Record<string, AttributeValue>,
    events: span.events.map((event) => ({
      name: event.name,
      timeMs: ms(event.time),
      attributes: (event.attributes ?? {}) as Record<string, AttributeValue>,
    })),
    status: {
      code: span.status.code === 2 ? "error" : span.status.code === 1 ? "ok" : "unset",
      ...(span.status.message ? { message: span.status.message } : {}),
    },
    ...(typeof service === "string" ? { service } : {}),
  };
}

/**
 * Keeps the most recent ended spans of the Studio's runs in memory (a bounded ring), so a run's
 * waterfall is there as soon as its spans end, without a file or a collector.
 */
export class SpanStore implements SpanProcessor {
  private readonly spans: TraceSpan[] = [];

  constructor(private readonly capacity = 50_000) {}

  /** Spans of the given traces, oldest first. */
  ofTraces(traceIds: ReadonlySet<string>): TraceSpan[] {
    return this.spans.filter((span) => traceIds.has(span.traceId));
  }

  /** Trace ids of a thread's runs (`gen_ai.conversation.id`) that started at or after `sinceMs`. */
  tracesOfThread(threadId: string, sinceMs = 0): Set<string> {
    const ids = new Set<string>();
    for (const span of this.spans)
      if (span.attributes["gen_ai.conversation.id"] === threadId && span.startMs >= sinceMs - 1)
        ids.add(span.traceId);
    return ids;
  }

  onStart(_span: Span, _context: Context): void {}

  onEnd(span: ReadableSpan): void {
    this.spans.push(toTraceSpan(span));
    if (this.spans.length > this.capacity) this.spans.splice(0, this.spans.length - this.capacity);
  }

  forceFlush = async () => {};
  shutdown = async () => {};
}
