import { randomUUID } from "node:crypto";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type AIMessage, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { type BaseCheckpointSaver, Command, MemorySaver, Overwrite } from "@langchain/langgraph";
import { context as otelContext, propagation } from "@opentelemetry/api";
import { ConfigError, parseWith } from "../config/config-error.ts";
import { createActNode } from "../graph/act.ts";
import { buildAgentGraph, type GraphExtensions, recursionLimitFor } from "../graph/build.ts";
import { type LimitsInput, LimitsSchema } from "../graph/limits.ts";
import { type GraphTelemetry, runScope } from "../graph/run-scope.ts";
import type { AgentStateUpdate, AgentStateValue, RunContext } from "../graph/state.ts";
import { createThinkNode } from "../graph/think.ts";
import {
  createToolReviewNode,
  parseToolReviewResponse,
  ToolReviewRequestSchema,
  type ToolReviewResponse,
  ToolReviewResponseSchema,
} from "../graph/tool-review.ts";
import { connectionOf, createBedrockRuntimeClient } from "../model/client.ts";
import { type ModelConfigInput, parseModelConfig } from "../model/config.ts";
import { createModelPool } from "../model/model-pool.ts";
import { RetryPolicySchema } from "../model/retry.ts";
import { trackToolResultStatus } from "../model/tool-result-status.ts";
import { emptyUsage } from "../model/usage.ts";
import { RunRootHandler } from "../telemetry/run-root.ts";
import { disabledTelemetry } from "../telemetry/setup.ts";
import { commonAttributes, endAgentSpan, startAgentSpan, withActiveSpan } from "../telemetry/spans.ts";
import { pausedNodes } from "../threads/history.ts";
import { type ReleaseThread, threadLockFor } from "../threads/thread-lock.ts";
import { pausesFor, type Tool } from "../tools/define-tool.ts";
import { createAsyncQueue } from "./async-queue.ts";
import type { AgentEvent, AgentResult, PausedRun } from "./events.ts";
import { type AgentFingerprint, agentFingerprint } from "./fingerprint.ts";
import { toResult } from "./result.ts";

/** Options of {@link createAgent}. */
export interface AgentOptions {
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
   * How long a run waits for its thread while another run (in this process or another one sharing the
   * store) holds it, before failing with `ThreadBusyError` (default 0: at once). Nothing is added to
   * the thread by a run that did not start.
   */
  threadBusyWaitMs?: number;
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
  /**
   * Picks the model under a traffic split when the run has no thread (the thread id does otherwise),
   * so a run can be repeated on the same model: evaluations pass their case key.
   */
  routingKey?: string;
  /** Overrides {@link AgentOptions.threadBusyWaitMs} for this run. */
  threadBusyWaitMs?: number;
}

/**
 * What a run starts from: a new user message (or messages); `{ resume }` with the decisions for a run
 * paused on tool calls; or `null` to continue a run that stopped at a breakpoint or died mid-run.
 */
export type RunInput = string | BaseMessage[] | { resume: ToolReviewResponse } | null;

/** An agent's compiled LangGraph graph (for Studio, custom streaming, or embedding in a bigger graph). */
export type AgentGraph = ReturnType<ReturnType<typeof buildAgentGraph>["compile"]>;

/** A ReAct agent over the Converse API whose every step is visible. */
export interface Agent {
  readonly name: string;
  /** The compiled LangGraph graph (for Studio, custom streaming, or embedding in a bigger graph). */
  readonly graph: AgentGraph;
  invoke(input: RunInput, options?: RunOptions): Promise<AgentResult>;
  /** Yields tokens and step events as they happen; the last event is `done` with the result. */
  stream(input: RunInput, options?: RunOptions): AsyncGenerator<AgentEvent, AgentResult>;
  /** What decides the answers of a run with this thread id or routing key (see {@link AgentFingerprint}). */
  fingerprint(routingKey?: string): AgentFingerprint;
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
export function createAgent(options: AgentOptions = {}): Agent {
  const name = options.name ?? "glassbox-agent";
  const modelConfig = parseModelConfig(
    typeof options.model === "string" ? { modelId: options.model } : (options.model ?? {}),
    "model",
  );
  const limits = parseWith(LimitsSchema, options.limits ?? {}, "limits");
  const retry = parseWith(RetryPolicySchema, modelConfig.retry ?? {}, "model.retry");
  const telemetry = options.telemetry ?? disabledTelemetry();
  const tools = options.tools ?? [];
  const client = options.client ?? createBedrockRuntimeClient(connectionOf(modelConfig));
  // With an injected client ChatBedrockConverse never uses the region itself; the client resolves it.
  const region =
    modelConfig.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "from-client";
  const models = createModelPool(client, region, modelConfig);
  const scope = runScope(telemetry);
  const endpoint = modelConfig.endpoint ? new URL(modelConfig.endpoint) : undefined;

  const think = createThinkNode({
    models,
    modelConfig,
    tools,
    systemPrompt: options.systemPrompt,
    limits,
    retry,
    scope,
    server: endpoint ? { address: endpoint.hostname, port: Number(endpoint.port) || undefined } : undefined,
  });
  const act = createActNode({ tools, limits, scope, onToolError: trackToolResultStatus(client) });
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
    const runKey = threadId ?? run.routingKey ?? randomUUID();
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
        },
        ...(Object.keys(context).length ? { context } : {}),
        ...(run.signal ? { signal: run.signal } : {}),
        recursionLimit,
      },
    };
  }

  /** Takes the run's thread (one run per thread at a time), or nothing for a run without a store. */
  async function takeThread(threadId: string | undefined, run: RunOptions): Promise<ReleaseThread> {
    if (!checkpointer || !threadId) return async () => {};
    return threadLockFor(checkpointer).acquire(threadId, {
      waitMs: run.threadBusyWaitMs ?? options.threadBusyWaitMs ?? 0,
      ...(run.signal ? { signal: run.signal } : {}),
    });
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

  return {
    name,
    graph,
    fingerprint: (routingKey = "") =>
      agentFingerprint({
        name,
        modelId: models.forKey(routingKey).modelId,
        modelConfig,
        ...(options.systemPrompt !== undefined ? { systemPrompt: options.systemPrompt } : {}),
        tools,
        limits,
        extensions,
      }),
    async invoke(input, run = {}) {
      const startedAt = performance.now();
      const { modelId, span, state, config, threadId, input: messages } = prepare(input, run);
      try {
        const release = await takeThread(threadId, run);
        let final: unknown;
        try {
          await checkResume(input, threadId);
          final = await withActiveSpan(span, () => compiled.invoke(state, config));
        } finally {
          await release();
        }
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
        const release = await takeThread(threadId, run);
        try {
          await checkResume(input, threadId);
          const stream = await compiled.stream(state, { ...config, streamMode: ["custom", "values"] });
          for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
            if (mode === "custom") queue.push(chunk as AgentEvent);
            // A run that pauses ends its values stream with a chunk holding only `__interrupt__`.
            else if (!(chunk as Record<string, unknown>).__interrupt__) final = chunk as AgentStateValue;
          }
        } finally {
          await release();
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
