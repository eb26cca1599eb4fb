// The benchmark's MCP server (SDK): one `lookup_order` tool, the same work as the plain tool. Serves
// stdio with no argument, or Streamable HTTP (stateless, JSON responses) on loopback with `http`,
// printing its URL on stdout.
import { createServer } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

function build() {
  const server = new McpServer({ name: "orders", version: "1.0.0" });
  server.registerTool(
    "lookup_order",
    {
      description: "Look up the shipping status of a customer order by its order number",
      inputSchema: { order_id: z.string().describe("The order number") },
    },
    ({ order_id }) => ({
      content: [{ type: "text", text: `Order ${order_id.split(" ").at(-1)} shipped on 2026-11-30.` }],
    }),
  );
  return server;
}

if (process.argv[2] === "http") {
  const http = createServer(async (req, res) => {
    const server = build();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on("close", () => void server.close());
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  http.listen(0, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${http.address().port}/mcp\n`));
  process.on("SIGTERM", () => http.close(() => process.exit(0)));
} else {
  await build().connect(new StdioServerTransport());
}
