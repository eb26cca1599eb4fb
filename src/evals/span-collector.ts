import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ATTR } from "../telemetry/attributes.ts";
import type { SpanSummary } from "./result-row.ts";

const ms = (time: [number, number]) => time[0] * 1000 + time[1] / 1e6;

/**
 * Keeps the ended spans of the traces it was asked to watch (one per evaluated case), so each result
 * row can carry its run's span tree; spans of other traces pass by untouched.
 */
export class SpanCollector implements SpanProcessor {
  private readonly traces = new Map<string, ReadableSpan[]>();

  watch(traceId: string): void {
    this.traces.set(traceId, []);
  }

  /** The watched trace's spans, oldest first, relative to the first span's start; stops watching. */
  take(traceId: string): SpanSummary[] {
    const spans = this.traces.get(traceId) ?? [];
    this.traces.delete(traceId);
    const origin = Math.min(...spans.map((span) => ms(span.startTime)));
    return spans
      .map((span) => {
        const attributes = span.attributes;
        const phase = attributes[ATTR.reactPhase];
        const step = attributes[ATTR.reactStep];
        return {
          name: span.name,
          spanId: span.spanContext().spanId,
          ...(span.parentSpanContext?.spanId ? { parentSpanId: span.parentSpanContext.spanId } : {}),
          startMs: Math.round((ms(span.startTime) - origin) * 100) / 100,
          durationMs: Math.round(ms(span.duration) * 100) / 100,
          ...(typeof phase === "string" ? { phase } : {}),
          ...(typeof step === "number" ? { step } : {}),
          status: span.status.code === 2 ? ("error" as const) : ("ok" as const),
        };
      })
      .sort((a, b) => a.startMs - b.startMs);
  }

  onStart(_span: Span, _context: Context): void {}

  onEnd(span: ReadableSpan): void {
    this.traces.get(span.spanContext().traceId)?.push(span);
  }

  forceFlush = async () => {};
  shutdown = async () => {};
}
