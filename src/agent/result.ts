import { textOf } from "../graph/messages.ts";
import { type AgentStateValue, runCost, runUsage } from "../graph/state.ts";
import type { Citation } from "../kb/citations.ts";
import { roundUsd } from "../model/pricing.ts";
import { runMetrics } from "../telemetry/run-metrics.ts";
import type { AgentResult } from "./events.ts";

/** Turns the final graph state of a run into the result callers get. */
export function toResult(
  state: AgentStateValue,
  info: { startedAt: number; modelId: string; threadId?: string },
): AgentResult {
  const last = state.messages.at(-1);
  const answer = last?.getType() === "ai" ? textOf(last).trim() : "";
  const thoughts = state.steps.filter((step) => step.kind === "thought");
  const outcome = state.outcome ?? { status: "answered" as const };
  const cost = runCost(state.steps);
  return {
    answer,
    outcome: outcome.status,
    ...(outcome.detail ? { outcomeDetail: outcome.detail } : {}),
    steps: state.steps,
    usage: runUsage(state.steps),
    costUsd: cost === undefined ? undefined : roundUsd(cost),
    latencyMs: performance.now() - info.startedAt,
    metrics: runMetrics(state.steps),
    modelId: thoughts.at(-1)?.modelId ?? info.modelId,
    ...(info.threadId ? { threadId: info.threadId } : {}),
    messages: state.messages,
    ...citationsOf(last),
    ...(state.sources.length ? { sources: state.sources } : {}),
  };
}

/** Citations the `cite` node put on the answer message, when the run retrieved sources. */
function citationsOf(last: AgentStateValue["messages"][number] | undefined): { citations?: Citation[] } {
  const metadata =
    last?.getType() === "ai" ? (last.response_metadata as Record<string, unknown> | undefined) : undefined;
  const citations = metadata?.citations;
  return Array.isArray(citations) ? { citations: citations as Citation[] } : {};
}
