import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { StateSnapshot } from "@langchain/langgraph";
import { lastAIMessage, textOf } from "../graph/messages.ts";
import { runCost, runUsage, type Step } from "../graph/state.ts";
import { pendingReviews } from "../graph/tool-review.ts";
import { sourceTitle } from "../kb/sources.ts";
import { roundUsd } from "../model/pricing.ts";
import { pausedNodes } from "../threads/history.ts";
import type { RunEvent } from "./shared/api-types.ts";

type Values = {
  messages?: BaseMessage[];
  steps?: Step[];
  sources?: Array<{ id: string; text: string; score?: number; metadata?: Record<string, unknown> }>;
  outcome?: { status: string; detail?: string } | null;
};

/** Where a thread stopped, as a `paused` event, or undefined when its last run ended. */
export function pausedEvent(snapshot: StateSnapshot): Extract<RunEvent, { type: "paused" }> | undefined {
  const next = pausedNodes(snapshot);
  if (!next.length) return undefined;
  const requests = pendingReviews(snapshot).map((review) => review.request);
  const checkpointId = snapshot.config.configurable?.checkpoint_id as string | undefined;
  const problem = requests.find((request) => request.problem)?.problem;
  return {
    type: "paused",
    next,
    calls: requests.flatMap((request) => request.calls),
    ...(checkpointId ? { checkpointId } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** How the thread's last run ended: answer, outcome, usage, cost, citations and retrieved passages. */
export function doneEvent(snapshot: StateSnapshot, latencyMs: number): Extract<RunEvent, { type: "done" }> {
  const values = (snapshot.values ?? {}) as Values;
  const messages = values.messages ?? [];
  const last = messages.at(-1);
  const answer = last?.getType() === "ai" ? textOf(last).trim() : "";
  const steps = values.steps ?? [];
  const cost = runCost(steps);
  const citations = citationsOf(lastAIMessage(messages));
  const sources = (values.sources ?? []).map((source) => ({
    id: source.id,
    ...(source.score !== undefined ? { score: source.score } : {}),
    uri: sourceTitle(source as never),
    text: source.text,
  }));
  return {
    type: "done",
    answer,
    outcome: values.outcome?.status ?? "answered",
    ...(values.outcome?.detail ? { outcomeDetail: values.outcome.detail } : {}),
    usage: runUsage(steps),
    ...(cost !== undefined ? { costUsd: roundUsd(cost) } : {}),
    latencyMs: Math.round(latencyMs),
    ...(citations.length ? { citations } : {}),
    ...(sources.length ? { sources } : {}),
  };
}

function citationsOf(message: AIMessage | undefined) {
  const raw = (message?.response_metadata as { citations?: unknown } | undefined)?.citations;
  if (!Array.isArray(raw)) return [];
  return raw.map((citation) => {
    const c = citation as {
      generatedResponsePart?: { textResponsePart?: { text?: string } };
      retrievedReferences?: Array<{
        metadata?: Record<string, unknown>;
        location?: { s3Location?: { uri?: string } };
      }>;
      sourceIds?: string[];
    };
    return {
      text: c.generatedResponsePart?.textResponsePart?.text ?? "",
      sources: (c.retrievedReferences ?? []).map((ref, i) => {
        const uri = ref.metadata?.["x-amz-bedrock-kb-source-uri"] ?? ref.location?.s3Location?.uri;
        return { id: c.sourceIds?.[i] ?? "?", ...(typeof uri === "string" ? { uri } : {}) };
      }),
    };
  });
}

/** Steps of the current run that the UI has not seen, as events (for a thread run elsewhere). */
export function stepEvents(steps: readonly Step[]): RunEvent[] {
  return steps.map((step) => ({ type: step.kind, step }) as RunEvent);
}
