import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import {
  type Attributes,
  type Context,
  context as otelContext,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { roundUsd } from "../model/pricing.ts";
import type { Usage } from "../model/usage.ts";
import { ATTR, EVENT, OPERATION, PROVIDER_AWS_BEDROCK } from "./attributes.ts";
import { toInputMessages, toOutputMessages } from "./content.ts";

/** What span helpers need for one run: the tracers, the content opt-in and attributes for every span. */
export interface SpanScope {
  /** The agent loop's spans (`invoke_agent`, `chat`, `execute_tool`). */
  tracer: Tracer;
  /** Other spans (`retrieval`, `apply_guardrail`); `tracer` when absent. */
  componentTracer?: Tracer;
  captureContent: boolean;
  /** `gen_ai.conversation.id`, `session.id` and user-supplied attributes, put on every span of the run. */
  common: Attributes;
  /** The parent of the run's spans when it is not the active span (runs started by the LangGraph server). */
  parent?: Context;
}

/**
 * Attributes every span of a run carries: the thread id as `gen_ai.conversation.id` and `session.id`
 * (or another session id when the run has no thread), and what the caller added.
 */
export function commonAttributes(
  threadId: string | undefined,
  extra: Record<string, string | number | boolean> | undefined,
  sessionId: string | undefined = threadId,
): Attributes {
  const attributes: Attributes = { ...extra };
  if (threadId) attributes[ATTR.conversationId] = threadId;
  if (sessionId) attributes[ATTR.sessionId] = sessionId;
  return attributes;
}

/** Starts `invoke_agent {name}`, the root of a run. */
export function startAgentSpan(scope: SpanScope, agentName: string, modelId: string): Span {
  return scope.tracer.startSpan(
    `${OPERATION.invokeAgent} ${agentName}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        ...scope.common,
        [ATTR.operationName]: OPERATION.invokeAgent,
        [ATTR.providerName]: PROVIDER_AWS_BEDROCK,
        [ATTR.agentName]: agentName,
        [ATTR.requestModel]: modelId,
      },
    },
    scope.parent,
  );
}

/** What a finished run reports on its root span. */
export interface AgentSpanResult {
  outcome: string;
  usage: Usage;
  costUsd?: number;
  /** Model calls (thoughts) of the run. */
  steps?: number;
  error?: unknown;
  /** The run's new input and its answer, recorded only when content capture is on. */
  content?: { input: readonly BaseMessage[]; output?: AIMessage };
}

/** Ends the run's root span with its outcome, usage, cost and (opted in) its input and answer. */
export function endAgentSpan(span: Span, result: AgentSpanResult, captureContent = false): void {
  span.setAttributes({
    [ATTR.runOutcome]: result.outcome,
    [ATTR.usageInputTokens]:
      result.usage.inputTokens + result.usage.cacheReadInputTokens + result.usage.cacheWriteInputTokens,
    [ATTR.usageOutputTokens]: result.usage.outputTokens,
  });
  if (result.steps !== undefined) span.setAttribute(ATTR.runSteps, result.steps);
  if (result.costUsd !== undefined) span.setAttribute(ATTR.runCostUsd, roundUsd(result.costUsd));
  if (captureContent && result.content) {
    if (result.content.input.length)
      span.setAttribute(ATTR.inputMessages, toInputMessages(result.content.input));
    if (result.content.output)
      span.setAttribute(ATTR.outputMessages, toOutputMessages(result.content.output));
  }
  if (result.error !== undefined) markError(span, result.error);
  span.end();
}

export interface ChatRequest {
  modelId: string;
  step: number;
  stream: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  serverAddress?: string;
  serverPort?: number;
  guardrailId?: string;
}

/** Starts the thought span `chat {model}` (CLIENT). */
export function startChatSpan(scope: SpanScope, request: ChatRequest): Span {
  const attributes: Attributes = {
    ...scope.common,
    [ATTR.operationName]: OPERATION.chat,
    [ATTR.providerName]: PROVIDER_AWS_BEDROCK,
    [ATTR.requestModel]: request.modelId,
    [ATTR.reactStep]: request.step,
    [ATTR.reactPhase]: "thought",
  };
  if (request.stream) attributes[ATTR.requestStream] = true;
  if (request.maxTokens !== undefined) attributes[ATTR.requestMaxTokens] = request.maxTokens;
  if (request.temperature !== undefined) attributes[ATTR.requestTemperature] = request.temperature;
  if (request.topP !== undefined) attributes[ATTR.requestTopP] = request.topP;
  if (request.stopSequences?.length) attributes[ATTR.requestStopSequences] = request.stopSequences;
  if (request.serverAddress) attributes[ATTR.serverAddress] = request.serverAddress;
  if (request.serverPort) attributes[ATTR.serverPort] = request.serverPort;
  if (request.guardrailId) attributes[ATTR.bedrockGuardrailId] = request.guardrailId;
  return scope.tracer.startSpan(
    `${OPERATION.chat} ${request.modelId}`,
    { kind: SpanKind.CLIENT, attributes },
    scope.parent,
  );
}

export interface ChatResponse {
  stopReason: string;
  usage: Usage;
  responseId?: string;
  costUsd?: number;
  attempts: number;
  timeToFirstChunkMs?: number;
}

/** Ends a thought span with the response's finish reason, usage and cost. */
export function endChatSpan(span: Span, response: ChatResponse): void {
  const { usage } = response;
  span.setAttributes({
    [ATTR.responseFinishReasons]: [response.stopReason],
    [ATTR.usageInputTokens]: usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens,
    [ATTR.usageOutputTokens]: usage.outputTokens,
    [ATTR.usageCacheReadInputTokens]: usage.cacheReadInputTokens,
    [ATTR.usageCacheCreationInputTokens]: usage.cacheWriteInputTokens,
    [ATTR.chatAttempts]: response.attempts,
  });
  if (response.responseId) span.setAttribute(ATTR.responseId, response.responseId);
  if (response.costUsd !== undefined) span.setAttribute(ATTR.chatCostUsd, roundUsd(response.costUsd));
  if (response.timeToFirstChunkMs !== undefined) {
    span.setAttribute(ATTR.responseTimeToFirstChunk, response.timeToFirstChunkMs / 1000);
  }
  span.end();
}

/** Records a failed model call that will be tried again. */
export function recordRetry(span: Span, info: { attempt: number; delayMs: number; errorType: string }): void {
  span.addEvent(EVENT.retry, {
    [ATTR.retryAttempt]: info.attempt,
    [ATTR.retryDelayMs]: Math.round(info.delayMs),
    [ATTR.errorType]: info.errorType,
  });
}

/** Starts the action span `execute_tool {tool}`. */
export function startToolSpan(
  scope: SpanScope,
  call: { tool: string; toolCallId: string; step: number; description?: string },
): Span {
  const attributes: Attributes = {
    ...scope.common,
    [ATTR.operationName]: OPERATION.executeTool,
    [ATTR.providerName]: PROVIDER_AWS_BEDROCK,
    [ATTR.toolName]: call.tool,
    [ATTR.toolCallId]: call.toolCallId,
    [ATTR.toolType]: "function",
    [ATTR.reactStep]: call.step,
    [ATTR.reactPhase]: "action",
  };
  if (call.description) attributes[ATTR.toolDescription] = call.description;
  return scope.tracer.startSpan(
    `${OPERATION.executeTool} ${call.tool}`,
    { kind: SpanKind.INTERNAL, attributes },
    scope.parent,
  );
}

/** Ends an action span with its observation: status and size always, content only when opted in. */
export function endToolSpan(
  span: Span,
  scope: SpanScope,
  observation: {
    status: "success" | "error";
    content: string;
    sizeBytes: number;
    durationMs: number;
    errorType?: string;
  },
  input: unknown,
): void {
  const attributes: Attributes = {
    [ATTR.observationStatus]: observation.status,
    [ATTR.observationSizeBytes]: observation.sizeBytes,
    [ATTR.observationDurationMs]: observation.durationMs,
  };
  if (scope.captureContent) {
    attributes[ATTR.toolCallArguments] = JSON.stringify(input ?? null);
    attributes[ATTR.toolCallResult] = observation.content;
  }
  span.setAttributes(attributes);
  span.addEvent(EVENT.observation, {
    [ATTR.reactPhase]: "observation",
    [ATTR.observationStatus]: observation.status,
    [ATTR.observationSizeBytes]: observation.sizeBytes,
  });
  if (observation.status === "error") {
    span.setAttribute(ATTR.errorType, observation.errorType ?? "tool_error");
    span.setStatus({ code: SpanStatusCode.ERROR, message: observation.errorType ?? "tool_error" });
  }
  span.end();
}

/** Marks a span failed with the error's type (e.g. `ThrottlingException`), never its payload. */
export function markError(span: Span, error: unknown): void {
  const type = errorTypeOf(error);
  span.setAttribute(ATTR.errorType, type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/** The error's type name for `error.type`, or `_OTHER`. */
export function errorTypeOf(error: unknown): string {
  if (error && typeof error === "object" && "name" in error && typeof error.name === "string" && error.name) {
    return error.name === "Error" ? "_OTHER" : error.name;
  }
  return "_OTHER";
}

/** Runs `fn` with `span` as the active span, so spans made inside nest under it. */
export function withActiveSpan<T>(span: Span, fn: () => T): T {
  return otelContext.with(trace.setSpan(otelContext.active(), span), fn);
}
