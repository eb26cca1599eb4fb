import type { BaseMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { TokenCount } from "../model/count-tokens.ts";
import { endContextSpan, startContextSpan } from "../telemetry/model-feature-spans.ts";
import { markError, type SpanScope, withActiveSpan } from "../telemetry/spans.ts";
import type { ContextManager, Summarize } from "./context-manager.ts";
import type { ContextStep } from "./context-step.ts";
import { contextView, latestMarker, markerMessage } from "./context-view.ts";

/** What context management needs for one model call. */
export interface ContextRun {
  manager: ContextManager;
  /** Input tokens of the request that would carry this view. */
  measure(view: readonly BaseMessage[]): Promise<TokenCount>;
  estimate(message: BaseMessage): number;
  summarize: Summarize;
  contextWindow: number;
  scope: SpanScope;
  step: number;
  writer?: LangGraphRunnableConfig["writer"];
}

/** The view to send, and what was done to make it. */
export interface PreparedContext {
  view: BaseMessage[];
  tokens: TokenCount;
  /** The marker message to append to the thread, with its step, when the view changed. */
  marker?: BaseMessage;
  step?: ContextStep;
}

/**
 * Asks the context manager for a smaller view when the thread is over its threshold (`proactive`) or
 * Bedrock refused it as too long (`overflow`). A change is recorded three ways: a marker message in
 * the thread (what the model sees instead), a `context` step, and a `context_{action}` span.
 */
export async function applyContext(
  run: ContextRun,
  messages: readonly BaseMessage[],
  trigger: ContextStep["trigger"],
  overflowRound = 0,
): Promise<PreparedContext> {
  const marker = latestMarker(messages);
  const view = contextView(messages, marker);
  const tokens = await run.measure(view);
  if (trigger === "proactive" && tokens.tokens <= run.contextWindow * run.manager.threshold)
    return { view, tokens };
  const started = performance.now();
  const span = startContextSpan(
    run.scope,
    run.manager.name === "summarizing" ? "summarize" : "trim",
    run.step,
  );
  try {
    const decision = await withActiveSpan(span, () =>
      run.manager.decide({
        messages,
        marker,
        tokens,
        estimate: run.estimate,
        contextWindow: run.contextWindow,
        trigger,
        overflowRound,
        summarize: run.summarize,
      }),
    );
    if (!decision) {
      span.end();
      return { view, tokens };
    }
    const markerMsg = markerMessage(decision.marker, decision.note);
    const next = contextView([...messages, markerMsg], decision.marker);
    const after = await run.measure(next);
    const step: ContextStep = {
      kind: "context",
      step: run.step,
      action: decision.action,
      trigger,
      manager: run.manager.name,
      tokensBefore: tokens.tokens,
      tokensAfter: after.tokens,
      counted: after.source,
      contextWindow: run.contextWindow,
      messagesOmitted: decision.messagesOmitted,
      toolResultsTruncated: decision.toolResultsTruncated,
      ...(decision.summary
        ? {
            summaryModelId: decision.summary.modelId,
            usage: decision.summary.usage,
            ...(decision.summary.costUsd !== undefined ? { costUsd: decision.summary.costUsd } : {}),
          }
        : {}),
      latencyMs: performance.now() - started,
    };
    endContextSpan(span, step);
    run.writer?.({ type: "context", step });
    return { view: next, tokens: after, marker: markerMsg, step };
  } catch (error) {
    markError(span, error);
    span.end();
    throw error;
  }
}
