import { appendFileSync, chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";

const isRoot = (span: ReadableSpan) => !span.parentSpanContext?.spanId || span.parentSpanContext.isRemote;

/**
 * Appends one OTLP/JSON `ExportTraceServiceRequest` per line, one line per trace (written when the trace's
 * root span ends), so the file imports into any tool that reads OTLP/JSON. Spans can hold conversation
 * content, so the file is created private (0600) and new folders 0700.
 */
export class JsonlFileExporter implements SpanExporter {
  private readonly pending = new Map<string, ReadableSpan[]>();
  /** Writes under way: the span processor does not wait for them, so flush does. */
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, "a", 0o600));
    chmodSync(path, 0o600);
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const ready: ReadableSpan[][] = [];
    for (const span of spans) {
      const traceId = span.spanContext().traceId;
      const list = this.pending.get(traceId) ?? [];
      list.push(span);
      if (isRoot(span)) {
        this.pending.delete(traceId);
        ready.push(list);
      } else this.pending.set(traceId, list);
    }
    if (!ready.length) {
      done({ code: ExportResultCode.SUCCESS });
      return;
    }
    const work = this.write(ready).then(
      () => done({ code: ExportResultCode.SUCCESS }),
      (error: Error) => done({ code: ExportResultCode.FAILED, error }),
    );
    this.writing.add(work);
    work.finally(() => this.writing.delete(work));
  }

  private async write(traces: ReadableSpan[][]): Promise<void> {
    const { JsonTraceSerializer } = await import("@opentelemetry/otlp-transformer");
    const decoder = new TextDecoder();
    const lines = traces.map((spans) => `${decoder.decode(JsonTraceSerializer.serializeRequest(spans))}\n`);
    appendFileSync(this.path, lines.join(""), { mode: 0o600 });
  }

  async forceFlush(): Promise<void> {
    await Promise.allSettled([...this.writing]);
    const open = [...this.pending.values()];
    this.pending.clear();
    if (open.length) await this.write(open);
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
  }
}
