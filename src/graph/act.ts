import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Tool } from "../tools/define-tool.ts";
import type { Limits } from "./limits.ts";
import type { runScope } from "./run-scope.ts";
import type { AgentStateUpdate, AgentStateValue } from "./state.ts";
import { thoughtCount } from "./state.ts";
import { runToolCall } from "./tool-call.ts";

/** The last assistant message, whose tool calls the act node runs. */
export function lastAIMessage(messages: readonly BaseMessage[]): AIMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.getType() === "ai") return message as AIMessage;
  }
  return undefined;
}

/**
 * The *act* node: runs every tool call of the model's turn in parallel and appends one tool message
 * per call (in the order the model asked for them) plus the action and observation steps.
 */
export function createActNode(deps: {
  tools: readonly Tool[];
  limits: Limits;
  scope: ReturnType<typeof runScope>;
  /** Told the id of every call that failed, so its toolResult can carry `status: "error"`. */
  onToolError?: (toolCallId: string) => void;
}) {
  const byName = new Map(deps.tools.map((tool) => [tool.name, tool]));
  return async function act(
    state: AgentStateValue,
    config: LangGraphRunnableConfig,
  ): Promise<AgentStateUpdate> {
    const calls = lastAIMessage(state.messages)?.tool_calls ?? [];
    const { scope, threadId } = deps.scope(config);
    const step = thoughtCount(state.steps);
    const writer = config.writer;
    const outcomes = await Promise.all(
      calls.map(async (call) => {
        const outcome = await runToolCall(call, byName, {
          step,
          timeoutMs: deps.limits.toolTimeoutMs,
          maxObservationChars: deps.limits.maxObservationChars,
          signal: config.signal,
          threadId,
          scope,
          onAction: writer ? (action) => writer({ type: "action", step: action }) : undefined,
        });
        if (outcome.observation.status === "error") deps.onToolError?.(outcome.observation.toolCallId);
        writer?.({ type: "observation", step: outcome.observation });
        return outcome;
      }),
    );
    return {
      messages: outcomes.map((outcome) => outcome.message),
      steps: outcomes.flatMap((outcome) => [outcome.action, outcome.observation]),
    };
  };
}
