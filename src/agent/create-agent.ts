import { randomUUID } from "node:crypto";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type AIMessage, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { type BaseCheckpointSaver, Command, MemorySaver, Overwrite } from "@langchain/langgraph";
import { context as otelContext, propagation } from "@opentelemetry/api";
import { ConfigError, parseWith } from "../config/config-error.ts";
import type { ContextManager } from "../context/context-manager.ts";
import { createActNode } from "../graph/act.ts";
import { buildAgentGraph, type GraphExtensions, recursionLimitFor } from "../graph/build.ts";
import { type LimitsInput, LimitsSchema } from "../graph/limits.ts";
import { type GraphTelemetry, runScope } from "../graph/run-scope.ts";
import type { AgentStateUpdate, AgentStateValue, RunContext } from "../graph/state.ts";
import { createThinkNode, OUTPUT_CONFIG_KEY } from "../graph/think.ts";
import {
  createToolReviewNode,
  parseToolReviewResponse,
  ToolReviewRequestSchema,
  type ToolReviewResponse,
  ToolReviewResponseSchema,
} from "../graph/tool-review.ts";
import { resolveCachePolicy } from "../model/cache-policy.ts";
import { checkModelFeatures } from "../model/check-features.ts";
import { createBedrockRuntimeClient } from "../model/client.ts";
import { type ModelConfigInput, parseModelConfig } from "../model/config.ts";
import { createModelPool } from "../model/model-pool.ts";
import { RetryPolicySchema } from "../model/retry.ts";
import { emptyUsage } from "../model/usage.ts";
import { type OutputSchemaInput, type OutputSpec, outputSpec } from "../output/output-spec.ts";
import { RunRootHandler } from "../telemetry/run-root.ts";
import { disabledTelemetry } from "../telemetry/setup.ts";
import { commonAttributes, endAgentSpan, startAgentSpan, withActiveSpan } from "../telemetry/spans.ts";
import { pausedNodes } from "../threads/history.ts";
import { pausesFor, type Tool, toToolSpec } from "../tools/define-tool.ts";
import { createAsyncQueue } from "./async-queue.ts";
import { estimateFirstCall, type RunEstimate } from "./estimate.ts";
import type { AgentEvent, AgentResult, PausedRun } from "./events.ts";
import { toResult } from "./result.ts";

/** Options of {@link createAgent}; `Output` is the type of the structured answer, when `output` is set. */
export interface AgentOptions<Output = undefined> {
  /** The agent's name: the graph name, `gen_ai.agent.name`, and the `invoke_agent {name}` span. */
  name?: string;
  description?: string;
  /** A model id, or the full model config (region, endpoint, inference settings, traffic split, retry...). */
  model?: string | ModelConfigInput;
  /** A Bedrock runtime client to use instead of one built from the model config. */
  client?: BedrockRuntimeClient;
  tools?: readonly Tool[];
  systemPrompt?: string;
  limits?: LimitsInput;
  /** Where spans go: the result of `setupTelemetry()`. Tracing is off when absent. */
  telemetry?: GraphTelemetry;
  /**
   * Persists threads (LangGraph checkpointer; see `createCheckpointer`). An agent with tools that pause
   * (approval, client-run) gets an in-memory one when none is given.
   */
  checkpointer?: BaseCheckpointSaver;
  /** Nodes slotted into the loop: guardrail checkpoints, retrieval, ... */
  extensions?: GraphExtensions;
  interruptBefore?: string[];
  interruptAfter?: string[];
  /**
   * Makes the final answer a validated, typed `result.output`: a zod object schema (or a JSON Schema
   * object). Converse's native JSON schema output is used where the model has it, else a final tool.
   */
  output?: OutputSchemaInput<Output>;
  /** Keeps long threads inside the model's context window: `slidingWindow()` or `summarizing()`. */
  context?: ContextManager;
}

/** Per-run options of `invoke` and `stream`. */
export interface RunOptions {
  /** Conversation id: continues a thread with a checkpointer; `gen_ai.conversation.id` on every span. */
  threadId?: string;
  signal?: AbortSignal;
  /** Attributes added to every span of the run (team, tenant, cost centre...). */
  attributes?: RunContext["attributes"];
  /** Converse `requestMetadata` for this run, merged over the model config's. */
  requestMetadata?: Record<string, string>;
  /** Run from this earlier checkpoint of the thread (time travel): the new steps fork the history there. */
  checkpointId?: string;
  /** A structured answer for this run only (over the agent's `output`). */
  output?: OutputSchemaInput;
}

/**
 * What a run starts from: a new user message (or messages); `{ resume }` with the decisions for a run
 * paused on tool calls; or `null` to continue a run that stopped at a breakpoint or died mid-run.
 */
export type RunInput = string | BaseMessage[] | { resume: ToolReviewResponse } | null;

/** An agent's compiled LangGraph graph (for Studio, custom streaming, or embedding in a bigger graph). */
export type AgentGraph = ReturnType<ReturnType<typeof buildAgentGraph>["compile"]>;

/** A ReAct agent over the Converse API whose every step is visible. */
export interface Agent<Output = undefined> {
  readonly name: string;
  /** The compiled LangGraph graph (for Studio, custom streaming, or embedding in a bigger graph). */
  readonly graph: AgentGraph;
  invoke<RunOutput = Output>(
    input: RunInput,
    options?: RunOptions & { output?: OutputSchemaInput<RunOutput> },
  ): Promise<AgentResult<RunOutput>>;
  /** Yields tokens and step events as they happen; the last event is `done` with the result. */
  stream<RunOutput = Output>(
    input: RunInput,
    options?: RunOptions & { output?: OutputSchemaInput<RunOutput> },
  ): AsyncGenerator<AgentEvent<RunOutput>, AgentResult<RunOutput>>;
  /**
   * Counts and prices the first model call a run with this input would make (CountTokens where the
   * model supports it, else Glassbox's estimate), without calling the model.
   */
  estimate(
    input: string | BaseMessage[],
    options?: Pick<RunOptions, "output" | "threadId">,
  ): Promise<RunEstimate>;
}

/**
 * Builds a ReAct agent: a LangGraph `StateGraph` with a *think* node (one Converse call) and an *act*
 * node (the turn's tool calls in parallel), looping until the model answers or a limit is reached.
 *
 * @example
 * ```ts
 * import { createAgent, setupTelemetry } from "glassbox";
 *
 * const agent = createAgent({
 *   name: "support",
 *   model: { modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", region: "us-east-1" },
 *   tools: [lookupOrder],
 *   systemPrompt: "You answer questions about orders.",
 *   limits: { maxSteps: 8, maxTokens: 50_000 },
 *   telemetry: setupTelemetry({ exporters: [{ type: "otlp" }] }),
 * });
 * const { answer, outcome, steps } = await agent.invoke("Where is order A-1001?", { threadId: "ticket-77" });
 * ```
 */
export function createAgent<Output = undefined>(options: AgentOptions<Output> = {}): Agent<Output> {
  const name = options.name ?? "glassbox-agent";
  const modelConfig = parseModelConfig(
    typeof options.model === "string" ? { modelId: options.model } : (options.model ?? {}),
    "model",
  );
  const limits = parseWith(LimitsSchema, options.limits ?? {}, "limits");
  const retry = parseWith(RetryPolicySchema, modelConfig.retry ?? {}, "model.retry");
  const telemetry = options.telemetry ?? disabledTelemetry();
  const tools = options.tools ?? [];
  const client =
    options.client ??
    createBedrockRuntimeClient({
      region: modelConfig.region,
      endpoint: modelConfig.endpoint,
      profile: modelConfig.profile,
      requestTimeoutMs: modelConfig.requestTimeoutMs,
    });
  const models = createModelPool(modelConfig);
  const cache = resolveCachePolicy(modelConfig.cache);
  checkModelFeatures(modelConfig, models, cache);
  const output = options.output ? outputSpec(options.output) : undefined;
  const scope = runScope(telemetry);
  const endpoint = modelConfig.endpoint ? new URL(modelConfig.endpoint) : undefined;

  const think = createThinkNode({
    client,
    models,
    modelConfig,
    tools,
    systemPrompt: options.systemPrompt,
    limits,
    retry,
    scope,
    server: endpoint ? { address: endpoint.hostname, port: Number(endpoint.port) || undefined } : undefined,
    ...(output ? { output } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(cache ? { cache } : {}),
  });
  const act = createActNode({ tools, limits, scope });
  const pauses = tools.some((tool) => pausesFor(tool));
  const extensions = pauses ? withToolReview(tools, options.extensions) : (options.extensions ?? {});
  // Pausing needs a checkpointer; without pausing tools a run keeps none (checkpointing costs ~30%).
  const checkpointer = options.checkpointer ?? (pauses ? new MemorySaver() : undefined);
  const compiled = buildAgentGraph({ think, act, extensions }).compile({
    name,
    description: options.description,
    checkpointer,
    interruptBefore: options.interruptBefore as never,
    interruptAfter: options.interruptAfter as never,
  });
  const recursionLimit = recursionLimitFor(limits.maxSteps, extensions);
  // Runs the LangGraph server (Studio) or `graph.invoke` start get their root span from a callback;
  // `agent.invoke` and `agent.stream` make their own and run the plain graph.
  const graph =
    options.telemetry && options.telemetry.enabled !== false
      ? (compiled.withConfig({
          callbacks: [
            new RunRootHandler(telemetry, name, (threadId) => models.forKey(threadId ?? "").modelId),
          ],
        }) as typeof compiled)
      : compiled;

  function prepare(input: RunInput, run: RunOptions) {
    if (checkpointer === undefined && (input === null || (typeof input === "object" && "resume" in input)))
      throw new ConfigError(
        "resuming a run needs a checkpointer (AgentOptions.checkpointer) and its threadId",
      );
    if (!run.threadId && (input === null || (typeof input === "object" && "resume" in input)))
      throw new ConfigError("resuming a run needs the threadId of the paused run");
    // A thread is what lets a run pause and resume; a run without one gets a fresh id.
    const threadId = run.threadId ?? (checkpointer ? randomUUID() : undefined);
    const runKey = threadId ?? randomUUID();
    const sessionId = threadId ?? sessionIdFor(telemetry.profile, runKey);
    const spanScope = {
      tracer: telemetry.tracer,
      captureContent: telemetry.captureContent,
      common: commonAttributes(threadId, run.attributes, sessionId),
    };
    const requestMetadata = { ...modelConfig.requestMetadata, ...run.requestMetadata };
    const context: RunContext = {
      ...(run.attributes ? { attributes: run.attributes } : {}),
      ...(Object.keys(requestMetadata).length ? { requestMetadata } : {}),
    };
    const { modelId } = models.forKey(runKey);
    const runOutput: OutputSpec | undefined = run.output
      ? outputSpec(run.output, undefined, "run.output")
      : undefined;
    return {
      modelId,
      span: startAgentSpan(spanScope, name, modelId),
      threadId,
      input: typeof input === "string" ? [new HumanMessage(input)] : Array.isArray(input) ? input : [],
      state: startState(input),
      // Keys are set only when they have values: LangGraph validates a present `context` and wires
      // abort handling into every task for a present `signal`, even an undefined one.
      config: {
        configurable: {
          ...(threadId ? { thread_id: threadId } : {}),
          ...(run.checkpointId ? { checkpoint_id: run.checkpointId } : {}),
          ...(sessionId && sessionId !== threadId ? { session_id: sessionId } : {}),
          run_key: runKey,
          ...(runOutput ? { [OUTPUT_CONFIG_KEY]: runOutput } : {}),
        },
        ...(Object.keys(context).length ? { context } : {}),
        ...(run.signal ? { signal: run.signal } : {}),
        recursionLimit,
      },
    };
  }

  /** Where the thread's run stopped, when it did not run to the end (a breakpoint or an interrupt). */
  async function pausedAt(
    threadId: string | undefined,
  ): Promise<{ paused: PausedRun; values: AgentStateValue } | undefined> {
    if (!checkpointer || !threadId) return undefined;
    const snapshot = await compiled.getState({ configurable: { thread_id: threadId } });
    const next = pausedNodes(snapshot);
    if (next.length === 0) return undefined;
    const requests = snapshot.tasks.flatMap((task) =>
      (task.interrupts ?? []).flatMap((pending) => {
        const request = ToolReviewRequestSchema.safeParse(pending.value);
        return request.success ? [request.data] : [];
      }),
    );
    const calls = requests.flatMap((request) => request.calls);
    const problem = requests.find((request) => request.problem)?.problem;
    const checkpointId = snapshot.config.configurable?.checkpoint_id as string | undefined;
    return {
      paused: {
        next,
        calls,
        ...(checkpointId ? { checkpointId } : {}),
        ...(problem ? { problem } : {}),
      },
      values: snapshot.values as AgentStateValue,
    };
  }

  /** Checks decisions against the calls the thread is paused on, before anything is sent to the graph. */
  async function checkResume(input: RunInput, threadId: string | undefined): Promise<void> {
    if (input === null || Array.isArray(input) || typeof input !== "object") return;
    const pause = await pausedAt(threadId);
    if (!pause?.paused.calls.length)
      throw new ConfigError(`thread "${threadId}" is not paused on tool calls; there is nothing to resume`);
    parseToolReviewResponse(input.resume, pause.paused.calls);
  }

  async function finish(
    span: ReturnType<typeof startAgentSpan>,
    state: AgentStateValue,
    info: { startedAt: number; modelId: string; threadId?: string; input: BaseMessage[] },
  ) {
    const pause = await pausedAt(info.threadId);
    const result: AgentResult = pause
      ? { ...toResult(pause.values, info), answer: "", outcome: "interrupted", paused: pause.paused }
      : toResult(state, info);
    const last = result.messages.at(-1);
    const ids = span.spanContext();
    if (span.isRecording()) result.trace = { traceId: ids.traceId, spanId: ids.spanId };
    endAgentSpan(
      span,
      {
        outcome: result.outcome,
        usage: result.usage,
        costUsd: result.costUsd,
        steps: result.metrics.modelCalls,
        content: {
          input: info.input,
          ...(!pause && last?.getType() === "ai" ? { output: last as AIMessage } : {}),
        },
      },
      telemetry.captureContent,
    );
    return result;
  }

  function fail(span: ReturnType<typeof startAgentSpan>, error: unknown, signal?: AbortSignal): never {
    endAgentSpan(span, { outcome: signal?.aborted ? "cancelled" : "error", usage: emptyUsage(), error });
    throw error;
  }

  const agent: Omit<Agent, "invoke" | "stream"> & {
    invoke(input: RunInput, options?: RunOptions): Promise<AgentResult>;
    stream(input: RunInput, options?: RunOptions): AsyncGenerator<AgentEvent, AgentResult>;
  } = {
    name,
    graph,
    async estimate(input, run = {}) {
      const { modelId, capabilities } = models.forKey(run.threadId ?? "");
      return estimateFirstCall({
        client,
        modelId,
        capabilities,
        config: modelConfig,
        systemPrompt: options.systemPrompt,
        tools: tools.map(toToolSpec),
        messages: typeof input === "string" ? [new HumanMessage(input)] : input,
        output: run.output ? outputSpec(run.output, undefined, "run.output") : output,
        cache,
      });
    },
    async invoke(input, run = {}) {
      const startedAt = performance.now();
      const { modelId, span, state, config, threadId, input: messages } = prepare(input, run);
      try {
        await checkResume(input, threadId);
        const final = await withActiveSpan(span, () => compiled.invoke(state, config));
        return await finish(span, final as AgentStateValue, {
          startedAt,
          modelId,
          threadId,
          input: messages,
        });
      } catch (error) {
        fail(span, error, run.signal);
      }
    },
    async *stream(input, run = {}) {
      const startedAt = performance.now();
      // Closing the generator early (break, return) cancels the run instead of leaving it running.
      const closed = new AbortController();
      const signal = run.signal ? AbortSignal.any([run.signal, closed.signal]) : closed.signal;
      const { modelId, span, state, config, threadId, input: messages } = prepare(input, { ...run, signal });
      const queue = createAsyncQueue<AgentEvent>();
      let final: AgentStateValue | undefined;
      withActiveSpan(span, async () => {
        await checkResume(input, threadId);
        const stream = await compiled.stream(state, { ...config, streamMode: ["custom", "values"] });
        for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
          if (mode === "custom") queue.push(chunk as AgentEvent);
          // A run that pauses ends its values stream with a chunk holding only `__interrupt__`.
          else if (!(chunk as Record<string, unknown>).__interrupt__) final = chunk as AgentStateValue;
        }
      }).then(
        () => queue.close(),
        (error: unknown) => queue.close(error ?? new Error("the run failed")),
      );
      let settled = false;
      try {
        try {
          yield* queue;
        } catch (error) {
          settled = true;
          fail(span, error, signal);
        }
        settled = true;
        if (!final) fail(span, new Error("the run produced no state"), signal);
        const result = await finish(span, final, { startedAt, modelId, threadId, input: messages });
        yield { type: "done", result };
        return result;
      } finally {
        if (!settled) {
          closed.abort(new Error("the stream was closed before the run ended"));
          endAgentSpan(span, { outcome: "cancelled", usage: emptyUsage() });
        }
      }
    },
  };
  // The output type is the caller's promise, checked at run time by the output schema.
  return agent as unknown as Agent<Output>;
}

/**
 * The session id of a run without a thread: the caller's `session.id` baggage (AgentCore passes the
 * runtime session this way), else, in the agentcore profile, which requires one, the run's own key.
 */
function sessionIdFor(profile: string | undefined, runKey: string): string | undefined {
  const fromBaggage = propagation.getBaggage(otelContext.active())?.getEntry("session.id")?.value;
  return fromBaggage ?? (profile === "agentcore" ? runKey : undefined);
}

/** Adds the review node right before *act*, for tools that pause the run (approval, client-run). */
function withToolReview(tools: readonly Tool[], extensions: GraphExtensions = {}): GraphExtensions {
  return { ...extensions, beforeAct: [...(extensions.beforeAct ?? []), createToolReviewNode(tools)] };
}

/**
 * The graph input of a run: new user message(s) with the per-run channels reset; a `Command` that
 * resumes a paused run with the caller's decisions; or `null` to continue where the thread stopped.
 */
function startState(input: RunInput): AgentStateUpdate | null {
  if (input === null) return null;
  if (!Array.isArray(input) && typeof input === "object") {
    const resume = parseWith(ToolReviewResponseSchema, input.resume, "resume");
    // The graph's input type does not list Command, which invoke and stream accept.
    return new Command({ resume }) as unknown as AgentStateUpdate;
  }
  const messages = typeof input === "string" ? [new HumanMessage(input)] : input;
  return {
    messages,
    steps: new Overwrite([]),
    sources: new Overwrite([]),
    outcome: null,
  } as unknown as AgentStateUpdate;
}
