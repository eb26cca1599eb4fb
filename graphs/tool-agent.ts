import { type AgentOptions, createAgent } from "../src/index.ts";
import { builtinTools } from "../tools/index.ts";

/** The tool agent's instructions. */
export const TOOL_AGENT_PROMPT =
  "You are a precise assistant. Use the calculator for arithmetic, the date tools for calendar questions and " +
  "convert_units for unit conversions; never do arithmetic in your head. Answer in one or two sentences.";

/**
 * The tool agent that ships with Glassbox: calculator, date arithmetic and unit conversion over the
 * Converse API. The CLI, the Studio graph and the evaluation suite all build it here.
 */
export function createToolAgent(options: Omit<AgentOptions, "tools"> = {}) {
  return createAgent({
    name: "tool_agent",
    description: "Answers arithmetic, calendar and unit-conversion questions with tools.",
    systemPrompt: TOOL_AGENT_PROMPT,
    ...options,
    tools: builtinTools,
  });
}
