import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { setupTelemetry, type Telemetry } from "../telemetry/setup.ts";

/** Spans kept in memory, for assertions on what an agent reported. */
export interface SpanRecorder {
  /** Pass to `createAgent({ telemetry })`. */
  telemetry: Telemetry;
  /** Every ended span so far, oldest first. */
  spans(): ReadableSpan[];
  /** The ended spans' names, oldest first (`invoke_agent support`, `chat …`, `execute_tool lookup_order`). */
  names(): string[];
  /** The first ended span with this name. */
  find(name: string): ReadableSpan | undefined;
  /** Forgets the spans recorded so far. */
  reset(): void;
  shutdown(): Promise<void>;
}

/** Records an agent's spans in memory (message content only with `captureContent`). */
export function recordSpans(options: { captureContent?: boolean; serviceName?: string } = {}): SpanRecorder {
  const telemetry = setupTelemetry({ ...options, exporters: [{ type: "memory" }] });
  const memory = telemetry.memory;
  if (!memory) throw new Error("setupTelemetry returned no in-memory exporter");
  const spans = () => memory.getFinishedSpans().slice();
  return {
    telemetry,
    spans,
    names: () => spans().map((span) => span.name),
    find: (name) => spans().find((span) => span.name === name),
    reset: () => memory.reset(),
    shutdown: async () => {
      await telemetry.shutdown();
    },
  };
}
