import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { z } from "zod";
import type { AgentNode } from "../graph/build.ts";
import { textOf } from "../graph/messages.ts";
import { defineTool, type Tool } from "../tools/define-tool.ts";

const PREFIX = "transfer_to_";

/** The handoff tool's name for an agent: `transfer_to_<agent>`, kept within Bedrock's 64 characters. */
export function handoffToolName(agent: string): string {
  return `${PREFIX}${agent.replace(/[^a-zA-Z0-9_-]/g, "_")}`.slice(0, 64);
}

/**
 * The tool an agent calls to hand the conversation to `agent`. Calling it ends the caller's turn (see
 * {@link handoffNode}); the team then runs `agent` on the conversation.
 */
export function handoffTool(agent: string, description: string): Tool {
  return defineTool({
    name: handoffToolName(agent),
    description: `Hand the conversation over to the ${agent} agent, which then answers the user. ${description}`,
    input: z.object({
      reason: z.string().optional().describe("Why this agent should take over (kept in the trace)."),
    }),
    run: () => `Handing the conversation to ${agent}.`,
  });
}

/**
 * An *afterAct* node that ends the agent's run with `handed_off` once a handoff tool succeeded; the
 * outcome's detail names the agent to run next. Other tools of the same turn have run by then.
 */
export function handoffNode(targets: ReadonlyMap<string, string>): AgentNode {
  return {
    name: "handoff",
    run(state) {
      const results: ToolMessage[] = [];
      for (let i = state.messages.length - 1; i >= 0 && ToolMessage.isInstance(state.messages[i]); i--)
        results.unshift(state.messages[i] as ToolMessage);
      const handoff = results.find((m) => m.status !== "error" && targets.has(m.name ?? ""));
      if (!handoff) return {};
      return { outcome: { status: "handed_off", detail: targets.get(handoff.name ?? "") } };
    },
  };
}

/**
 * The history an agent gets when the conversation is handed to it: the user's messages and the agents'
 * text answers of earlier turns, and the current question last. Other agents' tool calls are left out:
 * their tools are not this agent's, and Converse rejects tool blocks it cannot pair with its own tools.
 * Consecutive messages of one role are joined, since Converse requires alternating roles.
 */
export function handoffHistory(messages: readonly BaseMessage[]): BaseMessage[] {
  const lastHuman = messages.findLastIndex((message) => message.getType() === "human");
  const turns: Array<{ role: "human" | "ai"; text: string }> = [];
  messages.slice(0, lastHuman + 1).forEach((message) => {
    const role = message.getType() as string;
    if (role !== "human" && role !== "ai") return;
    const text = textOf(message).trim();
    if (!text) return;
    const last = turns.at(-1);
    if (last?.role === role) last.text = `${last.text}\n\n${text}`;
    else turns.push({ role, text });
  });
  while (turns[0]?.role === "ai") turns.shift();
  return turns.map((turn) =>
    turn.role === "human" ? new HumanMessage(turn.text) : new AIMessage(turn.text),
  );
}
