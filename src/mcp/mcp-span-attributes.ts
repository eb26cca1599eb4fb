/**
 * Span attributes of MCP tool calls. `mcp.method.name` and `network.transport` follow the OpenTelemetry
 * MCP semantic conventions (development); the server's configured name is Glassbox's own.
 */
export const MCP_ATTR = {
  /** The server's name in `mcpServers`. */
  server: "glassbox.mcp.server",
  /** The tool's name on the server (the model may see a renamed one). */
  toolName: "glassbox.mcp.tool",
  serverVersion: "glassbox.mcp.server.version",
  methodName: "mcp.method.name",
  /** `pipe` (stdio), `tcp` (Streamable HTTP) or `inproc`. */
  networkTransport: "network.transport",
} as const;
