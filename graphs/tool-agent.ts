import { type AgentOptions, createAgent } from "../src/agent/index.ts";
import { ConfigError } from "../src/errors.ts";
import { asClientTool, type Tool, withApproval } from "../src/tools/index.ts";
import { builtinTools } from "../tools/index.ts";

/** The tool agent's instructions. */
export const TOOL_AGENT_PROMPT =
  "You are a precise assistant. Use the calculator for arithmetic, the date tools for calendar questions and " +
  "convert_units for unit conversions; never do arithmetic in your head. Answer in one or two sentences.";

/** Which of the shipped tools pause the run: for a person's approval, or for the client to run them. */
export interface ToolReviewChoice {
  approve?: readonly string[];
  client?: readonly string[];
}

/** Options of {@link createToolAgent}. */
export type ToolAgentOptions = Omit<AgentOptions, "tools"> & {
  review?: ToolReviewChoice;
  /** Tools besides the shipped ones (MCP servers from `connectMcpServers`, agents as tools...). */
  extraTools?: AgentOptions["tools"];
};

/**
 * The tool agent that ships with Glassbox: calculator, date arithmetic and unit conversion over the
 * Converse API. The CLI, the Studio graphs and the evaluation suite all build it here.
 */
export function createToolAgent(options: ToolAgentOptions = {}) {
  const { review, extraTools = [], ...rest } = options;
  return createAgent({
    name: "tool_agent",
    description: "Answers arithmetic, calendar and unit-conversion questions with tools.",
    systemPrompt: TOOL_AGENT_PROMPT,
    ...rest,
    tools: [...(review ? reviewedTools(builtinTools, review) : builtinTools), ...extraTools],
  });
}

/** The tools with the chosen ones marked for approval or client execution; unknown names are an error. */
export function reviewedTools(tools: readonly Tool[], review: ToolReviewChoice): Tool[] {
  const names = new Set(tools.map((tool) => tool.name));
  for (const [field, list] of Object.entries(review) as Array<[string, readonly string[]]>) {
    for (const name of list) {
      if (!names.has(name))
        throw new ConfigError(`review.${field}: no tool named "${name}"; tools: ${[...names].join(", ")}`);
    }
  }
  return tools.map((tool) => {
    if (review.client?.includes(tool.name)) return asClientTool(tool);
    return review.approve?.includes(tool.name) ? withApproval(tool) : tool;
  });
}
