import { type Attributes, type Span, SpanKind } from "@opentelemetry/api";
import type { ContextStep } from "../context/context-step.ts";
import { ATTR, PROVIDER_AWS_BEDROCK } from "./attributes.ts";
import type { SpanScope } from "./spans.ts";

/** Span attributes and events of the model-layer features (caching, reasoning, structured output, context). */
export const FEATURE_ATTR = {
  cachePoints: "glassbox.cache.points",
  cachePointsRemoved: "glassbox.cache.points_removed",
  /** Share of the call's input tokens read from the prompt cache (0..1). */
  cacheReadRatio: "glassbox.cache.read_ratio",
  /** USD the cache saved on this call against the same tokens at the input price. */
  cacheSavingUsd: "glassbox.cache.saving_usd",
  reasoning: "glassbox.reasoning.enabled",
  reasoningDropped: "glassbox.reasoning.dropped",
  reasoningChars: "glassbox.reasoning.chars",
  /** The reasoning text (only when content capture is on). */
  reasoningContent: "glassbox.reasoning.content",
  outputMode: "glassbox.output.mode",
  outputValid: "glassbox.output.valid",
  contextAction: "glassbox.context.action",
  contextTrigger: "glassbox.context.trigger",
  contextManager: "glassbox.context.manager",
  contextTokensBefore: "glassbox.context.tokens_before",
  contextTokensAfter: "glassbox.context.tokens_after",
  contextCounted: "glassbox.context.counted",
  contextWindow: "glassbox.context.window",
  contextMessagesOmitted: "glassbox.context.messages_omitted",
  contextToolResultsTruncated: "glassbox.context.tool_results_truncated",
  toolProgress: "glassbox.tool.progress",
} as const;

export const FEATURE_EVENT = {
  /** A value a generator tool yielded before its result. */
  toolProgress: "glassbox.tool_progress",
} as const;

/** What a chat span learns about the request's features before the call. */
export function recordRequestFeatures(
  span: Span,
  features: {
    cachePoints: number;
    cachePointsRemoved: number;
    reasoning: boolean;
    reasoningDropped: boolean;
    outputMode?: string;
  },
): void {
  const attributes: Attributes = {
    [FEATURE_ATTR.cachePoints]: features.cachePoints,
    [FEATURE_ATTR.reasoning]: features.reasoning,
  };
  if (features.cachePointsRemoved) attributes[FEATURE_ATTR.cachePointsRemoved] = features.cachePointsRemoved;
  if (features.reasoningDropped) attributes[FEATURE_ATTR.reasoningDropped] = true;
  if (features.outputMode) attributes[FEATURE_ATTR.outputMode] = features.outputMode;
  span.setAttributes(attributes);
}

/** What a chat span learns from the response: cache share and saving, reasoning size (content opt-in). */
export function recordResponseFeatures(
  span: Span,
  scope: SpanScope,
  response: { cacheReadRatio?: number; cacheSavingUsd?: number; reasoning?: string; outputValid?: boolean },
): void {
  if (response.cacheReadRatio !== undefined)
    span.setAttribute(FEATURE_ATTR.cacheReadRatio, response.cacheReadRatio);
  if (response.cacheSavingUsd !== undefined)
    span.setAttribute(FEATURE_ATTR.cacheSavingUsd, response.cacheSavingUsd);
  if (response.reasoning) {
    span.setAttribute(FEATURE_ATTR.reasoningChars, response.reasoning.length);
    if (scope.captureContent) span.setAttribute(FEATURE_ATTR.reasoningContent, response.reasoning);
  }
  if (response.outputValid !== undefined) span.setAttribute(FEATURE_ATTR.outputValid, response.outputValid);
}

/** Starts `context_{action}` (trim or summarize) for one context-management step. */
export function startContextSpan(scope: SpanScope, action: string, step: number): Span {
  return scope.tracer.startSpan(
    `context_${action}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        ...scope.common,
        [ATTR.providerName]: PROVIDER_AWS_BEDROCK,
        [ATTR.reactStep]: step,
        [ATTR.reactPhase]: "context",
        [FEATURE_ATTR.contextAction]: action,
      },
    },
    scope.parent,
  );
}

/** Ends a context span with the step's numbers. */
export function endContextSpan(span: Span, step: ContextStep): void {
  span.setAttributes({
    [FEATURE_ATTR.contextTrigger]: step.trigger,
    [FEATURE_ATTR.contextManager]: step.manager,
    [FEATURE_ATTR.contextTokensBefore]: step.tokensBefore,
    [FEATURE_ATTR.contextTokensAfter]: step.tokensAfter,
    [FEATURE_ATTR.contextCounted]: step.counted,
    [FEATURE_ATTR.contextWindow]: step.contextWindow,
    [FEATURE_ATTR.contextMessagesOmitted]: step.messagesOmitted,
    [FEATURE_ATTR.contextToolResultsTruncated]: step.toolResultsTruncated,
  });
  if (step.costUsd !== undefined) span.setAttribute(ATTR.chatCostUsd, step.costUsd);
  span.end();
}

/** A generator tool's progress value as a span event (the value only when content capture is on). */
export function recordToolProgress(span: Span, scope: SpanScope, index: number, value: unknown): void {
  span.addEvent(FEATURE_EVENT.toolProgress, {
    [FEATURE_ATTR.toolProgress]: index,
    ...(scope.captureContent
      ? { [ATTR.toolCallResult]: typeof value === "string" ? value : JSON.stringify(value) }
      : {}),
  });
}
