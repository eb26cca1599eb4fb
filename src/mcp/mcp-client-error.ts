import { type ErrorCode, GlassboxError } from "../errors.ts";

/** Why talking to an MCP server failed (codes of {@link GlassboxError}). */
export type McpClientErrorCode = Extract<
  ErrorCode,
  "MCP_CONNECT_FAILED" | "MCP_CONNECTION_CLOSED" | "MCP_NAME_COLLISION" | "MCP_CALL_FAILED"
>;

/** A failure talking to an MCP server; `server` names it, `code` says what kind. */
export class McpClientError extends GlassboxError {
  readonly server: string;
  constructor(code: McpClientErrorCode, server: string, message: string, options: { cause?: unknown } = {}) {
    super(`MCP server "${server}": ${message}`, { code, cause: options.cause });
    this.server = server;
  }
}
