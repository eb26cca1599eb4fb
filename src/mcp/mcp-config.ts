import { z } from "zod";
import { ConfigError } from "../config/config-error.ts";
import { splitCommandLine } from "./command-line.ts";

/**
 * Which of a server's tools a person approves before each call: `never` (the default), `always`,
 * `destructive` (what MCP's annotations do not declare harmless: a tool is destructive unless it says
 * `readOnlyHint: true` or `destructiveHint: false`, the spec's defaults), or the tools' names and `*` globs.
 */
export const RequireApprovalSchema = z.union([
  z.enum(["never", "always", "destructive"]),
  z.array(z.string().min(1)).min(1),
]);
export type RequireApproval = z.infer<typeof RequireApprovalSchema>;

/** Tool filters and limits every server entry may carry (Glassbox's additions to the mcp.json shape). */
const common = {
  /** Only these tools (exact names or `*` globs, as the server names them). */
  allowTools: z.array(z.string().min(1)).optional(),
  /** Never these tools (applied after `allowTools`). */
  denyTools: z.array(z.string().min(1)).optional(),
  /** How long one tools/call may take (default 30 s); then the call is cancelled and the model told. */
  timeoutMs: z.number().int().positive().optional(),
  /** How long starting and initialising the server may take (default 20 s). */
  connectTimeoutMs: z.number().int().positive().optional(),
  /** Skip this server (as in Claude's and Cursor's mcp.json). */
  disabled: z.boolean().optional(),
  /** Tools whose every call a person approves first (the run pauses; see {@link RequireApprovalSchema}). */
  requireApproval: RequireApprovalSchema.optional(),
};

/** A server started as a child process, spoken to over stdin/stdout. */
export const StdioServerSchema = z
  .object({
    type: z.literal("stdio").optional(),
    command: z.string().min(1),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    cwd: z.string().optional(),
    ...common,
  })
  .strict();

/** A server reached over MCP Streamable HTTP. */
export const HttpServerSchema = z
  .object({
    type: z.enum(["http", "streamable-http", "streamableHttp"]).optional(),
    url: z.url({ protocol: /^https?$/ }),
    /** Sent with every request (e.g. `Authorization: Bearer ${env:TOKEN}`); never logged. */
    headers: z.record(z.string(), z.string()).optional(),
    ...common,
  })
  .strict();

const ServerSchema = z.unknown().transform((value, ctx): McpServerConfig => {
  const entry = (value ?? {}) as Record<string, unknown>;
  if (entry.type === "sse") {
    ctx.addIssue({
      code: "custom",
      message:
        'the SSE transport (deprecated since MCP 2025-03-26) is not supported: use Streamable HTTP ("type": "http")',
    });
    return z.NEVER;
  }
  const schema = "url" in entry ? HttpServerSchema : StdioServerSchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ ...issue, code: "custom", message: issue.message });
    return z.NEVER;
  }
  return parsed.data;
});

/** The `mcpServers` object of an mcp.json file (Claude Desktop, Cursor, VS Code), keyed by server name. */
export const McpServersSchema = z.record(
  z.string().regex(/^[a-zA-Z0-9_.-]{1,48}$/, 'server names are 1-48 letters, digits, ".", "_" or "-"'),
  ServerSchema,
);

export type StdioServerConfig = z.output<typeof StdioServerSchema>;
export type HttpServerConfig = z.output<typeof HttpServerSchema>;
/** How to reach one MCP server: a command to spawn, or a Streamable HTTP URL. */
export type McpServerConfig = StdioServerConfig | HttpServerConfig;

const VARIABLE = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${env:NAME}` and `${NAME}` in a server's command, args, env, URL and headers, so secrets stay
 * in the environment rather than in the file. A variable that is not set is an error naming the field.
 */
export function expandVariables(
  name: string,
  config: McpServerConfig,
  env: Record<string, string | undefined>,
): McpServerConfig {
  const expand = (text: string, field: string) =>
    text.replace(VARIABLE, (_, variable: string) => {
      const value = env[variable];
      if (value === undefined)
        throw new ConfigError(`mcpServers.${name}.${field}: environment variable ${variable} is not set`);
      return value;
    });
  const record = (values: Record<string, string> | undefined, field: string) =>
    values
      ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, expand(v, `${field}.${k}`)]))
      : undefined;
  if ("url" in config) {
    return {
      ...config,
      url: expand(config.url, "url"),
      ...(config.headers ? { headers: record(config.headers, "headers") } : {}),
    };
  }
  return {
    ...config,
    command: expand(config.command, "command"),
    ...(config.args ? { args: config.args.map((arg, i) => expand(arg, `args.${i}`)) } : {}),
    ...(config.env ? { env: record(config.env, "env") } : {}),
  };
}

/**
 * A server from `glassbox run --mcp <command or URL>`: an http(s) URL is a Streamable HTTP server, anything
 * else a command line to spawn (split into words as a shell splits them: quotes and backslashes, no
 * expansion). Its name is `mcp`, `mcp2`, ...
 */
export function parseMcpFlag(spec: string, index: number): [string, McpServerConfig] {
  const name = index === 0 ? "mcp" : `mcp${index + 1}`;
  const text = spec.trim();
  if (!text)
    throw new ConfigError("--mcp: expected a command (node server.js) or a URL (http://127.0.0.1:8000/mcp)");
  if (/^https?:\/\//i.test(text)) {
    const parsed = HttpServerSchema.safeParse({ url: text });
    if (!parsed.success) throw new ConfigError(`--mcp: "${text}" is not a valid http(s) URL`);
    return [name, parsed.data];
  }
  const [command = "", ...args] = splitCommandLine(text, "--mcp");
  return [name, { command, args }];
}

/** Whether a tool name matches an exact name or a `*` glob (`*` matches any run of characters). */
export function globMatches(pattern: string, name: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(name);
}

/** Whether a server's tool passes its allow and deny filters (`*` matches any run of characters). */
export function toolAllowed(
  config: Pick<McpServerConfig, "allowTools" | "denyTools">,
  tool: string,
): boolean {
  const matches = (pattern: string) => globMatches(pattern, tool);
  if (config.allowTools && !config.allowTools.some(matches)) return false;
  return !config.denyTools?.some(matches);
}
