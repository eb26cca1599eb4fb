import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { context as otelContext } from "@opentelemetry/api";
import { z } from "zod";
import type { Agent } from "../agent/create-agent.ts";
import { ConfigError } from "../config/config-error.ts";
import { hostForUrl, isLoopbackHost } from "../http/loopback.ts";
import { checkRequest, guardedRequest, localOriginPolicy, type OriginPolicy } from "../http/origin-guard.ts";
import { extractTraceContext } from "../telemetry/trace-context.ts";
import { bedrockToolName } from "./tool-names.ts";

/** Options of {@link createAgentMcpServer}. */
export interface AgentMcpServerOptions {
  /** The tool's name (default the agent's name). */
  toolName?: string;
  /** The tool's description (default the agent's description). */
  description?: string;
}

/**
 * An MCP server with one tool that runs the agent: `input` is the user's message, the result is the
 * answer as text (an answer-less run is an `isError` result naming the outcome). The caller's
 * `_meta.traceparent` parents the run's `invoke_agent` span, and a cancelled request cancels the run.
 */
export function createAgentMcpServer(agent: Agent, options: AgentMcpServerOptions = {}): McpServer {
  const server = new McpServer({ name: agent.name, version: "0.1.0" });
  const name = bedrockToolName(options.toolName ?? agent.name);
  server.registerTool(
    name,
    {
      description: options.description ?? agent.description ?? `Ask the ${agent.name} agent.`,
      inputSchema: {
        input: z.string().min(1).describe("The request for the agent, in full."),
        threadId: z.string().min(1).optional().describe("Continue this conversation (needs a checkpointer)."),
      },
      annotations: { title: agent.name, openWorldHint: true },
    },
    async ({ input, threadId }, extra) => {
      // The caller's W3C trace context travels in `_meta` (traceparent, tracestate), as in headers.
      const carrier = Object.fromEntries(
        Object.entries(extra._meta ?? {}).filter(
          (entry): entry is [string, string] => typeof entry[1] === "string",
        ),
      );
      const parent = extractTraceContext(carrier);
      const result = await otelContext.with(parent, () =>
        agent.invoke(input, { signal: extra.signal, ...(threadId ? { threadId } : {}) }),
      );
      if (result.outcome === "answered") return { content: [{ type: "text", text: result.answer }] };
      const waiting = result.paused?.calls.map((call) => `${call.name} (${call.reason})`).join(", ");
      const detail = waiting
        ? `: it waits for ${waiting} on thread ${result.threadId}, which MCP cannot answer; resume it there`
        : result.outcomeDetail
          ? `: ${result.outcomeDetail}`
          : "";
      return {
        content: [{ type: "text", text: `The agent ended without an answer (${result.outcome}${detail}).` }],
        isError: true,
      };
    },
  );
  return server;
}

/** Options of {@link startAgentMcpHttpServer}. */
export interface AgentMcpHttpOptions extends AgentMcpServerOptions {
  /** Address to listen on (default 127.0.0.1: loopback only). */
  host?: string;
  /** Port (default 0: a free one). */
  port?: number;
  /** Host header values accepted besides the loopback names with this port (DNS-rebinding protection). */
  allowedHosts?: string[];
  /** Origin header values accepted besides loopback origins; a request with another Origin gets 403. */
  allowedOrigins?: string[];
  /** When set, every request must send `Authorization: Bearer <token>`. Required off loopback. */
  bearerToken?: string;
  /** Where the endpoint is served (default `/mcp`). */
  path?: string;
}

/** A running Streamable HTTP MCP server. */
export interface AgentMcpHttpServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the agent as an MCP server over Streamable HTTP (stateless: one JSON-RPC exchange per POST). As
 * the MCP specification requires of local servers, it binds to loopback by default and checks every
 * request's Host and Origin headers, so a web page cannot reach it through DNS rebinding.
 */
export async function startAgentMcpHttpServer(
  agent: Agent,
  options: AgentMcpHttpOptions = {},
): Promise<AgentMcpHttpServer> {
  const host = options.host ?? "127.0.0.1";
  const path = options.path ?? "/mcp";
  if (!isLoopbackHost(host) && !options.bearerToken)
    throw new ConfigError(
      `--host ${host}: serving beyond loopback needs a bearer token (GLASSBOX_MCP_TOKEN), so only your clients can call the agent`,
    );
  const http: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, `internal error: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  // The Host/Origin guard Studio and glassbox serve use (src/http/origin-guard.ts).
  const local = localOriginPolicy({ port, host });
  const policy: OriginPolicy = {
    hosts: [...local.hosts, ...(options.allowedHosts ?? [])],
    origins: [...local.origins, ...(options.allowedOrigins ?? [])],
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://placeholder");
    if (url.pathname !== path) return reply(res, 404, `not found: the MCP endpoint is ${path}`);
    const verdict = checkRequest(guardedRequest(req.headers), policy);
    if (!verdict.allowed)
      return reply(
        res,
        403,
        verdict.refused === "host"
          ? `Host "${req.headers.host ?? ""}" is not allowed (DNS-rebinding protection)`
          : `Origin "${req.headers.origin ?? "(none, cross-site)"}" is not allowed (DNS-rebinding protection)`,
      );
    if (options.bearerToken && req.headers.authorization !== `Bearer ${options.bearerToken}`)
      return reply(res, 401, "missing or wrong bearer token");
    if (req.method !== "POST")
      return reply(res, 405, "this stateless server takes JSON-RPC over POST only", { allow: "POST" });
    const server = createAgentMcpServer(agent, options);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on("close", () => {
      transport.close().catch(() => {});
      server.close().catch(() => {});
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  }

  return {
    url: `http://${hostForUrl(host)}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

function reply(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}
