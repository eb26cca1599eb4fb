/**
 * Records what a run shows the world (its result, the events it streamed, its spans) in a form that two
 * executors of the same agent must produce identically: ids, clocks and durations are replaced by
 * placeholders, everything else is kept.
 */
import type { BaseMessage } from "@langchain/core/messages";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Agent, AgentEvent, AgentResult, RunInput, RunOptions, Telemetry } from "../../src/index.ts";

/** Keys whose values are clocks, durations or random ids: kept as keys, values replaced. */
const VOLATILE = new Set([
  "latencyMs",
  "modelLatencyMs",
  "traceId",
  "spanId",
  // signed with a key of each local Bedrock
  "signature",
  "durationMs",
  "delayMs",
  "checkpointId",
  "requestId",
  "id",
  "gen_ai.response.id",
  "gen_ai.response.time_to_first_chunk",
  "glassbox.observation.duration_ms",
  "glassbox.guardrail.latency_ms",
  "glassbox.retry.delay_ms",
  // each executor gets its own local Bedrock
  "server.port",
]);

/** Replaces volatile values (see VOLATILE) and uuids anywhere in a value, recursively. */
export function normalize(value: unknown): unknown {
  if (typeof value === "string")
    return value.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>");
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key] = VOLATILE.has(key) ? `<${typeof item}>` : normalize(item);
    }
    return out;
  }
  return value;
}

function message(m: BaseMessage) {
  const {
    $metadata: _metadata,
    metrics: _metrics,
    ...metadata
  } = (m.response_metadata ?? {}) as Record<string, unknown>;
  return normalize({
    type: m.getType(),
    content: m.content,
    name: m.name,
    tool_calls: (m as { tool_calls?: unknown }).tool_calls,
    tool_call_id: (m as { tool_call_id?: unknown }).tool_call_id,
    status: (m as { status?: unknown }).status,
    usage_metadata: (m as { usage_metadata?: unknown }).usage_metadata,
    response_metadata: metadata,
    hasId: m.id !== undefined,
  });
}

/** A result with its messages reduced to what they say. */
export function resultView(result: AgentResult) {
  const { messages, ...rest } = result;
  return { ...(normalize(rest) as object), messages: messages.map(message) };
}

/** Spans as a sorted list of "parent > name" entries with kind, status, attributes and events. */
export function spanView(spans: readonly ReadableSpan[]) {
  const names = new Map(spans.map((span) => [span.spanContext().spanId, span.name]));
  return spans
    .map((span) =>
      JSON.stringify({
        path: `${names.get(span.parentSpanContext?.spanId ?? "") ?? "(root)"} > ${span.name}`,
        kind: span.kind,
        status: span.status,
        attributes: normalize(span.attributes),
        events: span.events.map((event) => ({ name: event.name, attributes: normalize(event.attributes) })),
      }),
    )
    .sort();
}

export interface RecordedRun {
  result?: unknown;
  /** The result as returned (not compared: it holds ids and clocks). */
  readonly raw?: AgentResult;
  error?: { name: string; message: string };
  events: unknown[];
  spans: string[];
}

/** Runs `input` (invoke, or stream collecting its events) and records the run. */
export async function record(
  agent: Agent,
  telemetry: Telemetry,
  input: RunInput,
  options: RunOptions & { stream?: boolean } = {},
): Promise<RecordedRun> {
  const { stream, ...run } = options;
  telemetry.memory?.reset();
  const events: AgentEvent[] = [];
  let result: AgentResult | undefined;
  let error: { name: string; message: string } | undefined;
  try {
    if (stream) {
      for await (const event of agent.stream(input, run)) {
        if (event.type === "done") result = event.result;
        else events.push(event);
      }
    } else result = await agent.invoke(input, run);
  } catch (caught) {
    error = { name: (caught as Error).name, message: String((caught as Error).message) };
  }
  await telemetry.forceFlush();
  const recorded: RecordedRun = {
    ...(result ? { result: resultView(result) } : {}),
    ...(error ? { error } : {}),
    events: events.map((event) => normalize(event)),
    spans: spanView(telemetry.memory?.getFinishedSpans() ?? []),
  };
  return Object.defineProperty(recorded, "raw", { value: result, enumerable: false });
}
