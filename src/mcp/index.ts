/**
 * @module
 * The Model Context Protocol (`glassbox/mcp`): tools from MCP servers (stdio and Streamable HTTP) for
 * any agent, and an agent served as an MCP server. A separate entry, so agents without MCP do not load
 * the MCP SDK.
 */
export {
  type AgentMcpHttpOptions,
  type AgentMcpHttpServer,
  type AgentMcpServerOptions,
  createAgentMcpServer,
  startAgentMcpHttpServer,
} from "./agent-server.ts";
export { McpClientError } from "./mcp-client-error.ts";
export {
  type HttpServerConfig,
  type McpServerConfig,
  McpServersSchema,
  parseMcpFlag,
  type StdioServerConfig,
} from "./mcp-config.ts";
export { McpConnection, type McpTransportSpec } from "./mcp-connection.ts";
export { MCP_ATTR } from "./mcp-span-attributes.ts";
export { connectMcpServers, McpToolset, type McpToolsetOptions } from "./mcp-toolset.ts";
export { bedrockToolName, type ToolNaming } from "./tool-names.ts";
