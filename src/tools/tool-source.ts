import { type Tool, ToolDefinitionError } from "./define-tool.ts";

/**
 * A set of tools that can change while an agent lives (an MCP server's tools after `tools/list_changed`).
 * An agent reads `tools()` at every step, so the model always sees the current list.
 */
export interface ToolSource {
  /** Names the source in errors ("MCP server github"). */
  readonly label: string;
  tools(): readonly Tool[];
  /**
   * Some of its tools need approval or run on the client, now or after its list changes: the agent
   * then reviews every step's calls and keeps a checkpointer, as for pausing tools of its own.
   */
  readonly pauses?: boolean;
}

/** Whether an entry of `AgentOptions.tools` is a tool source rather than a tool. */
export function isToolSource(entry: Tool | ToolSource): entry is ToolSource {
  return typeof (entry as ToolSource).tools === "function" && !("run" in entry);
}

/**
 * The agent's tool list: its tools plus every source's current tools. Bedrock rejects a request with two
 * tools of one name, so a duplicate is an error that names both owners.
 */
export function toolList(entries: readonly (Tool | ToolSource)[]): () => readonly Tool[] {
  const sources = entries.filter(isToolSource);
  const fixed = entries.filter((entry): entry is Tool => !isToolSource(entry));
  assertUnique(fixed.map((tool) => [tool, "the agent's tools"]));
  if (!sources.length) return () => fixed;
  return () => {
    const owned: Array<[Tool, string]> = fixed.map((tool) => [tool, "the agent's tools"]);
    for (const source of sources) for (const tool of source.tools()) owned.push([tool, source.label]);
    assertUnique(owned);
    return owned.map(([tool]) => tool);
  };
}

function assertUnique(owned: ReadonlyArray<readonly [Tool, string]>): void {
  const seen = new Map<string, string>();
  for (const [tool, owner] of owned) {
    const first = seen.get(tool.name);
    if (first !== undefined)
      throw new ToolDefinitionError(
        `tool "${tool.name}" is defined twice (by ${first} and by ${owner}); Bedrock rejects duplicate tool names: rename or filter one`,
      );
    seen.set(tool.name, owner);
  }
}
