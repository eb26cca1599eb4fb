import { HumanMessage } from "@langchain/core/messages";
import { type Context, context as otelContext } from "@opentelemetry/api";
import type { Agent, RunInput, RunOptions } from "../agent/create-agent.ts";
import type { AgentEvent, AgentResult } from "../agent/events.ts";
import {
  decisionsFromResults,
  type ReturnControlPayload,
  returnControlOf,
} from "../bedrock-agents/return-control.ts";
import type { Tool } from "../tools/define-tool.ts";
import { errorResponse } from "./error-response.ts";
import { PayloadError, ThreadConflictError } from "./invocation-errors.ts";
import type { InvocationPayload } from "./invocation-payload.ts";
import { keepsThreads, type ThreadStatus, threadStatus } from "./thread-status.ts";

/** The span attribute that carries the invocation's request id on every span of its run. */
export const REQUEST_ID_ATTRIBUTE = "glassbox.request.id";

/** One invocation, whatever carried it (HTTP, WebSocket, Lambda). */
export interface Invocation {
  requestId: string;
  /** The session id, used as the thread id. */
  sessionId: string;
  payload: InvocationPayload;
}

/**
 * The JSON an invocation answers with: the run's result without the conversation's messages. A run
 * paused on action-group calls also answers `returnControl`, in InvokeAgent's shape.
 */
export type InvocationResult = Omit<AgentResult, "messages" | "threadId"> & {
  requestId: string;
  sessionId: string;
  returnControl?: ReturnControlPayload;
};

/** An event on the wire (SSE `data`, a `/ws` message): the agent's events, `done` with the result, or `error`. */
export type WireEvent =
  | Exclude<AgentEvent, { type: "done" }>
  | { type: "done"; result: InvocationResult }
  | { type: "error"; code: string; reason?: string; message: string; status: number; requestId: string };

/**
 * What to run for an invocation, given where its thread stands:
 * - `prompt`: a new user message whose id is the request id. A retry of the same request (same id as
 *   the thread's last user message) does not add the message again: it continues or returns that turn.
 *   A thread waiting for decisions, or with a run that stopped mid-way, refuses a new prompt (409).
 * - `resume`: the decisions, only for a paused thread.
 * - `continue`: the thread's unfinished run from its last checkpoint (or, once finished, its result).
 */
export async function planRun(
  agent: Pick<Agent, "graph" | "tools">,
  invocation: Invocation,
): Promise<{ input: RunInput; options: RunOptions }> {
  const { payload, sessionId, requestId } = invocation;
  const { sessionAttributes, promptSessionAttributes } = payload.sessionState ?? {};
  const returned = payload.sessionState?.returnControlInvocationResults;
  const options: RunOptions = {
    threadId: sessionId,
    attributes: { ...payload.attributes, [REQUEST_ID_ATTRIBUTE]: requestId },
    ...(payload.requestMetadata ? { requestMetadata: payload.requestMetadata } : {}),
    ...(sessionAttributes || promptSessionAttributes
      ? {
          sessionState: {
            ...(sessionAttributes ? { sessionAttributes } : {}),
            ...(promptSessionAttributes ? { promptSessionAttributes } : {}),
          },
        }
      : {}),
  };
  if (!keepsThreads(agent)) {
    if (payload.prompt === undefined)
      throw new PayloadError([
        {
          name: payload.resume
            ? "resume"
            : returned
              ? "sessionState.returnControlInvocationResults"
              : "continue",
          message: "this agent keeps no threads (it has no checkpointer), so no run can be resumed",
        },
      ]);
    return { input: payload.prompt, options };
  }
  const status = await threadStatus(agent, sessionId);
  if (payload.continue) {
    if (!status.exists)
      throw new ThreadConflictError("NothingToContinue", `session ${sessionId} has no run to continue`);
    return { input: null, options };
  }
  if (payload.resume) {
    if (status.state !== "paused")
      throw new ThreadConflictError(
        "ThreadNotPaused",
        status.state === "unfinished"
          ? `session ${sessionId} is not waiting for decisions: its run stopped mid-way; send {"continue": true}`
          : `session ${sessionId} is not paused on tool calls; there is nothing to resume`,
      );
    return { input: { resume: payload.resume }, options };
  }
  if (returned) {
    if (status.state !== "paused")
      throw new ThreadConflictError(
        "ThreadNotPaused",
        `session ${sessionId} is not waiting for returned control; there is nothing to resume`,
      );
    return { input: { resume: { decisions: returnedDecisions(agent, status.calls, returned) } }, options };
  }
  const seen = status.userMessageIds.lastIndexOf(requestId);
  if (seen !== -1) {
    if (seen !== status.userMessageIds.length - 1)
      throw new ThreadConflictError(
        "RequestIdReused",
        `request id ${requestId} already sent an earlier turn of session ${sessionId}; use a new id per invocation`,
      );
    // A retry continues or returns its turn, whose session state the first attempt already set.
    const { sessionState: _sent, ...retry } = options;
    return { input: null, options: retry };
  }
  if (status.state === "paused")
    throw new ThreadConflictError(
      "ThreadPaused",
      `session ${sessionId} is waiting for decisions on ${status.calls.map((call) => `${call.name} (${call.id})`).join(", ")}; send {"resume": {"decisions": {...}}}`,
      { paused: { next: status.next, calls: status.calls } },
    );
  if (status.state === "unfinished")
    throw new ThreadConflictError(
      "ThreadUnfinished",
      `session ${sessionId} has a run that stopped before ${status.next.join(", ")}; send {"continue": true} to finish it first`,
      { next: status.next },
    );
  return { input: [new HumanMessage({ content: payload.prompt ?? "", id: requestId })], options };
}

/**
 * The decisions for `returnControlInvocationResults`: every paused call needs its result (matched by
 * action group and operation), else a 400 naming the calls left without one.
 */
function returnedDecisions(
  agent: Pick<Agent, "tools">,
  calls: ThreadStatus["calls"],
  results: NonNullable<NonNullable<InvocationPayload["sessionState"]>["returnControlInvocationResults"]>,
) {
  const decisions = decisionsFromResults(calls, agent.tools ?? [], results);
  const missing = calls.filter((call) => decisions[call.id] === undefined);
  if (missing.length)
    throw new PayloadError([
      {
        name: "sessionState.returnControlInvocationResults",
        message: `no result for ${missing.map((call) => `${call.name} (${call.id})`).join(", ")}; each needs an apiResult or functionResult with its action group and operation`,
      },
    ]);
  return decisions;
}

/** The response body for a finished (or paused) run. */
export function invocationResult(
  result: AgentResult,
  invocation: Invocation,
  tools: readonly Tool[] = [],
): InvocationResult {
  const { messages: _messages, threadId: _threadId, ...rest } = result;
  const returnControl = result.paused ? returnControlOf(result.paused, tools) : undefined;
  return {
    requestId: invocation.requestId,
    sessionId: invocation.sessionId,
    ...rest,
    ...(returnControl?.invocationInputs.length ? { returnControl } : {}),
  };
}

/** Runs the invocation to its end and returns the response body. */
export async function runInvocation(
  agent: Agent,
  invocation: Invocation,
  run: { signal?: AbortSignal; parent?: Context } = {},
): Promise<InvocationResult> {
  return otelContext.with(run.parent ?? otelContext.active(), async () => {
    const { input, options } = await planRun(agent, invocation);
    const result = await agent.invoke(input, { ...options, ...(run.signal ? { signal: run.signal } : {}) });
    return invocationResult(result, invocation, agent.tools);
  });
}

/**
 * Runs the invocation as a stream of wire events, ending with `done`. Errors are thrown (the transport
 * turns them into its error event); closing the iterator early cancels the run.
 */
export async function* streamInvocation(
  agent: Agent,
  invocation: Invocation,
  run: { signal?: AbortSignal; parent?: Context } = {},
): AsyncGenerator<WireEvent> {
  const parent = run.parent ?? otelContext.active();
  const { input, options } = await otelContext.with(parent, () => planRun(agent, invocation));
  const stream = otelContext.with(parent, () =>
    agent.stream(input, { ...options, ...(run.signal ? { signal: run.signal } : {}) }),
  );
  try {
    for (;;) {
      // Each step runs in the request's trace context, so the run's spans join the caller's trace.
      const next = await otelContext.with(parent, () => stream.next());
      if (next.done) return;
      const event = next.value;
      yield event.type === "done"
        ? { type: "done", result: invocationResult(event.result, invocation, agent.tools) }
        : event;
    }
  } finally {
    // A consumer that stops early (client gone) cancels the run; after the end this does nothing.
    await stream.return(undefined as never);
  }
}

/** The `error` wire event for an error (the same code, reason and message as the JSON error body). */
export function errorEvent(error: unknown, requestId: string): WireEvent {
  const { status, body } = errorResponse(error, requestId);
  return {
    type: "error",
    status,
    code: body.code,
    ...(body.reason ? { reason: body.reason } : {}),
    message: body.message,
    requestId,
  };
}
