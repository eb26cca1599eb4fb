import { parseWith } from "../config/config-error.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { ToolSource } from "../tools/tool-source.ts";
import { bedrockInputSchema, compileInputSchema, zodFromValidator } from "./input-schema.ts";
import { expandVariables, type McpServerConfig, McpServersSchema, toolAllowed } from "./mcp-config.ts";
import { type ListedTool, McpConnection, type McpTransportSpec } from "./mcp-connection.ts";
import { needsApproval } from "./tool-approval.ts";
import { nameTools, type ToolNaming } from "./tool-names.ts";

/** Options of {@link connectMcpServers}. */
export interface McpToolsetOptions {
  /** How names shared by several servers are kept apart (default `prefix-on-collision`). */
  toolNaming?: ToolNaming;
  /** Where `${env:NAME}` in a config is looked up (default process.env). */
  env?: Record<string, string | undefined>;
  /** Told about renamed tools and tools left out (invalid schema, malformed listing). */
  onNotice?: (message: string) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;

interface Server {
  connection: McpConnection;
  config: Partial<Pick<McpServerConfig, "allowTools" | "denyTools" | "timeoutMs" | "requireApproval">>;
}

/**
 * The tools of a set of MCP servers, as one tool source for `createAgent({ tools })`. Keep one toolset for
 * the life of the process: connections are made once and reused by every run (connecting per request
 * costs seconds), a server that died is reconnected on its next call, and a `tools/list_changed` from a
 * server changes what the model sees at the next step.
 */
export class McpToolset implements ToolSource {
  readonly label = "MCP servers";
  /** Tools left out, with why (an input schema that is not valid JSON Schema, a malformed listing). */
  problems: string[] = [];
  private readonly servers: Map<string, Server>;
  private readonly naming: ToolNaming;
  private readonly onNotice?: (message: string) => void;
  private current: Tool[] = [];
  private readonly cache = new Map<string, Tool>();

  constructor(servers: Map<string, Server>, options: McpToolsetOptions) {
    this.servers = servers;
    this.naming = options.toolNaming ?? "prefix-on-collision";
    this.onNotice = options.onNotice;
  }

  /** The tools as the model sees them now. */
  tools(): readonly Tool[] {
    return this.current;
  }

  /** Some server's tools need approval (now, or once its list changes): the agent reviews calls. */
  get pauses(): boolean {
    return [...this.servers.values()].some(
      ({ config }) => config.requireApproval !== undefined && config.requireApproval !== "never",
    );
  }

  /** The connection of one server (for status and tests). */
  connection(name: string): McpConnection | undefined {
    return this.servers.get(name)?.connection;
  }

  /** Connects every server (in parallel) and builds the tool list; a server that cannot connect is an error. */
  async connect(): Promise<void> {
    await Promise.all([...this.servers.values()].map((server) => server.connection.connect()));
    this.rebuild();
  }

  /** Closes every connection (stdio servers are stopped). */
  async close(): Promise<void> {
    await Promise.all([...this.servers.values()].map((server) => server.connection.close()));
  }

  /** Recomputes names and tools from the servers' current listings. */
  rebuild(): void {
    const problems: string[] = [];
    const usable = new Map<string, ListedTool[]>();
    for (const [name, server] of this.servers) {
      for (const entry of server.connection.malformed) problems.push(`server "${name}": ${entry}: left out`);
      usable.set(
        name,
        server.connection.tools.filter((tool) => {
          if (!toolAllowed(server.config, tool.name)) return false;
          const check = compileInputSchema(tool.inputSchema);
          if (check.problem)
            problems.push(`server "${name}" tool "${tool.name}": ${check.problem}: left out`);
          return !check.problem;
        }),
      );
    }
    const { tools: named, notes } = nameTools(
      [...usable].map(([server, tools]) => ({ server, tools: tools.map((tool) => tool.name) })),
      this.naming,
    );
    this.current = named.map(({ server, mcpName, name }) => {
      const listed = usable.get(server)?.find((tool) => tool.name === mcpName) as ListedTool;
      return this.toolFor(server, name, listed);
    });
    for (const message of [...notes, ...problems.filter((p) => !this.problems.includes(p))])
      this.onNotice?.(message);
    this.problems = problems;
  }

  private toolFor(server: string, name: string, listed: ListedTool): Tool {
    const key = JSON.stringify([
      server,
      name,
      listed.name,
      listed.description,
      listed.inputSchema,
      listed.annotations,
    ]);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const { connection, config } = this.servers.get(server) as Server;
    const check = compileInputSchema(listed.inputSchema);
    // rebuild() let only compilable schemas through.
    if (check.problem !== undefined) throw new Error(check.problem);
    const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const tool: Tool = {
      name,
      description:
        listed.description?.trim() || listed.title || `Tool "${listed.name}" of MCP server ${server}.`,
      input: zodFromValidator(check.validate),
      jsonSchema: bedrockInputSchema(listed.inputSchema as Record<string, unknown>),
      timeoutMs,
      ...(needsApproval(config.requireApproval, listed) ? { requiresApproval: true } : {}),
      run: (args, context) =>
        connection.callTool(listed.name, args as Record<string, unknown>, {
          signal: context.signal,
          timeoutMs,
        }),
    };
    this.cache.set(key, tool);
    return tool;
  }
}

/**
 * Connects to MCP servers given in the `mcpServers` shape of mcp.json files (`{ command, args, env }` or
 * `{ url, headers }`, plus Glassbox's `allowTools`, `denyTools`, `timeoutMs`), or with a transport of
 * your own, and returns their tools as one source for `createAgent({ tools })`.
 *
 * @example
 * const mcp = await connectMcpServers({ files: { command: "node", args: ["files-server.js"] } });
 * const agent = createAgent({ tools: [calculator, mcp] });
 * // ... many runs later
 * await mcp.close();
 */
export async function connectMcpServers(
  servers: Record<string, McpTransportSpec | Record<string, unknown>>,
  options: McpToolsetOptions = {},
): Promise<McpToolset> {
  const entries = new Map<string, Server>();
  const toolset = new McpToolset(entries, options);
  const configs = Object.fromEntries(Object.entries(servers).filter(([, spec]) => !("transport" in spec)));
  const parsed = parseWith(McpServersSchema, configs, "mcpServers");
  for (const [name, spec] of Object.entries(servers)) {
    const config = "transport" in spec ? (spec as McpTransportSpec) : (parsed[name] as McpServerConfig);
    if ("disabled" in config && config.disabled) continue;
    const resolved =
      "transport" in config ? config : expandVariables(name, config, options.env ?? process.env);
    entries.set(name, {
      config: resolved,
      connection: new McpConnection({
        name,
        spec: resolved,
        connectTimeoutMs:
          ("connectTimeoutMs" in resolved && resolved.connectTimeoutMs) || DEFAULT_CONNECT_TIMEOUT_MS,
        onToolsChanged: () => {
          try {
            toolset.rebuild();
          } catch (error) {
            // The new list cannot be used (a name collision with renaming off): keep the old one.
            options.onNotice?.(
              `server "${name}" changed its tools, and the new list was not taken: ${(error as Error).message}`,
            );
          }
        },
      }),
    });
  }
  try {
    await toolset.connect();
  } catch (error) {
    await toolset.close();
    throw error;
  }
  return toolset;
}
