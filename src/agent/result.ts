import { documentCitations } from "../files/document-citations.ts";
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
    ...outputOf(last),
    ...citationsOf(last),
    ...(state.sources.length ? { sources: state.sources } : {}),
    ...(state.session ? { sessionState: state.session } : {}),
  };
}

const metadataOf = (last: AgentStateValue["messages"][number] | undefined) =>
  last?.getType() === "ai" ? (last.response_metadata as Record<string, unknown> | undefined) : undefined;

/**
 * Citations of the answer: those the `cite` node put on it when the run retrieved sources, else the
 * Converse citations of documents sent with the question.
 */
function citationsOf(last: AgentStateValue["messages"][number] | undefined): { citations?: Citation[] } {
  const citations = metadataOf(last)?.citations;
  if (Array.isArray(citations)) return { citations: citations as Citation[] };
  const cited = last?.getType() === "ai" ? documentCitations(last) : [];
  return cited.length ? { citations: cited } : {};
}

/** The validated structured answer the think node put on the final message, when there is one. */
function outputOf(last: AgentStateValue["messages"][number] | undefined): { output?: unknown } {
  const output = metadataOf(last)?.structuredOutput as { value?: unknown } | undefined;
  return output && "value" in output ? { output: output.value } : {};
}
