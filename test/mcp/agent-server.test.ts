import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterEach, describe, expect, it } from "vitest";
import { createToolAgent } from "../../graphs/tool-agent.ts";
import { ConfigError, setupTelemetry } from "../../src/index.ts";
import {
  type AgentMcpHttpServer,
  createAgentMcpServer,
  startAgentMcpHttpServer,
} from "../../src/mcp/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

const running: AgentMcpHttpServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** A JSON-RPC ping over node:http, which (unlike fetch) sends the Host header it is given. */
function post(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...headers,
      },
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }));
  });
}

const textOf = (result: unknown) => (result as { content: Array<{ text: string }> }).content[0]?.text ?? "";

describe("an agent as an MCP server", () => {
  it("says which call a paused run waits for, and on which thread, since MCP cannot answer it", async () => {
    const bedrock = await localBedrock();
    const agent = createToolAgent({ model: localModel(bedrock), review: { approve: ["calculator"] } });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createAgentMcpServer(agent).connect(serverSide);
    const client = new Client({ name: "ide", version: "1" });
    await client.connect(clientSide);
    const result = await client.callTool({
      name: "tool_agent",
      arguments: { input: "What is 6 times 7?", threadId: "ide-1" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "The agent ended without an answer (interrupted: it waits for calculator (approval) on thread ide-1, which MCP cannot answer; resume it there).",
    );
    await client.close();
  });

  it("exposes one tool that runs the agent; the caller's traceparent parents the run", async () => {
    const bedrock = await localBedrock();
    const telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const agent = createToolAgent({ model: localModel(bedrock), telemetry });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = createAgentMcpServer(agent);
    await server.connect(serverSide);
    const client = new Client({ name: "ide", version: "1" });
    await client.connect(clientSide);

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["tool_agent"]);
    expect(tools[0]?.inputSchema.required).toEqual(["input"]);
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const result = await client.callTool({
      name: "tool_agent",
      arguments: { input: "What is 6 times 7?" },
      _meta: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(textOf(result)).toContain("42");
    const root = telemetry.memory?.getFinishedSpans().find((span) => span.name === "invoke_agent tool_agent");
    expect(root?.spanContext().traceId).toBe(traceId);
    expect(root?.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
    await client.close();
  });

  it("serves Streamable HTTP on loopback and refuses foreign Host and Origin headers (DNS rebinding)", async () => {
    const bedrock = await localBedrock();
    const server = await startAgentMcpHttpServer(createToolAgent({ model: localModel(bedrock) }), {
      port: 0,
      allowedOrigins: ["https://ide.example"],
    });
    running.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);

    const client = new Client({ name: "sdk-client", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    const result = await client.callTool({
      name: "tool_agent",
      arguments: { input: "What is 144 divided by 12?" },
    });
    expect(textOf(result)).toContain("12");
    await client.close();

    const rebound = await post(server.url, { host: "attacker.example" });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error.message).toMatch(/Host "attacker.example" is not allowed/);
    expect((await post(server.url, { origin: "http://attacker.example" })).status).toBe(403);
    expect((await post(server.url, { origin: "https://ide.example" })).status).toBe(200);
  });

  it("will not listen beyond loopback without a bearer token, and checks the token when it has one", async () => {
    const agent = createToolAgent({ model: { endpoint: "http://127.0.0.1:9" } });
    await expect(startAgentMcpHttpServer(agent, { host: "0.0.0.0" })).rejects.toThrow(ConfigError);
    const server = await startAgentMcpHttpServer(agent, { bearerToken: "t0ken" });
    running.push(server);
    const unauthorized = await fetch(server.url, { method: "POST", body: "{}" });
    expect(unauthorized.status).toBe(401);
  });
});
