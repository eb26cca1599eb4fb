import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { applyContext, type ContextRun } from "../context/apply-context.ts";
import type { ContextManager, Summarize } from "../context/context-manager.ts";
import { contextView } from "../context/context-view.ts";
import { CONTEXT_WINDOW_STOP_REASON, isContextOverflow } from "../context/overflow.ts";
import { SUMMARY_PROMPT } from "../context/summarizing.ts";
import { buildConverseRequest, type CallToolChoice } from "../model/build-request.ts";
import type { CachePolicy } from "../model/cache-policy.ts";
import type { ModelCapabilities } from "../model/catalog.ts";
import type { ModelConfig } from "../model/config.ts";
import { toConverseMessages } from "../model/converse-messages.ts";
import { callConverse } from "../model/converse-model.ts";
import { countRequestTokens } from "../model/count-tokens.ts";
import type { ModelPool } from "../model/model-pool.ts";
import { costOf, priceFor } from "../model/pricing.ts";
import { type RetryPolicy, withRetry } from "../model/retry.ts";
import { estimateBlockTokens, estimateRequestTokens } from "../model/token-estimate.ts";
import { usageFromMessage } from "../model/usage.ts";
import type { OutputSpec } from "../output/output-spec.ts";
import {
  correctionMessages,
  finalAnswerTool,
  finalToolRequest,
  type OutputMode,
  outputModeFor,
  readOutput,
} from "../output/structured-output.ts";
import { StructuredOutputError } from "../output/structured-output-error.ts";
import { endChatSpan, markError, type SpanScope, startChatSpan } from "../telemetry/spans.ts";
import { type Tool, toToolSpec } from "../tools/define-tool.ts";
import { limitOutcome } from "./budget.ts";
import { ledgerOf } from "./budget-ledger.ts";
import type { Limits } from "./limits.ts";
import { textOf } from "./messages.ts";
import { callModel, type ModelCallResult } from "./model-call.ts";
import type { runScope } from "./run-scope.ts";
import { withPromptSessionAttributes } from "./session-state.ts";
import type { AgentStateUpdate, AgentStateValue, RunContext, Step } from "./state.ts";
import { thoughtCount } from "./state.ts";

export interface ThinkDeps {
  client: BedrockRuntimeClient;
  models: ModelPool;
  modelConfig: ModelConfig;
  tools: readonly Tool[];
  systemPrompt?: string;
  limits: Limits;
  retry: RetryPolicy;
  scope: ReturnType<typeof runScope>;
  server?: { address: string; port?: number };
  /** Structured output for every run (a run may pass its own, see `OUTPUT_CONFIG_KEY`). */
  output?: OutputSpec;
  /** Keeps long threads inside the context window. */
  context?: ContextManager;
  cache?: CachePolicy;
}

/** The `configurable` key a run's own output spec travels under. */
export const OUTPUT_CONFIG_KEY = "glassbox_output";

/** Corrections a model gets for an answer that does not match the output schema. */
const OUTPUT_RETRIES = 2;
/** Smaller views tried after Bedrock refuses a request as too long. */
const OVERFLOW_ROUNDS = 2;

/**
 * The *think* node: one Converse call (more when context management or structured output need them),
 * each recorded as a thought step and a `chat {model}` span. Before the call, the context manager may
 * trim or summarise the view; after it, a structured answer is checked and corrected. It ends the run
 * when a limit is reached or the stop reason says the run cannot go on.
 */
export function createThinkNode(deps: ThinkDeps) {
  return async function think(
    state: AgentStateValue,
    config: LangGraphRunnableConfig,
  ): Promise<AgentStateUpdate> {
    const run = deps.scope(config);
    const budget = (config.context as RunContext | undefined)?.budget;
    const ledger = ledgerOf(config);
    // Read per call: a tool source (an MCP server) may change its tools between steps.
    const toolSpecs = deps.tools.map(toToolSpec);
    const { modelId, capabilities } = deps.models.forKey(run.runKey);
    const output = (config.configurable?.[OUTPUT_CONFIG_KEY] as OutputSpec | undefined) ?? deps.output;
    const mode: OutputMode | undefined = output ? outputModeFor(capabilities) : undefined;
    const tools = output && mode === "tool" ? [...toolSpecs, finalAnswerTool(output)] : toolSpecs;
    const added: BaseMessage[] = [];
    const steps: Step[] = [];
    const thread = () => [...state.messages, ...added];
    const stepsSoFar = () => [...state.steps, ...steps];
    const update = (extra: Partial<AgentStateUpdate> = {}): AgentStateUpdate => ({
      messages: added,
      steps,
      ...extra,
    });
    // The turn's prompt session attributes fill `$prompt_session_attributes$`, as in Bedrock Agents.
    const systemPrompt = withPromptSessionAttributes(
      deps.systemPrompt,
      state.session?.promptSessionAttributes,
    );
    const ctx = {
      client: deps.client,
      modelConfig: deps.modelConfig,
      retry: deps.retry,
      scope: run.scope,
      server: deps.server,
      writer: config.writer,
      signal: config.signal,
    };
    const build = (view: readonly BaseMessage[], toolChoice?: CallToolChoice, cache = deps.cache) =>
      buildConverseRequest({
        modelId,
        capabilities,
        config: deps.modelConfig,
        systemPrompt,
        messages: view,
        tools,
        toolChoice,
        requestMetadata: run.requestMetadata,
        ...(output && mode === "native"
          ? { outputSchema: { name: output.name, schema: output.jsonSchema } }
          : {}),
        cache,
      });

    let forceFinal = false;
    // Corrections count over the whole run: a corrected answer may lead to more tool calls first.
    let corrections = state.steps.filter((step) => step.kind === "thought" && step.outputIssues).length;
    for (;;) {
      const step = thoughtCount(stepsSoFar()) + 1;
      const limitReached = limitOutcome(step, stepsSoFar(), deps.limits, budget, ledger);
      if (limitReached) return update({ outcome: limitReached });
      const contextRun = deps.context
        ? contextRunFor(deps, deps.context, {
            modelId,
            capabilities,
            scope: run.scope,
            step,
            writer: config.writer,
            build,
          })
        : undefined;
      let view = contextView(thread());
      if (contextRun) {
        const prepared = await applyContext(contextRun, thread(), "proactive");
        if (prepared.marker && prepared.step) {
          added.push(prepared.marker);
          steps.push(prepared.step);
        }
        view = prepared.view;
      }
      const toolChoice: CallToolChoice | undefined = forceFinal && output ? { tool: output.name } : undefined;
      const overflowEnd = (detail: string): AgentStateUpdate =>
        update({ outcome: { status: "context_window_exceeded", detail } });
      const tooLong = `the conversation no longer fits ${modelId}'s ${capabilities.contextWindow}-token context window`;
      let result: ModelCallResult | undefined;
      for (let round = 0; ; round++) {
        try {
          result = await callModel(ctx, {
            step: thoughtCount(stepsSoFar()) + 1,
            modelId,
            built: build(view, toolChoice),
            view,
            systemPrompt,
            outputMode: mode,
          });
        } catch (error) {
          if (!isContextOverflow(error)) throw error;
          result = undefined;
        }
        if (result) ledger?.record(result.thought, round === 0);
        if (result && result.stopReason !== CONTEXT_WINDOW_STOP_REASON) break;
        if (!contextRun || round >= OVERFLOW_ROUNDS) {
          if (result) break;
          return overflowEnd(
            `Bedrock refused the request: ${tooLong}${contextRun ? " even after trimming" : "; give the agent a context manager (context: slidingWindow() or summarizing())"}`,
          );
        }
        // An answer cut off by the window still cost tokens: it is a thought of its own.
        if (result) {
          steps.push({ ...result.thought, text: textOf(result.message) });
          config.writer?.({ type: "thought", step: steps.at(-1) });
        }
        const prepared = await applyContext(
          { ...contextRun, step: thoughtCount(stepsSoFar()) + 1 },
          thread(),
          "overflow",
          round,
        );
        if (!prepared.marker || !prepared.step) {
          if (result) added.push(withoutToolCalls(result.message));
          return overflowEnd(`${tooLong}, and the context manager cannot make the view smaller`);
        }
        added.push(prepared.marker);
        steps.push(prepared.step);
        view = prepared.view;
      }
      if (!result) throw new Error("unreachable: a model call neither returned nor failed");
      const { message, handling, thought } = result;

      // Bedrock may stop with end_turn while still asking for tools; the tool calls decide.
      const action = handling.action === "answer" && message.tool_calls?.length ? "act" : handling.action;
      const verdict = output && mode && action !== "end" ? readOutput(message, output, mode) : undefined;

      if (verdict?.kind === "checked") {
        const check = verdict.check;
        if (check.ok) {
          const answer = verdict.toolCallId ? JSON.stringify(check.value) : textOf(message);
          const stored = answerMessage(message, answer, { value: check.value, via: mode });
          steps.push({ ...thought, text: answer, toolCalls: [] });
          config.writer?.({ type: "thought", step: steps.at(-1) });
          added.push(stored);
          return update({ outcome: { status: "answered" } });
        }
        steps.push({
          ...thought,
          text: textOf(message),
          toolCalls: toolCallsOf(message, verdict.toolCallId),
        });
        config.writer?.({ type: "thought", step: steps.at(-1) });
        if (corrections >= OUTPUT_RETRIES)
          throw new StructuredOutputError(check.raw, check.issues, corrections + 1);
        corrections++;
        added.push(
          onlyCall(message, verdict.toolCallId),
          ...correctionMessages(check.issues, verdict.toolCallId),
        );
        forceFinal = mode === "tool";
        continue;
      }
      if (verdict?.kind === "force_final" && output) {
        steps.push({ ...thought, text: textOf(message), toolCalls: [] });
        config.writer?.({ type: "thought", step: steps.at(-1) });
        if (corrections >= OUTPUT_RETRIES)
          throw new StructuredOutputError(
            textOf(message),
            [`(answer): the model did not call ${output.name}`],
            corrections + 1,
          );
        corrections++;
        added.push(withoutToolCalls(message), finalToolRequest(output));
        forceFinal = true;
        continue;
      }

      const stored = action === "act" ? message : withoutToolCalls(message);
      const toolCalls = action === "act" ? (message.tool_calls ?? []) : [];
      steps.push({
        ...thought,
        text: textOf(message),
        toolCalls: toolCalls.map((call) => ({ id: call.id ?? "", name: call.name, args: call.args })),
      });
      config.writer?.({ type: "thought", step: steps.at(-1) });
      added.push(stored);
      if (action === "act" && toolCalls.length === 0) return update({ outcome: { status: "answered" } });
      if (action !== "act") {
        return update({
          outcome: { status: handling.outcome, ...(action === "answer" ? {} : { detail: handling.note }) },
        });
      }
      return update();
    }
  };
}

/** How context management measures, estimates and summarises for this agent's model. */
function contextRunFor(
  deps: ThinkDeps,
  manager: ContextManager,
  call: {
    modelId: string;
    capabilities: ModelCapabilities;
    scope: SpanScope;
    step: number;
    writer?: LangGraphRunnableConfig["writer"];
    build: (
      view: readonly BaseMessage[],
      toolChoice?: CallToolChoice,
      cache?: CachePolicy,
    ) => ReturnType<typeof buildConverseRequest>;
  },
): ContextRun {
  const window = call.capabilities.contextWindow;
  const summaryModel = manager.summaryModel ?? call.modelId;
  const summarize: Summarize = async (transcript, maxTokens) => {
    const span = startChatSpan(call.scope, {
      modelId: summaryModel,
      step: call.step,
      stream: false,
      maxTokens,
    });
    try {
      const message = await withRetry(
        () =>
          callConverse(
            deps.client,
            {
              modelId: summaryModel,
              system: [{ text: SUMMARY_PROMPT }],
              messages: [{ role: "user", content: [{ text: transcript }] }],
              inferenceConfig: { maxTokens },
            },
            { stream: false },
          ),
        deps.retry,
      );
      const usage = usageFromMessage(message);
      const { price } = priceFor(summaryModel, deps.modelConfig.prices);
      const costUsd = price ? costOf(usage, price) : undefined;
      endChatSpan(span, {
        stopReason: String(message.response_metadata.stopReason ?? "end_turn"),
        usage,
        responseId: message.id,
        costUsd,
        attempts: 1,
      });
      return {
        text: textOf(message),
        modelId: summaryModel,
        usage,
        ...(costUsd !== undefined ? { costUsd } : {}),
      };
    } catch (error) {
      markError(span, error);
      span.end();
      throw error;
    }
  };
  return {
    manager,
    contextWindow: window,
    scope: call.scope,
    step: call.step,
    writer: call.writer,
    summarize,
    estimate: (message) => {
      const converted = toConverseMessages([message]);
      return [...converted.system, ...converted.messages.flatMap((m) => m.content)].reduce(
        (sum, block) => sum + estimateBlockTokens(block),
        3,
      );
    },
    async measure(view) {
      const { request } = call.build(view, undefined, undefined);
      const estimate = estimateRequestTokens(request);
      // CountTokens is a call of its own: make it only when the estimate is near the threshold.
      if (!call.capabilities.countTokens || estimate < window * manager.threshold * 0.75)
        return { tokens: estimate, source: "estimate" };
      return countRequestTokens(deps.client, call.capabilities, request);
    },
  };
}

type Block = Record<string, unknown>;

const toolCallsOf = (message: AIMessage, only?: string) =>
  (message.tool_calls ?? [])
    .filter((call) => only === undefined || call.id === only)
    .map((call) => ({ id: call.id ?? "", name: call.name, args: call.args }));

/** The same turn keeping only the final tool's call (its correction answers that call alone). */
function onlyCall(message: AIMessage, toolCallId: string | undefined): AIMessage {
  if (!toolCallId) return message;
  return new AIMessage({
    content: message.content,
    tool_calls: (message.tool_calls ?? []).filter((call) => call.id === toolCallId),
    response_metadata: message.response_metadata,
    usage_metadata: message.usage_metadata,
    ...(message.id ? { id: message.id } : {}),
  });
}

/**
 * A run that ends on this message must not leave unanswered tool calls in the thread's history.
 * Reasoning blocks stay, unchanged, so a replay of the thread is what the model produced.
 */
function withoutToolCalls(message: AIMessage): AIMessage {
  if (!message.tool_calls?.length) return message;
  const content =
    typeof message.content === "string"
      ? message.content
      : (message.content as Block[]).filter((block) => block.type !== "tool_use");
  return new AIMessage({
    content: content as never,
    response_metadata: message.response_metadata,
    usage_metadata: message.usage_metadata,
    ...(message.id ? { id: message.id } : {}),
  });
}

/**
 * The stored final answer of a structured run: the model's turn with its validated value under
 * `response_metadata.structuredOutput`. A final tool call becomes the JSON text of its input (the
 * thread must not keep an unanswered call).
 */
function answerMessage(
  message: AIMessage,
  answer: string,
  output: { value: unknown; via?: OutputMode },
): AIMessage {
  const base = withoutToolCalls(message);
  const content =
    output.via === "tool"
      ? typeof base.content === "string"
        ? answer
        : [
            ...(base.content as Block[]).filter((block) => block.type !== "text"),
            { type: "text", text: answer },
          ]
      : base.content;
  return new AIMessage({
    content: content as never,
    response_metadata: { ...base.response_metadata, structuredOutput: output },
    usage_metadata: base.usage_metadata,
    ...(base.id ? { id: base.id } : {}),
  });
}
