import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { ATTR } from "./attributes.ts";

const durationMs = (span: ReadableSpan) => span.duration[0] * 1e3 + span.duration[1] / 1e6;
const formatMs = (ms: number) =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;

/** The short facts shown after a span's name, chosen by its operation. */
function facts(span: ReadableSpan): string[] {
  const a = span.attributes;
  const out: string[] = [];
  if (a[ATTR.runOutcome]) out.push(String(a[ATTR.runOutcome]));
  if (a[ATTR.runCostUsd] !== undefined) out.push(`$${a[ATTR.runCostUsd]}`);
  const reasons = a[ATTR.responseFinishReasons];
  if (Array.isArray(reasons) && reasons.length) out.push(reasons.join(","));
  if (a[ATTR.operationName] === "chat" && a[ATTR.usageInputTokens] !== undefined) {
    out.push(`in ${a[ATTR.usageInputTokens]} · out ${a[ATTR.usageOutputTokens]}`);
  }
  if (a[ATTR.observationStatus]) out.push(`${a[ATTR.observationStatus]}  ${a[ATTR.observationSizeBytes]} B`);
  if (span.status.code === 2) out.push(`✗ ${a[ATTR.errorType] ?? span.status.message ?? "error"}`);
  return out;
}

/** Renders finished spans as indented trees, one per root under a `trace <id>` line, children in start order. */
export function renderSpanTree(spans: readonly ReadableSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    if (parent && ids.has(parent)) children.set(parent, [...(children.get(parent) ?? []), span]);
    else roots.push(span);
  }
  const byStart = (a: ReadableSpan, b: ReadableSpan) =>
    a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1];
  const lines: string[] = [];
  const walk = (span: ReadableSpan, prefix: string, branch: string) => {
    lines.push(`${prefix}${branch}${[span.name, formatMs(durationMs(span)), ...facts(span)].join("  ")}`);
    const kids = (children.get(span.spanContext().spanId) ?? []).sort(byStart);
    const childPrefix = prefix + (branch === "├─ " ? "│  " : branch === "└─ " ? "   " : "");
    kids.forEach((kid, i) => {
      walk(kid, childPrefix, i === kids.length - 1 ? "└─ " : "├─ ");
    });
  };
  for (const root of roots.sort(byStart)) {
    lines.push(`trace ${root.spanContext().traceId}`);
    walk(root, "", "");
  }
  return `${lines.join("\n")}\n`;
}

/** Prints each trace as a tree when its root span ends. */
export class ConsoleTreeExporter implements SpanExporter {
  private pending = new Map<string, ReadableSpan[]>();
  constructor(private readonly write: (text: string) => void = (text) => process.stderr.write(text)) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      const traceId = span.spanContext().traceId;
      const list = [...(this.pending.get(traceId) ?? []), span];
      this.pending.set(traceId, list);
      if (!span.parentSpanContext?.spanId || span.parentSpanContext.isRemote) {
        this.pending.delete(traceId);
        this.write(renderSpanTree(list));
      }
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  async forceFlush(): Promise<void> {
    for (const list of this.pending.values()) this.write(renderSpanTree(list));
    this.pending.clear();
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
  }
}
