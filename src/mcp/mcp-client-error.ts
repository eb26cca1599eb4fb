/** Why talking to an MCP server failed. */
export type McpClientErrorCode =
  /** The server could not be started or reached, or the MCP handshake failed. */
  | "connect_failed"
  /** The server went away (process exit, closed stream, malformed message). */
  | "connection_closed"
  /** A tool's input schema is not valid JSON Schema (or not an object schema, as Bedrock requires). */
  | "invalid_schema"
  /** Two tools would get the same Bedrock name and renaming is turned off. */
  | "name_collision"
  /** tools/call failed: a JSON-RPC error, a timeout, a cancelled call. */
  | "call_failed";

/** A failure talking to an MCP server; `server` names it, `code` says what kind. */
export class McpClientError extends Error {
  override name = "McpClientError";
  readonly code: McpClientErrorCode;
  readonly server: string;
  constructor(code: McpClientErrorCode, server: string, message: string, options?: { cause?: unknown }) {
    super(`MCP server "${server}": ${message}`, options);
    this.code = code;
    this.server = server;
  }
}
