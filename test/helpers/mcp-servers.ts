import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { McpTransportSpec } from "../../src/mcp/index.ts";

/** A tool of a test server: its listing, and what a call returns (or does). */
export interface TestTool {
  name: string;
  description?: string;
  inputSchema?: unknown;
  /** MCP tool annotations (`readOnlyHint`, `destructiveHint`, ...). */
  annotations?: Record<string, unknown>;
  call?: (args: Record<string, unknown>, meta: Record<string, unknown>, signal: AbortSignal) => unknown;
}

/** What a test server saw: the calls (with their `_meta`) and cancellations. */
export interface TestServerLog {
  calls: Array<{ name: string; args: Record<string, unknown>; meta: Record<string, unknown> }>;
  cancelled: number;
  connections: number;
}

const OBJECT = { type: "object", properties: {} };

/**
 * An MCP server written with the SDK's low-level `Server`, so a test can list any schema (valid or not)
 * and return any result. `notifyChanged()` changes its list and sends `tools/list_changed`.
 */
export function testMcpServer(initial: TestTool[]) {
  let tools = initial;
  const log: TestServerLog = { calls: [], cancelled: 0, connections: 0 };
  const live = new Set<Server>();
  const build = () => {
    const server = new Server(
      { name: "test-server", version: "1.2.3" },
      { capabilities: { tools: { listChanged: true } } },
    );
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: tools.map(({ name, description, inputSchema, annotations }) => ({
        name,
        ...(description !== undefined ? { description } : { description: `The ${name} tool` }),
        inputSchema: inputSchema ?? OBJECT,
        ...(annotations ? { annotations } : {}),
      })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const { name, arguments: args = {}, _meta = {} } = request.params;
      log.calls.push({ name, args, meta: _meta as Record<string, unknown> });
      extra.signal.addEventListener("abort", () => log.cancelled++, { once: true });
      const tool = tools.find((t) => t.name === name);
      if (!tool) throw new Error(`unknown tool ${name}`);
      const value = await (tool.call ?? (() => ({ content: [{ type: "text", text: "ok" }] })))(
        args,
        _meta as Record<string, unknown>,
        extra.signal,
      );
      return value as never;
    });
    return server;
  };
  return {
    log,
    /** An in-process transport spec: every (re)connection gets a fresh linked pair and server. */
    spec: {
      transport: async () => {
        const [client, server] = InMemoryTransport.createLinkedPair();
        const instance = build();
        live.add(instance);
        log.connections++;
        await instance.connect(server);
        return client;
      },
    } satisfies McpTransportSpec,
    /** A Server for a transport of the test's own (HTTP, stdio). */
    build,
    /** Replaces the tool list and tells connected clients. */
    async notifyChanged(next: TestTool[]) {
      tools = next;
      await Promise.all([...live].map((server) => server.sendToolListChanged().catch(() => {})));
    },
  };
}

/** A text result. */
export const text = (value: string) => ({ content: [{ type: "text", text: value }] });
