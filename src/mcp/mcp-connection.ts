import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { McpError, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { trace } from "@opentelemetry/api";
import { z } from "zod";
import { ATTR } from "../telemetry/attributes.ts";
import { injectTraceContext } from "../telemetry/trace-context.ts";
import type { ToolOutput } from "../tools/tool-output.ts";
import { McpClientError } from "./mcp-client-error.ts";
import type { McpServerConfig } from "./mcp-config.ts";
import { MCP_ATTR } from "./mcp-span-attributes.ts";
import { type McpCallResult, mapToolResult } from "./tool-result.ts";

/** A tool as the server lists it, read loosely so one malformed tool does not hide the others. */
const ListedToolSchema = z
  .object({
    name: z.string().min(1),
    title: z.string().optional(),
    description: z.string().optional(),
    inputSchema: z.unknown(),
    annotations: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
const ListToolsResultSchema = z
  .object({ tools: z.array(z.unknown()), nextCursor: z.string().optional() })
  .loose();

export type ListedTool = z.infer<typeof ListedToolSchema>;

/** How a connection reaches its server: a config entry, or a transport of your own (in-process servers). */
export type McpTransportSpec =
  | McpServerConfig
  | ({ transport: () => Transport | Promise<Transport> } & Pick<
      McpServerConfig,
      "allowTools" | "denyTools" | "timeoutMs" | "connectTimeoutMs" | "requireApproval"
    >);

export interface McpConnectionOptions {
  name: string;
  spec: McpTransportSpec;
  connectTimeoutMs: number;
  /** Called after the server's tool list changed and was read again. */
  onToolsChanged?: () => void;
}

const CLIENT_INFO = { name: "glassbox", version: "0.1.0" };
const STDERR_TAIL = 2_000;
/** Pages of tools/list read at most (a server that pages forever is cut off). */
const MAX_PAGES = 50;

/**
 * One MCP server, connected on first use and reconnected after it goes away: a stdio server is spawned
 * (and respawned) as a child process, a Streamable HTTP server is reached with its headers. The tool list
 * is cached and read again on `notifications/tools/list_changed`.
 */
export class McpConnection {
  readonly name: string;
  /** The server's tools as last listed (filters are applied by the toolset). */
  tools: ListedTool[] = [];
  /** Tools the server listed that could not be read at all. */
  malformed: string[] = [];
  private readonly options: McpConnectionOptions;
  private client?: Client;
  private connecting?: Promise<void>;
  private connected = false;
  private closed = false;
  private stderrTail = "";
  private lastProblem?: string;
  /** Fails the calls in flight: the stream carried a message that is not JSON-RPC. */
  private readonly inflight = new Set<(error: Error) => void>();

  constructor(options: McpConnectionOptions) {
    this.name = options.name;
    this.options = options;
  }

  /** Connects (or reconnects) and lists the tools; concurrent callers share one attempt. */
  async connect(): Promise<void> {
    if (this.closed)
      throw new McpClientError("MCP_CONNECTION_CLOSED", this.name, "the connection was closed");
    if (this.connected) return;
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    await this.client?.close().catch(() => {});
    this.lastProblem = undefined;
    this.stderrTail = "";
    const transport = await this.transport();
    const client = new Client(CLIENT_INFO, { capabilities: {} });
    client.onerror = (error) => {
      this.lastProblem = error.message;
      // The reply to a call in flight may be the unreadable message: fail those calls now, not at their timeout.
      if (error instanceof SyntaxError || error.name === "ZodError")
        for (const fail of this.inflight) fail(error);
    };
    client.onclose = () => {
      if (this.client === client) this.connected = false;
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      this.listTools(client)
        .then(() => this.options.onToolsChanged?.())
        .catch((error: unknown) => {
          this.lastProblem = `re-reading the tool list failed: ${(error as Error).message}`;
        });
    });
    this.client = client;
    try {
      await withTimeout(
        client.connect(transport, { timeout: this.options.connectTimeoutMs }),
        this.options.connectTimeoutMs,
      );
      await this.listTools(client);
      this.connected = true;
    } catch (error) {
      await client.close().catch(() => {});
      throw new McpClientError(
        "MCP_CONNECT_FAILED",
        this.name,
        `cannot connect: ${describe(error)}${this.tail()}`,
        {
          cause: error,
        },
      );
    }
  }

  private async transport(): Promise<Transport> {
    const { spec } = this.options;
    if ("transport" in spec) return spec.transport();
    if ("url" in spec)
      return new StreamableHTTPClientTransport(new URL(spec.url), {
        requestInit: spec.headers ? { headers: spec.headers } : {},
      });
    const transport = new StdioClientTransport({
      command: spec.command,
      args: spec.args ?? [],
      env: { ...getDefaultEnvironment(), ...spec.env },
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    return transport;
  }

  private async listTools(client: Client): Promise<void> {
    const tools: ListedTool[] = [];
    const malformed: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.request(
        { method: "tools/list", params: cursor ? { cursor } : {} },
        ListToolsResultSchema as never,
        { timeout: this.options.connectTimeoutMs },
      );
      const parsed = ListToolsResultSchema.parse(result);
      for (const [index, entry] of parsed.tools.entries()) {
        const tool = ListedToolSchema.safeParse(entry);
        if (tool.success) tools.push(tool.data);
        else
          malformed.push(
            `tools[${index}]: ${tool.error.issues[0]?.path.join(".")}: ${tool.error.issues[0]?.message}`,
          );
      }
      cursor = parsed.nextCursor;
      if (!cursor) break;
    }
    this.tools = tools;
    this.malformed = malformed;
  }

  /**
   * Calls a tool: connects first when the server is not connected (a dead stdio server is respawned),
   * passes the active span's W3C trace context in `_meta`, and maps the result for the model. A JSON-RPC
   * error, a dropped connection or a cancelled call is an McpClientError the agent turns into an error
   * observation.
   */
  async callTool(
    mcpName: string,
    args: Record<string, unknown>,
    options: { signal: AbortSignal; timeoutMs: number },
  ): Promise<ToolOutput> {
    const span = trace.getActiveSpan();
    span?.setAttributes({
      [MCP_ATTR.server]: this.name,
      [MCP_ATTR.methodName]: "tools/call",
      [MCP_ATTR.toolName]: mcpName,
      [ATTR.toolType]: "extension",
      ...transportAttributes(this.options.spec),
    });
    await this.connect();
    const client = this.client as Client;
    const version = client.getServerVersion();
    if (version) span?.setAttribute(MCP_ATTR.serverVersion, `${version.name} ${version.version}`);
    const cancel = new AbortController();
    let fail: (error: Error) => void = () => {};
    const malformed = new Promise<never>((_, reject) => {
      fail = (error) => {
        cancel.abort();
        reject(
          new McpClientError(
            "MCP_CALL_FAILED",
            this.name,
            `the server sent a malformed JSON-RPC message during tools/call "${mcpName}" (${error.message}); the call was cancelled`,
          ),
        );
      };
    });
    this.inflight.add(fail);
    try {
      const call = client.callTool(
        { name: mcpName, arguments: args, _meta: injectTraceContext() },
        undefined,
        // The agent's own timeout fires first with a clearer message; this one is a backstop.
        { signal: AbortSignal.any([options.signal, cancel.signal]), timeout: options.timeoutMs + 1_000 },
      );
      call.catch(() => {});
      const result = await Promise.race([call, malformed]);
      return mapToolResult(mcpName, result as McpCallResult);
    } catch (error) {
      if (error instanceof McpClientError) throw error;
      if (options.signal.aborted) throw options.signal.reason ?? error;
      // A Streamable HTTP server that forgot the session answers 404: the next call starts a new one.
      if (error instanceof StreamableHTTPError && error.code === 404) this.connected = false;
      if (!this.connected || (error instanceof McpError && error.code === -32000))
        throw new McpClientError(
          "MCP_CONNECTION_CLOSED",
          this.name,
          `the server went away during tools/call "${mcpName}"${this.problem()}${this.tail()}; the next call reconnects`,
          { cause: error },
        );
      throw new McpClientError(
        "MCP_CALL_FAILED",
        this.name,
        `tools/call "${mcpName}" failed: ${describe(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Closes the connection for good: a stdio server gets end-of-input, then SIGTERM, then SIGKILL. */
  async close(): Promise<void> {
    this.closed = true;
    this.connected = false;
    await this.connecting?.catch(() => {});
    await this.client?.close().catch(() => {});
  }

  /** Whether the server is connected now. */
  get isConnected(): boolean {
    return this.connected;
  }

  private problem(): string {
    return this.lastProblem ? ` (${this.lastProblem})` : "";
  }

  private tail(): string {
    const text = this.stderrTail.trim();
    return text ? `; its stderr ended with: ${text.slice(-400)}` : "";
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // The SDK's StreamableHTTPError carries the HTTP status as `code`.
  return error instanceof StreamableHTTPError && typeof error.code === "number" && error.code >= 100
    ? `HTTP ${error.code}: ${error.message.replace(/^Streamable HTTP error: /, "")}`
    : error.message;
}

function transportAttributes(spec: McpTransportSpec): Record<string, string | number> {
  if ("transport" in spec) return { [MCP_ATTR.networkTransport]: "inproc" };
  if (!("url" in spec)) return { [MCP_ATTR.networkTransport]: "pipe" };
  const url = new URL(spec.url);
  return {
    [MCP_ATTR.networkTransport]: "tcp",
    [ATTR.serverAddress]: url.hostname,
    [ATTR.serverPort]: Number(url.port) || (url.protocol === "https:" ? 443 : 80),
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to the MCP handshake within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
