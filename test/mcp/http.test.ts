import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, createAgent, setupTelemetry } from "../../src/index.ts";
import { connectMcpServers, MCP_ATTR, McpClientError } from "../../src/mcp/index.ts";
import { ATTR } from "../../src/telemetry/attributes.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { testMcpServer, text } from "../helpers/mcp-servers.ts";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve)).then(() => undefined)),
  );
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.closeIdleConnections();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

/** A Streamable HTTP MCP server (stateless, the SDK's transport) that wants a bearer token. */
async function httpMcpServer(mcp: ReturnType<typeof testMcpServer>, token: string) {
  const headers: Array<Record<string, unknown>> = [];
  const url = await listen(async (req, res) => {
    headers.push({ ...req.headers });
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401).end("unauthorized");
      return;
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    const server = mcp.build();
    res.on("close", () => void server.close());
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  return { url, headers };
}

describe("Streamable HTTP MCP servers", () => {
  it("sends the configured headers (variables from the environment) and calls tools, spans naming the server", async () => {
    const mcp = testMcpServer([
      { name: "quote", description: "A stock quote", call: () => text("ACME 42.00") },
    ]);
    const remote = await httpMcpServer(mcp, "s3cret");
    const toolset = await connectMcpServers(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the mcp.json variable syntax under test
      { quotes: { url: remote.url, headers: { Authorization: "Bearer ${env:QUOTES_TOKEN}" } } },
      { env: { QUOTES_TOKEN: "s3cret" } },
    );
    try {
      const bedrock = await localBedrock({
        script: [
          { toolUse: [{ name: "quote", input: {}, toolUseId: "t1" }] },
          { text: "ACME trades at 42." },
        ],
      });
      const telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
      const result = await createAgent({ model: localModel(bedrock), tools: [toolset], telemetry }).invoke(
        "quote",
      );
      expect(result.steps.find((step) => step.kind === "observation")?.content).toBe("ACME 42.00");
      const span = telemetry.memory?.getFinishedSpans().find((s) => s.name === "execute_tool quote");
      expect(span?.attributes).toMatchObject({
        [MCP_ATTR.server]: "quotes",
        [MCP_ATTR.networkTransport]: "tcp",
        [ATTR.serverAddress]: "127.0.0.1",
      });
      expect(mcp.log.calls[0]?.meta.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(remote.headers.every((h) => h.authorization === "Bearer s3cret")).toBe(true);
    } finally {
      await toolset.close();
    }
  });

  it("names what is wrong: an unset variable, a refused token, a server that does not speak JSON-RPC", async () => {
    const remote = await httpMcpServer(testMcpServer([{ name: "quote" }]), "s3cret");
    await expect(
      connectMcpServers(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the mcp.json variable syntax under test
        { q: { url: remote.url, headers: { Authorization: "Bearer ${env:MISSING}" } } },
        { env: {} },
      ),
    ).rejects.toThrow(
      new ConfigError("mcpServers.q.headers.Authorization: environment variable MISSING is not set"),
    );

    const refused = connectMcpServers({ q: { url: remote.url, headers: { Authorization: "Bearer wrong" } } });
    await expect(refused).rejects.toThrow(McpClientError);
    await expect(refused).rejects.toThrow(/MCP server "q": cannot connect: HTTP 401: .*unauthorized/);

    const garbage = await listen((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end('{"hello": "not json-rpc"}');
    });
    await expect(connectMcpServers({ g: { url: garbage, connectTimeoutMs: 2_000 } })).rejects.toThrow(
      /MCP server "g": cannot connect/,
    );
    await expect(connectMcpServers({ s: { type: "sse", url: remote.url } })).rejects.toThrow(/SSE transport/);
  });

  it("a server that drops the connection mid-call is an error observation; the next call goes through", async () => {
    let drop = true;
    const mcp = testMcpServer([{ name: "quote", call: () => text("ACME 42.00") }]);
    const url = await listen(async (req, res) => {
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      const server = mcp.build();
      if (req.method !== "POST") {
        res.writeHead(405).end();
        return;
      }
      let body = "";
      for await (const chunk of req) body += chunk;
      if (drop && body.includes('"tools/call"')) {
        drop = false;
        req.socket.destroy();
        return;
      }
      await server.connect(transport);
      await transport.handleRequest(req, res, JSON.parse(body));
    });
    const toolset = await connectMcpServers({ quotes: { url } });
    try {
      const bedrock = await localBedrock({
        script: [
          { toolUse: [{ name: "quote", input: {}, toolUseId: "t1" }] },
          { toolUse: [{ name: "quote", input: {}, toolUseId: "t2" }] },
          { text: "done" },
        ],
      });
      const result = await createAgent({ model: localModel(bedrock), tools: [toolset] }).invoke(
        "quote twice",
      );
      const [dropped, ok] = result.steps.filter((step) => step.kind === "observation");
      expect(dropped?.status).toBe("error");
      expect(dropped?.content).toMatch(/MCP server "quotes": .*tools\/call "quote"/);
      expect(ok).toMatchObject({ status: "success", content: "ACME 42.00" });
    } finally {
      await toolset.close();
    }
  });
});
