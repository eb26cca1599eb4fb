import { randomUUID } from "node:crypto";
import { type AIMessage, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { type BaseCheckpointSaver, Command, isGraphInterrupt, Overwrite } from "@langchain/langgraph";
import { context as otelContext, propagation } from "@opentelemetry/api";
import { ConfigError, parseWith } from "../config/config-error.ts";
import type { AgentRunner } from "../graph/agent-runner.ts";
import { BUDGET_LEDGER_KEY, type BudgetLedger } from "../graph/budget-ledger.ts";
import type { buildAgentGraph } from "../graph/build.ts";
import { ambientConfig } from "../graph/direct-run.ts";
import { nestedBreakpointsFor } from "../graph/nested-breakpoints.ts";
import type { RunBudget } from "../graph/run-budget.ts";
import type { GraphTelemetry } from "../graph/run-scope.ts";
import { type SessionStateUpdate, SessionStateUpdateSchema } from "../graph/session-state.ts";
import type { AgentStateUpdate, AgentStateValue, RunContext } from "../graph/state.ts";
import { OUTPUT_CONFIG_KEY } from "../graph/think.ts";
import {
  type PendingReview,
  parseToolReviewResponse,
  pendingReviews,
  resumeValueFor,
  type ToolReviewResponse,
  ToolReviewResponseSchema,
} from "../graph/tool-review.ts";
import type { ModelPool } from "../model/model-pool.ts";
import { emptyUsage } from "../model/usage.ts";
import { type OutputSchemaInput, outputSpec } from "../output/output-spec.ts";
import { commonAttributes, endAgentSpan, startAgentSpan, withActiveSpan } from "../telemetry/spans.ts";
import { pausedNodes } from "../threads/history.ts";
import { type ReleaseThread, threadLockFor } from "../threads/thread-lock.ts";
import { createAsyncQueue } from "./async-queue.ts";
import type { AgentEvent, AgentResult, PausedRun } from "./events.ts";
import { toResult } from "./result.ts";

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
  /** Overrides `AgentOptions.threadBusyWaitMs` for this run. */
  threadBusyWaitMs?: number;
  /** What is left of a team's limits; the run's own limits are capped by it (set by `asTool`). */
  budget?: RunBudget;
  /** The live spend of agents running at once on the team's budget (set by `asTool`). */
  ledger?: BudgetLedger;
  /** A structured answer for this run only (over the agent's `output`). */
  output?: OutputSchemaInput;
  /**
   * Session state for this run, as InvokeAgent's `sessionState`: `sessionAttributes` given replace the
   * thread's (which otherwise carry over from its earlier runs); `promptSessionAttributes` hold for this
   * turn only and fill `$prompt_session_attributes$` in the system prompt. Tools read and replace both
   * (`ToolContext.session`); the result returns them. Taken with a new message, not with a resume.
   *
   * @example
   * await agent.invoke("File a claim for my car", {
   *   threadId,
   *   sessionState: { sessionAttributes: { customerId: "C-42" }, promptSessionAttributes: { today: "2026-12-01" } },
   * });
   */
  sessionState?: SessionStateUpdate;
}

/**
 * What a run starts from: a new user message (or messages); `{ resume }` with the decisions for a run
 * paused on tool calls; or `null` to continue a run that stopped at a breakpoint or died mid-run.
 */
export type RunInput = string | BaseMessage[] | { resume: ToolReviewResponse } | null;

/** An agent's compiled LangGraph graph (for Studio, custom streaming, or embedding in a bigger graph). */
export type AgentGraph = ReturnType<ReturnType<typeof buildAgentGraph>["compile"]>;

/** What running an agent needs, built once by `createAgent`: the compiled graph and its run settings. */
export interface AgentRuntime {
  name: string;
  /** The graph (without the root-span callback the exported `Agent.graph` carries): state reads, pauses. */
  graph: AgentGraph;
  /** Runs the graph: on LangGraph's executor, or the direct one when the run can neither persist nor pause. */
  runner: Pick<AgentRunner, "invoke" | "stream">;
  /** The thread store; absent when no tool pauses and none was given. */
  checkpointer?: BaseCheckpointSaver;
  telemetry: GraphTelemetry;
  models: ModelPool;
  /** The model config's Converse `requestMetadata`, merged under each run's. */
  requestMetadata?: Record<string, string>;
  recursionLimit: number;
  /** How long a run waits for a thread another run holds (see `AgentOptions.threadBusyWaitMs`). */
  threadBusyWaitMs: number;
}

type AgentSpan = ReturnType<typeof startAgentSpan>;

/** Takes the run's thread (one run per thread at a time), or nothing for a run without a store. */
async function takeThread(
  runtime: AgentRuntime,
  threadId: string | undefined,
  run: RunOptions,
): Promise<ReleaseThread> {
  if (!runtime.checkpointer || !threadId) return async () => {};
  return threadLockFor(runtime.checkpointer).acquire(threadId, {
    waitMs: run.threadBusyWaitMs ?? runtime.threadBusyWaitMs,
    ...(run.signal ? { signal: run.signal } : {}),
  });
}

/** Runs the agent to the end (or a pause) and returns the result. */
export async function invokeAgent(
  runtime: AgentRuntime,
  input: RunInput,
  run: RunOptions = {},
): Promise<AgentResult> {
  const startedAt = performance.now();
  const { modelId, span, state, config, threadId, messages } = prepareRun(runtime, input, run);
  try {
    const release = await takeThread(runtime, threadId, run);
    let final: unknown;
    try {
      const resume = (await checkResume(runtime, input, threadId)) as AgentStateUpdate | undefined;
      final = await withActiveSpan(span, () => runtime.runner.invoke(resume ?? state, config));
    } finally {
      await release();
    }
    return await finishRun(runtime, span, final as AgentStateValue, {
      startedAt,
      modelId,
      threadId,
      input: messages,
    });
  } catch (error) {
    failRun(span, error, run.signal);
  }
}

/** Runs the agent, yielding tokens and step events as they happen; the last event is `done`. */
export async function* streamAgent(
  runtime: AgentRuntime,
  input: RunInput,
  run: RunOptions = {},
): AsyncGenerator<AgentEvent, AgentResult> {
  const startedAt = performance.now();
  const { signal, cancel } = earlyClose(run.signal);
  const { modelId, span, state, config, threadId, messages } = prepareRun(runtime, input, { ...run, signal });
  const queue = createAsyncQueue<AgentEvent>();
  let final: AgentStateValue | undefined;
  withActiveSpan(span, async () => {
    const release = await takeThread(runtime, threadId, run);
    try {
      const resume = (await checkResume(runtime, input, threadId)) as AgentStateUpdate | undefined;
      final = await runtime.runner.stream(resume ?? state, config, (event) =>
        queue.push(event as AgentEvent),
      );
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
      failRun(span, error, signal);
    }
    settled = true;
    if (!final) failRun(span, new Error("the run produced no state"), signal);
    const result = await finishRun(runtime, span, final, { startedAt, modelId, threadId, input: messages });
    yield { type: "done", result };
    return result;
  } finally {
    if (!settled) cancel(span);
  }
}

/**
 * A stream's signal and what to do when its consumer stops early (break, return): the run is cancelled,
 * not left running, and its span ends as cancelled. Shared by agents' and teams' streams.
 */
export function earlyClose(callerSignal: AbortSignal | undefined) {
  const closed = new AbortController();
  return {
    signal: callerSignal ? AbortSignal.any([callerSignal, closed.signal]) : closed.signal,
    cancel(span: AgentSpan): void {
      closed.abort(new Error("the stream was closed before the run ended"));
      endAgentSpan(span, { outcome: "cancelled", usage: emptyUsage() });
    },
  };
}

/** Checks a run's input against the runtime, and builds its thread, span, graph input and config. */
export function prepareRun(runtime: AgentRuntime, input: RunInput, run: RunOptions) {
  const resuming =
    input === null || (typeof input === "object" && !Array.isArray(input) && "resume" in input);
  if (runtime.checkpointer === undefined && resuming)
    throw new ConfigError("resuming a run needs a checkpointer (AgentOptions.checkpointer) and its threadId");
  if (!run.threadId && resuming) throw new ConfigError("resuming a run needs the threadId of the paused run");
  // A thread is what lets a run pause and resume; a run without one gets a fresh id.
  // Nested in a caller's LangGraph run (an agent as a tool), a run lives in the caller's thread, under
  // its node's namespace: so a crash or a pause inside it resumes there.
  const threadId = run.threadId ?? (runtime.checkpointer && !inCallerThread() ? randomUUID() : undefined);
  const runKey = threadId ?? run.routingKey ?? randomUUID();
  const sessionId = threadId ?? sessionIdFor(runtime.telemetry.profile, runKey);
  const spanScope = {
    tracer: runtime.telemetry.tracer,
    captureContent: runtime.telemetry.captureContent,
    common: commonAttributes(threadId, run.attributes, sessionId),
  };
  const requestMetadata = { ...runtime.requestMetadata, ...run.requestMetadata };
  const context: RunContext = {
    ...(run.attributes ? { attributes: run.attributes } : {}),
    ...(Object.keys(requestMetadata).length ? { requestMetadata } : {}),
    ...(run.budget ? { budget: run.budget } : {}),
  };
  const { modelId } = runtime.models.forKey(runKey);
  const output = run.output ? outputSpec(run.output, undefined, "run.output") : undefined;
  return {
    modelId,
    span: startAgentSpan(spanScope, runtime.name, modelId),
    threadId,
    messages: typeof input === "string" ? [new HumanMessage(input)] : Array.isArray(input) ? input : [],
    state: startState(input, run.sessionState),
    // Keys are set only when they have values: LangGraph validates a present `context` and wires
    // abort handling into every task for a present `signal`, even an undefined one.
    config: {
      configurable: {
        ...(threadId ? { thread_id: threadId } : {}),
        ...(run.checkpointId ? { checkpoint_id: run.checkpointId } : {}),
        ...(sessionId && sessionId !== threadId ? { session_id: sessionId } : {}),
        run_key: runKey,
        // Set even when undefined: a run nested in another (an agent as a tool) would otherwise inherit
        // its caller's output schema with the rest of its caller's configurable.
        [OUTPUT_CONFIG_KEY]: output,
        [BUDGET_LEDGER_KEY]: run.ledger,
      },
      ...(Object.keys(context).length ? { context } : {}),
      ...(run.signal ? { signal: run.signal } : {}),
      recursionLimit: runtime.recursionLimit,
      // Breakpoints Studio set on this agent's nodes under its caller's node (`act:think`).
      ...(inCallerThread() ? nestedBreakpointsFor(ambientConfig()) : {}),
    },
  };
}

/** Where the thread's run stopped, when it did not run to the end (a breakpoint or an interrupt). */
export async function pausedAt(
  runtime: ThreadStore,
  threadId: string | undefined,
): Promise<{ paused: PausedRun; values: AgentStateValue; reviews: PendingReview[] } | undefined> {
  if (!runtime.checkpointer || !threadId) return undefined;
  const snapshot = await runtime.graph.getState({ configurable: { thread_id: threadId } });
  const next = pausedNodes(snapshot);
  if (next.length === 0) return undefined;
  const reviews = pendingReviews(snapshot);
  const requests = reviews.map((review) => review.request);
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
    reviews,
  };
}

/**
 * Checks decisions against the calls the thread is paused on, before anything is sent to the graph, and
 * returns the graph input that resumes them (one value per review when several wait), or undefined when
 * the input is not a resume.
 */
export async function checkResume(
  runtime: ThreadStore,
  input: RunInput,
  threadId: string | undefined,
): Promise<Command | undefined> {
  if (input === null || Array.isArray(input) || typeof input !== "object") return undefined;
  const pause = await pausedAt(runtime, threadId);
  if (!pause?.paused.calls.length)
    throw new ConfigError(`thread "${threadId}" is not paused on tool calls; there is nothing to resume`);
  const decisions = parseToolReviewResponse(input.resume, pause.paused.calls);
  return new Command({ resume: resumeValueFor(pause.reviews, { decisions: Object.fromEntries(decisions) }) });
}

/** The graph and thread store a run's pause is read from (an agent's, a team's). */
export type ThreadStore = Pick<AgentRuntime, "graph" | "checkpointer">;

/** The run's result from its final state, or, when it paused, where it paused. */
export async function resultOrPause(
  runtime: ThreadStore,
  state: AgentStateValue,
  info: { startedAt: number; modelId: string; threadId?: string },
): Promise<{ result: AgentResult; paused: boolean }> {
  const pause = await pausedAt(runtime, info.threadId);
  if (!pause) return { result: toResult(state, info), paused: false };
  return {
    result: { ...toResult(pause.values, info), answer: "", outcome: "interrupted", paused: pause.paused },
    paused: true,
  };
}

/** The run's result (or where it paused), with the agent span ended. */
export async function finishRun(
  runtime: AgentRuntime,
  span: AgentSpan,
  state: AgentStateValue,
  info: { startedAt: number; modelId: string; threadId?: string; input: BaseMessage[] },
): Promise<AgentResult> {
  const { result, paused } = await resultOrPause(runtime, state, info);
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
        ...(!paused && last?.getType() === "ai" ? { output: last as AIMessage } : {}),
      },
    },
    runtime.telemetry.captureContent,
  );
  return result;
}

/** A session id for a run without a thread: from `session.id` baggage, or the run's own under agentcore. */
function sessionIdFor(profile: string | undefined, runKey: string): string | undefined {
  const fromBaggage = propagation.getBaggage(otelContext.active())?.getEntry("session.id")?.value;
  return fromBaggage ?? (profile === "agentcore" ? runKey : undefined);
}

/** Ends the agent span as failed (or cancelled) and rethrows. */
export function failRun(span: AgentSpan, error: unknown, signal?: AbortSignal): never {
  // A nested run that pauses ends by raising LangGraph's interrupt to its caller's run.
  if (isGraphInterrupt(error)) endAgentSpan(span, { outcome: "interrupted", usage: emptyUsage() });
  else endAgentSpan(span, { outcome: signal?.aborted ? "cancelled" : "error", usage: emptyUsage(), error });
  throw error;
}

/** Whether this run is called from a node of a checkpointed LangGraph run, which lends it its checkpointer. */
function inCallerThread(): boolean {
  // LangGraph's key for the checkpointer a parent run lends its nested runs (not exported by the package).
  return ambientConfig()?.configurable?.__pregel_checkpointer !== undefined;
}

/**
 * The graph input of a run: new user message(s) with the per-run channels reset; a `Command` that
 * resumes a paused run with the caller's decisions; or `null` to continue where the thread stopped.
 */
function startState(input: RunInput, sessionState?: SessionStateUpdate): AgentStateUpdate | null {
  const isMessage = typeof input === "string" || Array.isArray(input);
  if (sessionState !== undefined && !isMessage)
    throw new ConfigError(
      "sessionState: give it with a new message; a resumed or continued run keeps the thread's session",
    );
  if (input === null) return null;
  if (!Array.isArray(input) && typeof input === "object") {
    const resume = parseWith(ToolReviewResponseSchema, input.resume, "resume");
    // The graph's input type does not list Command, which invoke and stream accept.
    return new Command({ resume }) as unknown as AgentStateUpdate;
  }
  const messages = typeof input === "string" ? [new HumanMessage(input)] : input;
  const session = parseWith(SessionStateUpdateSchema, sessionState ?? {}, "sessionState");
  return {
    messages,
    steps: new Overwrite([]),
    sources: new Overwrite([]),
    outcome: null,
    // A new turn: prompt session attributes start over; session attributes carry over unless given.
    session: { ...session, promptSessionAttributes: session.promptSessionAttributes ?? {} },
  } as unknown as AgentStateUpdate;
}
