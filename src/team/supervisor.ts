import { type Agent, type AgentOptions, createAgent } from "../agent/create-agent.ts";
import { ConfigError } from "../config/config-error.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { ToolSource } from "../tools/tool-source.ts";

/** A specialist a supervisor can ask: an agent, or an agent with the tool name and description to use. */
export type Specialist = Agent | { agent: Agent; name?: string; description?: string };

/** Options of {@link createSupervisor}: an agent's options, plus its specialists. */
export interface SupervisorOptions extends Omit<AgentOptions, "tools"> {
  specialists: Specialist[];
  /** Tools of the supervisor's own, besides its specialists. */
  tools?: readonly (Tool | ToolSource)[];
}

/** The supervisor's default instructions, naming its specialists. */
export function supervisorPrompt(names: readonly string[]): string {
  return (
    `You are a supervisor. Route each part of the user's request to the specialist that handles it (${names.join(", ")}): ` +
    "call several at once when the parts are independent, give each the full request it needs, and combine their " +
    "answers into one reply. Do not answer from your own knowledge."
  );
}

/**
 * A supervisor: an agent whose tools are its specialists (`agent.asTool()`), so it routes by their
 * descriptions and may call several in one turn (they run in parallel). Each specialist run is a subgraph
 * of the supervisor's *act* node, an `invoke_agent` span under its `execute_tool`, and spends from the
 * supervisor's limits.
 *
 * @example
 * const supervisor = createSupervisor({ specialists: [policiesAgent, calculatorAgent], model, telemetry });
 */
export function createSupervisor(options: SupervisorOptions): Agent {
  const { specialists, tools = [], ...rest } = options;
  if (!specialists.length) throw new ConfigError("specialists: a supervisor needs at least one agent");
  const specialistTools = specialists.map((entry) => {
    const { agent, name, description } =
      "agent" in entry ? entry : { agent: entry, name: undefined, description: undefined };
    if (!(description ?? agent.description))
      throw new ConfigError(
        `specialists: agent "${agent.name}" needs a description; the supervisor routes by it`,
      );
    return agent.asTool({
      name: name ?? `ask_${agent.name}`.slice(0, 64),
      ...(description ? { description } : {}),
    });
  });
  return createAgent({
    name: "supervisor",
    systemPrompt: supervisorPrompt(specialistTools.map((tool) => tool.name)),
    ...rest,
    tools: [...specialistTools, ...tools],
  });
}
