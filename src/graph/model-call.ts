import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { BuiltRequest } from "../model/build-request.ts";
import type { ModelConfig } from "../model/config.ts";
import { callConverse } from "../model/converse-model.ts";
import { costOf, priceFor } from "../model/pricing.ts";
import { type RetryPolicy, withRetry } from "../model/retry.ts";
import { handleStopReason, type StopReasonHandling } from "../model/stop-reasons.ts";
import { type Usage, usageFromMessage } from "../model/usage.ts";
import { ATTR } from "../telemetry/attributes.ts";
import { toInputMessages, toOutputMessages, toSystemInstructions } from "../telemetry/content.ts";
import { recordRequestFeatures, recordResponseFeatures } from "../telemetry/model-feature-spans.ts";
import { endChatSpan, markError, recordRetry, type SpanScope, startChatSpan } from "../telemetry/spans.ts";
import type { ThoughtStep } from "./state.ts";

/** What one model call needs besides the request. */
export interface ModelCallContext {
  client: BedrockRuntimeClient;
  modelConfig: ModelConfig;
  retry: RetryPolicy;
  scope: SpanScope;
  server?: { address: string; port?: number };
  writer?: LangGraphRunnableConfig["writer"];
  signal?: AbortSignal;
}

/** A finished model call: the message, how the loop reads its stop reason, and its thought step. */
export interface ModelCallResult {
  message: AIMessage;
  stopReason: string;
  handling: StopReasonHandling;
  thought: ThoughtStep;
}

type Block = Record<string, unknown>;

/** The reasoning text of a message: reasoning blocks joined, encrypted ones shown as `[redacted]`. */
export function reasoningOf(message: AIMessage): string | undefined {
  if (typeof message.content === "string") return undefined;
  const parts = (message.content as Block[]).flatMap((block) => {
    if (block.type === "reasoning" && typeof block.reasoning === "string") return [block.reasoning];
    if (block.type === "reasoning_content") return ["[redacted]"];
    return [];
  });
  return parts.length ? parts.join("\n") : undefined;
}

/** The Converse stop reason of a response, streamed or not. */
export function stopReasonOf(message: AIMessage): string {
  const metadata = message.response_metadata as {
    stopReason?: string;
    messageStop?: { stopReason?: string };
  };
  return metadata.stopReason ?? metadata.messageStop?.stopReason ?? "end_turn";
}

/** Share of input read from the cache, and what that saved against the plain input price. */
function cacheFigures(usage: Usage, modelId: string, config: ModelConfig) {
  const input = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens;
  if (!usage.cacheReadInputTokens && !usage.cacheWriteInputTokens) return {};
  const { price } = priceFor(modelId, config.prices);
  const ratio = input ? usage.cacheReadInputTokens / input : 0;
  if (!price) return { cacheReadRatio: ratio };
  const perToken = (perMillion: number | undefined) => (perMillion ?? price.input) / 1_000_000;
  const saving =
    usage.cacheReadInputTokens * (perToken(price.input) - perToken(price.cacheRead)) -
    usage.cacheWriteInputTokens * (perToken(price.cacheWrite) - perToken(price.input));
  return { cacheReadRatio: ratio, cacheSavingUsd: saving };
}

/**
 * One model call as one thought: a `chat {model}` span, Converse or ConverseStream through the SDK with
 * Glassbox's retry policy (throttling, transient and mid-stream failures), streamed text and reasoning
 * as events, and a malformed response asked for once more.
 */
export async function callModel(
  ctx: ModelCallContext,
  call: {
    step: number;
    modelId: string;
    built: BuiltRequest;
    /** The conversation as sent, for `gen_ai.input.messages` (content opt-in). */
    view: readonly BaseMessage[];
    systemPrompt?: string;
    outputMode?: string;
  },
): Promise<ModelCallResult> {
  const { modelConfig: config, writer, step } = { ...ctx, step: call.step };
  const inference = call.built.request.inferenceConfig;
  const span = startChatSpan(ctx.scope, {
    modelId: call.modelId,
    step,
    stream: config.streaming,
    maxTokens: inference?.maxTokens,
    temperature: inference?.temperature,
    topP: inference?.topP,
    stopSequences: inference?.stopSequences,
    serverAddress: ctx.server?.address,
    serverPort: ctx.server?.port,
    guardrailId: config.guardrailConfig?.guardrailIdentifier,
  });
  recordRequestFeatures(span, {
    cachePoints: call.built.cachePoints.length,
    cachePointsRemoved: call.built.cachePointsRemoved,
    reasoning: call.built.reasoning,
    reasoningDropped: call.built.reasoningDropped,
    outputMode: call.outputMode,
  });
  if (ctx.scope.captureContent) {
    if (call.systemPrompt)
      span.setAttribute(ATTR.systemInstructions, toSystemInstructions(call.systemPrompt));
    span.setAttribute(ATTR.inputMessages, toInputMessages(call.view));
  }
  const started = performance.now();
  let attempts = 0;
  let firstChunkMs: number | undefined;
  const once = async (): Promise<AIMessage> => {
    attempts++;
    return callConverse(ctx.client, call.built.request, {
      stream: config.streaming,
      signal: ctx.signal,
      onDelta: (delta) => {
        firstChunkMs ??= performance.now() - started;
        writer?.({ type: delta.kind === "text" ? "token" : "reasoning", text: delta.text, step });
      },
    });
  };
  const retryOptions = {
    signal: ctx.signal,
    onRetry: (info: { attempt: number; delayMs: number; errorType: string }) => {
      recordRetry(span, info);
      writer?.({
        type: "retry",
        step,
        attempt: info.attempt,
        delayMs: info.delayMs,
        errorType: info.errorType,
      });
    },
  };
  let message: AIMessage;
  let stopReason: string;
  let handling: StopReasonHandling;
  try {
    message = await withRetry(once, ctx.retry, retryOptions);
    stopReason = stopReasonOf(message);
    handling = handleStopReason(stopReason);
    if (handling.action === "retry") {
      // Malformed output is usually a one-off: ask once more before giving up.
      retryOptions.onRetry({ attempt: attempts, delayMs: 0, errorType: stopReason });
      message = await withRetry(once, ctx.retry, retryOptions);
      stopReason = stopReasonOf(message);
      handling = handleStopReason(stopReason);
    }
  } catch (error) {
    markError(span, error);
    span.end();
    throw error;
  }
  const usage = usageFromMessage(message);
  const { price } = priceFor(call.modelId, config.prices);
  const costUsd = price ? costOf(usage, price) : undefined;
  const reasoning = reasoningOf(message);
  if (ctx.scope.captureContent) span.setAttribute(ATTR.outputMessages, toOutputMessages(message, stopReason));
  recordResponseFeatures(span, ctx.scope, { ...cacheFigures(usage, call.modelId, config), reasoning });
  endChatSpan(span, {
    stopReason,
    usage,
    responseId: message.id,
    costUsd,
    attempts,
    timeToFirstChunkMs: firstChunkMs,
  });
  const thought: ThoughtStep = {
    kind: "thought",
    step,
    text: "",
    toolCalls: [],
    stopReason,
    modelId: call.modelId,
    usage,
    costUsd,
    latencyMs: performance.now() - started,
    attempts,
    ...(reasoning ? { reasoning } : {}),
  };
  return { message, stopReason, handling, thought };
}
