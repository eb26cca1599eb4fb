import { z } from "zod";
import type { Agent } from "../agent/create-agent.ts";
import type { AgentResult } from "../agent/events.ts";
import type { Step } from "../graph/state.ts";
import { splitLocalDisclosure } from "../local/disclosure.ts";
import { ATTR } from "../telemetry/attributes.ts";
import { defineTool, type Tool } from "../tools/define-tool.ts";
import { ToolOutput } from "../tools/tool-output.ts";

/** Options of `agent.asTool()`. */
export interface AgentToolOptions {
  /** The tool's name (Bedrock's 1-64 `[a-zA-Z0-9_-]`); default the agent's name. */
  name?: string;
  /** What the agent is for: the caller's model routes by it. Default the agent's description. */
  description?: string;
  /** How long one call may take (default 5 minutes: a sub-agent makes several model calls). */
  timeoutMs?: number;
}

const AgentToolInput = z.object({
  input: z
    .string()
    .min(1)
    .describe(
      "The full request for this agent. It sees nothing else of the conversation, so include the details.",
    ),
});

/**
 * An agent as a tool (see `Agent.asTool`). The call runs the agent inside the caller's *act* node, so with a
 * checkpointer its steps are checkpointed in the caller's thread (a crashed run resumes inside it), its
 * `invoke_agent` span nests under the caller's `execute_tool`, and the caller's remaining budget caps it.
 * Its steps come back tagged with its name; a run that does not answer is an error observation.
 */
export function agentTool(agent: Agent, options: AgentToolOptions = {}): Tool<{ input: string }, ToolOutput> {
  const description = options.description ?? agent.description;
  const tool = defineTool({
    name: options.name ?? agent.name,
    description: description ?? `Ask the ${agent.name} agent.`,
    input: AgentToolInput,
    timeoutMs: options.timeoutMs ?? 300_000,
    async run({ input }, context) {
      const result = await agent.invoke(input, {
        signal: context.signal,
        ...(context.budget ? { budget: context.budget } : {}),
        ...(context.ledger ? { ledger: context.ledger } : {}),
        ...(context.threadId ? { attributes: { [ATTR.conversationId]: context.threadId } } : {}),
      });
      return agentToolOutput(agent.name, result);
    },
  });
  return { ...tool, subgraph: agent.graph, ...(agent.pauses ? { pausesInside: true } : {}) };
}

/** A sub-agent's result as the caller's observation: its answer, and its steps tagged with its name. */
export function agentToolOutput(name: string, result: AgentResult): ToolOutput {
  const steps = tagSteps(result.steps, name);
  if (result.outcome === "answered") return new ToolOutput({ text: result.answer, steps });
  const detail = result.outcomeDetail ? `: ${result.outcomeDetail}` : "";
  const partial = splitLocalDisclosure(result.answer).claims;
  return new ToolOutput({
    text: `Error: agent "${name}" ended without an answer (${result.outcome}${detail})${partial ? `. It said: ${partial}` : ""}`,
    steps,
    error: { type: `agent_${result.outcome}` },
  });
}

/** Marks steps as taken by `agent`, keeping the marks of agents it called in turn. */
export function tagSteps(steps: readonly Step[], agent: string): Step[] {
  return steps.map((step) => (step.agent ? step : { ...step, agent }));
}
