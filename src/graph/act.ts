import { type AIMessage, type BaseMessage, ToolMessage } from "@langchain/core/messages";
import type { ToolCall } from "@langchain/core/messages/tool";
import { GraphInterrupt, isGraphInterrupt, type LangGraphRunnableConfig, task } from "@langchain/langgraph";
import { parseWith } from "../config/config-error.ts";
import type { Tool } from "../tools/define-tool.ts";
import { toMessageContent } from "../tools/tool-output.ts";
import { remainingBudget } from "./budget.ts";
import { BudgetLedger, ledgerOf } from "./budget-ledger.ts";
import { isDirectRun } from "./direct-run.ts";
import type { Limits } from "./limits.ts";
import { latestHumanMessage, textOf } from "./messages.ts";
import type { runScope } from "./run-scope.ts";
import {
  emptySessionState,
  type SessionState,
  type SessionStateUpdate,
  SessionStateUpdateSchema,
  type ToolSession,
} from "./session-state.ts";
import type {
  ActionStep,
  AgentStateUpdate,
  AgentStateValue,
  ObservationStep,
  RunContext,
  Step,
} from "./state.ts";
import { thoughtCount } from "./state.ts";
import { runToolCall, type ToolCallOptions } from "./tool-call.ts";

/** The last turn's tool calls that have no tool message yet (rejected and client-run calls have one). */
export function pendingToolCalls(messages: readonly BaseMessage[]): ToolCall[] {
  const index = messages.findLastIndex((message) => message.getType() === "ai");
  const ai = messages[index] as AIMessage | undefined;
  if (!ai?.tool_calls?.length) return [];
  const answered = new Set(
    messages
      .slice(index + 1)
      .flatMap((message) => (ToolMessage.isInstance(message) ? [message.tool_call_id] : [])),
  );
  return ai.tool_calls.filter((call) => !answered.has(call.id ?? ""));
}

/** What a finished call leaves behind: plain data, so a checkpointer can record it. */
interface CallRecord {
  action: ActionStep;
  observation: ObservationStep;
  substeps?: Step[];
  /** The session fields the call replaced (recorded, so a replayed call still applies them). */
  session?: SessionStateUpdate;
}

/**
 * The *act* node: runs every pending tool call of the model's turn in parallel and appends one tool
 * message per call (in the order the model asked for them) plus the action and observation steps.
 *
 * In a thread (a checkpointer and `thread_id`), each call is a LangGraph `task`: its result is written
 * to the checkpointer as soon as the call finishes, keyed by the task, so when a run that died in this
 * node resumes, the calls that had finished return their recorded result and only the others run.
 * Under the direct executor (no checkpointer) there is nothing to record, and no Pregel loop to run a
 * task, so the calls run as they are.
 */
export function createActNode(deps: {
  tools: readonly Tool[];
  limits: Limits;
  scope: ReturnType<typeof runScope>;
}) {
  return async function act(
    state: AgentStateValue,
    config: LangGraphRunnableConfig,
  ): Promise<AgentStateUpdate> {
    // Read per call: a tool source (an MCP server) may change its tools between steps.
    const byName = new Map(deps.tools.map((tool) => [tool.name, tool]));
    const calls = pendingToolCalls(state.messages);
    const { scope, threadId } = deps.scope(config);
    const durable = threadId !== undefined && !isDirectRun(config);
    const writer = config.writer;
    const asked = requestedArgs(state.steps);
    // Who let the call through: an edit (the arguments differ from what the model asked), an approval.
    const decorate = (action: ActionStep): ActionStep => {
      const requested = asked.get(action.toolCallId);
      if (requested !== undefined && JSON.stringify(requested) !== JSON.stringify(action.input))
        return { ...action, by: "edited", requested };
      return byName.get(action.tool)?.requiresApproval ? { ...action, by: "approved" } : action;
    };
    const ledger = ledgerOf(config);
    const budget = remainingBudget(
      deps.limits,
      (config.context as RunContext | undefined)?.budget,
      state.steps,
      ledger,
    );
    const options: ToolCallOptions = {
      step: thoughtCount(state.steps),
      timeoutMs: deps.limits.toolTimeoutMs,
      maxObservationChars: deps.limits.maxObservationChars,
      signal: config.signal,
      threadId,
      // The step's calls share one ledger: agents they run at once draw on what this run has left.
      budget,
      ledger: new BudgetLedger(budget, ledger),
      scope,
      onAction: writer ? (action) => writer({ type: "action", step: decorate(action) }) : undefined,
      onProgress: writer
        ? ({ toolCallId, tool, index, value }) =>
            writer({ type: "tool_progress", step: options.step, toolCallId, tool, index, progress: value })
        : undefined,
    };
    const sessions = sessionViews(state);
    const execute = async (call: ToolCall): Promise<CallRecord> => {
      const view = sessions.forCall();
      const { action, observation, substeps } = await runToolCall(call, byName, {
        ...options,
        session: view.session,
      });
      return {
        action: decorate(action),
        observation,
        ...(substeps.length ? { substeps } : {}),
        ...(view.changed() ? { session: view.changes } : {}),
      };
    };
    const settled = await Promise.allSettled(
      calls.map(async (call) => {
        const record = durable ? await task(`execute_tool:${call.name}`, execute)(call) : await execute(call);
        writer?.({ type: "observation", step: record.observation });
        return record;
      }),
    );
    const records = settledRecords(settled);
    // The calls' replacements in the order the model asked for them: a later call's field wins.
    const replaced = records.flatMap((record) => (record.session ? [record.session] : []));
    const session = replaced.length ? Object.assign({}, ...replaced) : undefined;
    return {
      messages: records.map(({ observation: o }) => toolMessage(o)),
      steps: records.flatMap((record) => [record.action, ...(record.substeps ?? []), record.observation]),
      ...(session ? { session } : {}),
    };
  };
}

/**
 * The calls' records, once every call has settled. Sub-agents that paused (an approval, a client tool)
 * pause the step together: one interrupt with all their requests, so they are answered in one resume.
 * Any other failure (a cancelled run) is the step's.
 */
function settledRecords(settled: PromiseSettledResult<CallRecord>[]): CallRecord[] {
  const failures = settled.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
  if (!failures.length) return settled.map((result) => (result as PromiseFulfilledResult<CallRecord>).value);
  const other = failures.find((failure) => !isGraphInterrupt(failure));
  if (other !== undefined || failures.length === 1) throw other ?? failures[0];
  throw new GraphInterrupt(failures.flatMap((failure) => (failure as GraphInterrupt).interrupts));
}

/**
 * The arguments the model asked for, by tool call id, from the run's thought steps: a call whose
 * arguments differ by the time it runs was edited (at an approval or a breakpoint).
 */
function requestedArgs(steps: AgentStateValue["steps"]): Map<string, unknown> {
  const asked = new Map<string, unknown>();
  for (const step of steps)
    if (step.kind === "thought") for (const call of step.toolCalls) asked.set(call.id, call.args);
  return asked;
}

/**
 * The session as the step's calls see it: one live copy they share (a call sees what an earlier one
 * replaced), and per call the fields it replaced, which its record keeps.
 */
function sessionViews(state: AgentStateValue) {
  const live: SessionState = { ...emptySessionState(), ...state.session };
  const human = latestHumanMessage(state.messages);
  const inputText = human ? textOf(human) : "";
  return {
    forCall() {
      const changes: SessionStateUpdate = {};
      const session: ToolSession = {
        get sessionAttributes() {
          return { ...live.sessionAttributes };
        },
        get promptSessionAttributes() {
          return { ...live.promptSessionAttributes };
        },
        inputText,
        update(next) {
          const parsed = parseWith(SessionStateUpdateSchema, next, "session.update");
          Object.assign(live, parsed);
          Object.assign(changes, parsed);
        },
      };
      return { session, changes, changed: () => Object.keys(changes).length > 0 };
    },
  };
}

function toolMessage(observation: ObservationStep): ToolMessage {
  return new ToolMessage({
    content: observation.blocks ? toMessageContent(observation.blocks) : observation.content,
    tool_call_id: observation.toolCallId,
    name: observation.tool,
    status: observation.status,
  });
}
