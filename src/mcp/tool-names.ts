import { createHash } from "node:crypto";
import { McpClientError } from "./mcp-client-error.ts";

/** How tool names from several servers are kept unique (Bedrock rejects a request with two of one name). */
export type ToolNaming =
  /** Keep the server's name; a name two servers share becomes `<server>__<tool>` on both (default). */
  | "prefix-on-collision"
  /** Always `<server>__<tool>`. */
  | "prefix"
  /** Keep the server's names; a collision is an error. */
  | "as-is";

const LEGAL = /^[a-zA-Z0-9_-]{1,64}$/;

const hash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 8);

/**
 * A Bedrock-legal tool name (`[a-zA-Z0-9_-]{1,64}`): other characters become `_`; a name too long keeps
 * its first 55 characters and a hash of the whole, so two long names stay apart.
 */
export function bedrockToolName(name: string): string {
  if (LEGAL.test(name)) return name;
  const safe = name.replace(/[^a-zA-Z0-9_-]/g, "_") || "tool";
  return safe.length <= 64 ? safe : `${safe.slice(0, 55)}_${hash(name)}`;
}

/** One server's tool as the model will see it. */
export interface NamedTool {
  server: string;
  /** The name the server knows it by (sent in tools/call). */
  mcpName: string;
  /** The Bedrock name the model sees. */
  name: string;
}

/**
 * Gives every server's tools Bedrock names that are unique across all servers. Returns the names and
 * a note per renamed collision; with `as-is`, a collision is an McpClientError naming both servers.
 */
export function nameTools(
  servers: ReadonlyArray<{ server: string; tools: readonly string[] }>,
  naming: ToolNaming,
): { tools: NamedTool[]; notes: string[] } {
  const owners = new Map<string, string[]>();
  for (const { server, tools } of servers)
    for (const tool of new Set(tools)) {
      const name = bedrockToolName(tool);
      owners.set(name, [...(owners.get(name) ?? []), server]);
    }
  const notes: string[] = [];
  const named: NamedTool[] = [];
  const taken = new Set<string>();
  for (const { server, tools } of servers) {
    for (const mcpName of tools) {
      const plain = bedrockToolName(mcpName);
      const shared = (owners.get(plain)?.length ?? 0) > 1;
      if (shared && naming === "as-is")
        throw new McpClientError(
          "MCP_NAME_COLLISION",
          server,
          `tool "${mcpName}" is also offered by server "${owners.get(plain)?.find((s) => s !== server)}"; Bedrock rejects duplicate tool names (use toolNaming "prefix-on-collision" or filter one out with denyTools)`,
        );
      let name = naming === "prefix" || shared ? bedrockToolName(`${server}__${mcpName}`) : plain;
      // Two names of one server that differ only in illegal characters ("a.b", "a_b").
      if (taken.has(name)) name = bedrockToolName(`${name.slice(0, 55)}_${hash(`${server}/${mcpName}`)}`);
      taken.add(name);
      if (
        shared &&
        naming === "prefix-on-collision" &&
        mcpName === tools.find((t) => bedrockToolName(t) === plain)
      )
        notes.push(
          `tool "${mcpName}" is offered by servers ${owners.get(plain)?.join(" and ")}: server "${server}"'s is "${name}"`,
        );
      named.push({ server, mcpName, name });
    }
  }
  return { tools: named, notes };
}
