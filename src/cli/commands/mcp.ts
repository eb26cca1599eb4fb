import { resolveConnection } from "../../model/connection.ts";
import { loadAgentModule } from "../../serve/load-agent-module.ts";
import { numberFlag, parseFlags } from "../args.ts";
import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";

const FLAGS = {
  help: { type: "boolean", short: "h" },
  agent: { type: "string" },
  http: { type: "boolean" },
  host: { type: "string" },
  port: { type: "string" },
  "allowed-host": { type: "string", multiple: true },
  "allowed-origin": { type: "string", multiple: true },
  "tool-name": { type: "string" },
  description: { type: "string" },
  model: { type: "string" },
  local: { type: "boolean" },
  endpoint: { type: "string" },
  region: { type: "string" },
  profile: { type: "string" },
} as const;

/** `glassbox mcp serve --agent <module:export>`: the agent as an MCP server, on stdio or Streamable HTTP. */
export async function mcpCommand(args: string[], io: CliIO): Promise<number> {
  const [action, ...rest] = args;
  if (!action || action === "--help" || action === "-h") {
    io.stdout(HELP.mcp);
    return action ? 0 : 2;
  }
  if (action !== "serve")
    throw new UsageError(`unknown mcp action "${action}": expected serve (see glassbox mcp --help)`);
  const { values } = parseFlags("mcp", rest, FLAGS);
  if (values.help) {
    io.stdout(HELP.mcp);
    return 0;
  }
  if (!values.agent)
    throw new UsageError(
      "mcp serve needs --agent <module:export>, e.g. --agent graphs/tool-agent.ts:createToolAgent",
    );
  if (!values.http && (values.host || values.port || values["allowed-host"] || values["allowed-origin"]))
    throw new UsageError("--host, --port, --allowed-host and --allowed-origin need --http");
  const port = numberFlag("port", values.port, { min: 0, max: 65535, integer: true });
  const connection = await resolveConnection({ local: values.local, endpoint: values.endpoint, env: io.env });
  // On stdio, stdout carries JSON-RPC: every notice goes to stderr.
  if (connection.notice) io.stderr(`glassbox: ${connection.notice}\n`);
  const model = {
    ...(values.model ? { modelId: values.model } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
  };
  try {
    // The MCP SDK loads only for this command.
    const { createAgentMcpServer, startAgentMcpHttpServer } = await import("../../mcp/agent-server.ts");
    const { StdioServerTransport } = await import("@modelcontextprotocol/sdk/server/stdio.js");
    const agent = await loadAgentModule(values.agent, { model });
    const options = {
      ...(values["tool-name"] ? { toolName: values["tool-name"] } : {}),
      ...(values.description ? { description: values.description } : {}),
    };
    if (values.http) {
      const server = await startAgentMcpHttpServer(agent, {
        ...options,
        ...(values.host ? { host: values.host } : {}),
        port: port ?? 8765,
        ...(values["allowed-host"] ? { allowedHosts: values["allowed-host"] } : {}),
        ...(values["allowed-origin"] ? { allowedOrigins: values["allowed-origin"] } : {}),
        ...(io.env.GLASSBOX_MCP_TOKEN ? { bearerToken: io.env.GLASSBOX_MCP_TOKEN } : {}),
      });
      io.stderr(`glassbox: serving agent "${agent.name}" over MCP Streamable HTTP at ${server.url}\n`);
      await untilSignal();
      await server.close();
      return 0;
    }
    const server = createAgentMcpServer(agent, options);
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.once("end", () => resolve());
    });
    await server.connect(transport);
    io.stderr(`glassbox: serving agent "${agent.name}" over MCP stdio\n`);
    await Promise.race([closed, untilSignal()]);
    await server.close();
    return 0;
  } finally {
    await connection.local?.close();
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
