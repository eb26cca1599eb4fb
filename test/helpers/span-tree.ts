import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { expect } from "vitest";

/** A span and its children, ordered by start time. */
export interface SpanNode {
  name: string;
  span: ReadableSpan;
  children: SpanNode[];
}

const startOf = (span: ReadableSpan) => span.startTime[0] * 1e9 + span.startTime[1];

/** The finished spans as trees (roots are spans whose parent was not recorded). */
export function spanTree(spans: readonly ReadableSpan[]): SpanNode[] {
  const nodes = new Map(
    spans.map((span) => [span.spanContext().spanId, { name: span.name, span, children: [] as SpanNode[] }]),
  );
  const roots: SpanNode[] = [];
  for (const node of [...nodes.values()].sort((a, b) => startOf(a.span) - startOf(b.span))) {
    const parent = nodes.get(node.span.parentSpanContext?.spanId ?? "");
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** A tree as indented names, one span per line, leaving out spans `skip` matches (e.g. chat calls). */
export function outline(nodes: readonly SpanNode[], skip: RegExp = /^$/, depth = 0): string[] {
  return nodes.flatMap((node) =>
    skip.test(node.name)
      ? outline(node.children, skip, depth)
      : [`${"  ".repeat(depth)}${node.name}`, ...outline(node.children, skip, depth + 1)],
  );
}

/**
 * Runs a graph as the LangGraph server (Studio) runs it: `graph.invoke` on a thread, with no agent span
 * around it, then waits for the root span its callback ends with the run's last callback.
 */
export async function spansOfServerRun(
  graph: { invoke(input: never, config: { configurable: { thread_id: string } }): Promise<unknown> },
  memory: { getFinishedSpans(): ReadableSpan[] } | undefined,
  options: { question: string; threadId: string; root: string },
): Promise<ReadableSpan[]> {
  await graph.invoke({ messages: [{ role: "user", content: options.question }] } as never, {
    configurable: { thread_id: options.threadId },
  });
  await expect
    .poll(() => memory?.getFinishedSpans().some((span) => span.name === `invoke_agent ${options.root}`))
    .toBe(true);
  return memory?.getFinishedSpans() ?? [];
}
