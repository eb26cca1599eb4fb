import { AIMessage, type AIMessageChunk, type BaseMessage, SystemMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Span } from "@opentelemetry/api";
import type { ModelConfig } from "../model/config.ts";
import { converseCallOptions } from "../model/converse-call-options.ts";
import type { ModelPool } from "../model/model-pool.ts";
import { costOf, priceFor } from "../model/pricing.ts";
import { type RetryPolicy, withRetry } from "../model/retry.ts";
import { handleStopReason } from "../model/stop-reasons.ts";
import { usageFromMessage } from "../model/usage.ts";
import { ATTR } from "../telemetry/attributes.ts";
import { toInputMessages, toOutputMessages, toSystemInstructions } from "../telemetry/content.ts";
import { endChatSpan, markError, recordRetry, startChatSpan } from "../telemetry/spans.ts";
import { type Tool, toToolSpec } from "../tools/define-tool.ts";
import { limitOutcome } from "./budget.ts";
import type { Limits } from "./limits.ts";
import { textOf } from "./messages.ts";
import type { runScope } from "./run-scope.ts";
import type { AgentStateUpdate, AgentStateValue, RunContext, ThoughtStep } from "./state.ts";
import { thoughtCount } from "./state.ts";

export interface ThinkDeps {
  models: ModelPool;
  modelConfig: ModelConfig;
  tools: readonly Tool[];
  systemPrompt?: string;
  limits: Limits;
  retry: RetryPolicy;
  scope: ReturnType<typeof runScope>;
  server?: { address: string; port?: number };
}

/**
 * The *think* node: one Converse call (retried on throttling, transient and mid-stream failures),
 * recorded as a thought step and a `chat {model}` span. It ends the run when the step limit or token
 * budget is reached, or when the stop reason says the run cannot go on.
 */
export function createThinkNode(deps: ThinkDeps) {
  const system = deps.systemPrompt ? [new SystemMessage(deps.systemPrompt)] : [];
  const inference = deps.modelConfig.inferenceConfig;

  return async function think(
    state: AgentStateValue,
    config: LangGraphRunnableConfig,
  ): Promise<AgentStateUpdate> {
    const step = thoughtCount(state.steps) + 1;
    const budget = (config.context as RunContext | undefined)?.budget;
    const limitReached = limitOutcome(step, state.steps, deps.limits, budget);
    if (limitReached) return { outcome: limitReached };
    // Read per call: a tool source (an MCP server) may change its tools between steps.
    const toolSpecs = deps.tools.map(toToolSpec);

    const run = deps.scope(config);
    const { modelId, chat: loadChat } = deps.models.forKey(run.runKey);
    const chat = await loadChat();
    const writer = config.writer;
    const span = startChatSpan(run.scope, {
      modelId,
      step,
      stream: deps.modelConfig.streaming,
      maxTokens: inference?.maxTokens,
      temperature: inference?.temperature,
      topP: inference?.topP,
      stopSequences: inference?.stopSequences,
      serverAddress: deps.server?.address,
      serverPort: deps.server?.port,
      guardrailId: deps.modelConfig.guardrailConfig?.guardrailIdentifier,
    });
    const messages: BaseMessage[] = [...system, ...state.messages];
    if (run.scope.captureContent) recordInput(span, deps.systemPrompt, state.messages);
    const options = {
      ...converseCallOptions(deps.modelConfig, run.requestMetadata),
      ...(toolSpecs.length ? { tools: toolSpecs } : {}),
      signal: config.signal,
    };

    const started = performance.now();
    let attempts = 0;
    let firstChunkMs: number | undefined;
    const callModel = async (): Promise<AIMessage> => {
      attempts++;
      if (!deps.modelConfig.streaming) return (await chat.invoke(messages, options)) as AIMessage;
      let merged: AIMessageChunk | undefined;
      for await (const chunk of await chat.stream(messages, options)) {
        firstChunkMs ??= performance.now() - started;
        const text = typeof chunk.content === "string" ? chunk.content : "";
        if (text) writer?.({ type: "token", text, step });
        merged = merged ? merged.concat(chunk) : chunk;
      }
      if (!merged) throw new Error("Bedrock ConverseStream ended without any event");
      return toAIMessage(merged);
    };
    const retryOptions = {
      signal: config.signal,
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
    let handling: ReturnType<typeof handleStopReason>;
    try {
      message = await withRetry(callModel, deps.retry, retryOptions);
      stopReason = stopReasonOf(message);
      handling = handleStopReason(stopReason);
      if (handling.action === "retry") {
        // Malformed output is usually a one-off: ask once more before giving up.
        retryOptions.onRetry({ attempt: attempts, delayMs: 0, errorType: stopReason });
        message = await withRetry(callModel, deps.retry, retryOptions);
        stopReason = stopReasonOf(message);
        handling = handleStopReason(stopReason);
      }
    } catch (error) {
      markError(span, error);
      span.end();
      throw error;
    }

    // Bedrock may stop with end_turn while still asking for tools; the tool calls decide.
    const action = handling.action === "answer" && message.tool_calls?.length ? "act" : handling.action;
    const usage = usageFromMessage(message);
    const { price } = priceFor(modelId, deps.modelConfig.prices);
    const costUsd = price ? costOf(usage, price) : undefined;
    const stored = action === "act" ? message : withoutToolCalls(message);
    const toolCalls = action === "act" ? (message.tool_calls ?? []) : [];
    if (run.scope.captureContent)
      span.setAttribute(ATTR.outputMessages, toOutputMessages(stored, stopReason));
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
      text: textOf(message),
      toolCalls: toolCalls.map((call) => ({ id: call.id ?? "", name: call.name, args: call.args })),
      stopReason,
      modelId,
      usage,
      costUsd,
      latencyMs: performance.now() - started,
      attempts,
    };
    writer?.({ type: "thought", step: thought });
    const update: AgentStateUpdate = { messages: [stored], steps: [thought] };
    if (action === "act" && toolCalls.length === 0) {
      update.outcome = { status: "answered" };
    } else if (action !== "act") {
      update.outcome = {
        status: handling.outcome,
        ...(action === "answer" ? {} : { detail: handling.note }),
      };
    }
    return update;
  };
}

function recordInput(span: Span, systemPrompt: string | undefined, messages: BaseMessage[]): void {
  if (systemPrompt) span.setAttribute(ATTR.systemInstructions, toSystemInstructions(systemPrompt));
  span.setAttribute(ATTR.inputMessages, toInputMessages(messages));
}

/** The Converse stop reason of a response, streamed or not. */
export function stopReasonOf(message: AIMessage): string {
  const metadata = message.response_metadata as {
    stopReason?: string;
    messageStop?: { stopReason?: string };
  };
  return metadata.stopReason ?? metadata.messageStop?.stopReason ?? "end_turn";
}

function toAIMessage(chunk: AIMessageChunk): AIMessage {
  return new AIMessage({
    content: chunk.content,
    tool_calls: chunk.tool_calls,
    invalid_tool_calls: chunk.invalid_tool_calls,
    response_metadata: chunk.response_metadata,
    usage_metadata: chunk.usage_metadata,
    ...(chunk.id ? { id: chunk.id } : {}),
  });
}

/** A run that ends on this message must not leave unanswered tool calls in the thread's history. */
function withoutToolCalls(message: AIMessage): AIMessage {
  if (!message.tool_calls?.length) return message;
  return new AIMessage({
    content: textOf(message),
    response_metadata: message.response_metadata,
    usage_metadata: message.usage_metadata,
    ...(message.id ? { id: message.id } : {}),
  });
}
