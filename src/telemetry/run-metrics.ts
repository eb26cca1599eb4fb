import type { Step } from "../graph/state.ts";
import { roundUsd } from "../model/pricing.ts";

/** Per-tool call counts of a run. */
export interface ToolCallCounts {
  calls: number;
  errors: number;
  durationMs: number;
}

/**
 * One run's numbers, the same that the OTel metrics record for it: model calls, tokens in the units the
 * GenAI conventions use (input includes cache reads and writes), retries, tool calls by tool, cost.
 */
export interface RunMetrics {
  /** Model calls (thoughts), i.e. ReAct steps. */
  modelCalls: number;
  /** `gen_ai.client.token.usage` with `gen_ai.token.type=input`, summed over the run's calls. */
  inputTokens: number;
  /** `gen_ai.client.token.usage` with `gen_ai.token.type=output`, summed. */
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  /** Model calls tried again (throttling, transient errors, malformed output). */
  retries: number;
  /** Time spent in model calls, summed (ms). */
  modelLatencyMs: number;
  toolCalls: Record<string, ToolCallCounts>;
  /** USD at the configured prices; undefined when a model's price is unknown. */
  costUsd?: number;
}

/** The metrics of a run from its steps: one pass, no allocation per step beyond the tool table. */
export function runMetrics(steps: readonly Step[]): RunMetrics {
  const metrics: RunMetrics = {
    modelCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
    retries: 0,
    modelLatencyMs: 0,
    toolCalls: {},
  };
  let cost: number | undefined = 0;
  for (const step of steps) {
    if (step.kind === "thought") {
      const u = step.usage;
      metrics.modelCalls++;
      metrics.inputTokens += u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens;
      metrics.outputTokens += u.outputTokens;
      metrics.cacheReadInputTokens += u.cacheReadInputTokens;
      metrics.cacheWriteInputTokens += u.cacheWriteInputTokens;
      metrics.retries += step.attempts - 1;
      metrics.modelLatencyMs += step.latencyMs;
      cost = cost === undefined || step.costUsd === undefined ? undefined : cost + step.costUsd;
    } else if (step.kind === "context" && step.usage) {
      // A summary written for context management is a model call of the run.
      const u = step.usage;
      metrics.modelCalls++;
      metrics.inputTokens += u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens;
      metrics.outputTokens += u.outputTokens;
      cost = cost === undefined || step.costUsd === undefined ? undefined : cost + step.costUsd;
    } else if (step.kind === "observation") {
      const counts = metrics.toolCalls[step.tool] ?? { calls: 0, errors: 0, durationMs: 0 };
      metrics.toolCalls[step.tool] = counts;
      counts.calls++;
      if (step.status === "error") counts.errors++;
      counts.durationMs += step.durationMs;
    }
  }
  if (cost !== undefined) metrics.costUsd = roundUsd(cost);
  return metrics;
}
