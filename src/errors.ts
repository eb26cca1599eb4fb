/**
 * @module
 * Glassbox's one error model: every error Glassbox raises is a {@link GlassboxError} with a `code`, and the
 * code decides its kind: `usage` (the caller's to fix: a flag, a config field, a tool definition) or
 * `failed` (something Glassbox called failed: Bedrock, the network, a tool). The CLI maps the kind to its
 * exit code (2 and 1) and prints the message as one line.
 */

/** Whether the caller must fix something (`usage`) or something Glassbox called failed (`failed`). */
export type GlassboxErrorKind = "usage" | "failed";

/** Every error code, and its kind. */
export const ERROR_CODES = {
  /** A command-line mistake: unknown command or flag, missing argument. */
  USAGE: "usage",
  /** A configuration value that does not fit its schema; the message names the field. */
  CONFIG_INVALID: "usage",
  /** A tool definition Bedrock would refuse (name, schema, duplicate). */
  TOOL_DEFINITION_INVALID: "usage",
  /** A Bedrock Agents action group (definition, OpenAPI schema, function details) that Bedrock would refuse. */
  ACTION_GROUP_INVALID: "usage",
  /** A resume value that does not fit the tool calls a run is paused on. */
  TOOL_REVIEW_INVALID: "usage",
  /** An AWS profile named explicitly (`--profile`, `model.profile`) that no AWS config file defines. */
  PROFILE_NOT_FOUND: "usage",
  /** No AWS region could be resolved. */
  NO_REGION: "usage",
  /** AWS credentials were needed and none could be loaded. */
  NO_CREDENTIALS: "usage",
  /** Bedrock does not know the model id. */
  MODEL_UNKNOWN: "usage",
  /** The base id of a model Bedrock serves only through inference profiles; the message names them. */
  MODEL_NEEDS_PROFILE: "usage",
  /** An inference profile id the model has no profile for; the message names the ones that exist. */
  MODEL_PROFILE_UNKNOWN: "usage",
  /** `inferenceConfig` the model refuses: maxTokens above its limit, temperature with topP. */
  INFERENCE_CONFIG_INVALID: "usage",
  /** Guardrail content over Bedrock's limits or otherwise malformed. */
  GUARDRAIL_CONTENT_INVALID: "usage",
  /** Every attempt of a model call failed with a retryable error (throttling, 5xx, stream failures). */
  RETRY_EXHAUSTED: "failed",
  /** A Bedrock request outlived its Glassbox timeout (connect, whole response, or stream silence). */
  REQUEST_TIMEOUT: "failed",
  /** A run on a thread that another run (maybe in another process) holds. */
  THREAD_BUSY: "failed",
  /** A thread store (SQLite file, PostgreSQL server) that cannot be opened or reached. */
  DATABASE_UNAVAILABLE: "failed",
  /** A custom guardrail regex that ran past its time budget. */
  REGEX_TIME_BUDGET: "failed",
  /** Bedrock refused the request (`ValidationException` and the like). */
  BEDROCK_REJECTED: "failed",
  /** IAM denied the call. */
  ACCESS_DENIED: "failed",
  /** A model, guardrail or knowledge base that does not exist. */
  RESOURCE_NOT_FOUND: "failed",
  /** The endpoint cannot be reached (refused, unknown host, unreachable). */
  ENDPOINT_UNREACHABLE: "failed",
  /** The run was cancelled (Ctrl-C, an AbortSignal). */
  CANCELLED: "failed",
  /** A tool that ran longer than its timeout. */
  TOOL_TIMEOUT: "failed",
  /** The model called a tool the agent does not have. */
  TOOL_UNKNOWN: "failed",
  /** The model's tool input does not fit the tool's schema. */
  TOOL_INPUT_INVALID: "failed",
  /** A tool's own failure. */
  TOOL_FAILED: "failed",
  /** An MCP server could not be started or reached, or its handshake failed. */
  MCP_CONNECT_FAILED: "failed",
  /** An MCP server went away (process exit, dropped connection) or the client was closed. */
  MCP_CONNECTION_CLOSED: "failed",
  /** Two MCP tools would get one Bedrock name and renaming is off (`toolNaming: "as-is"`). */
  MCP_NAME_COLLISION: "usage",
  /** An MCP tools/call failed: a JSON-RPC error, a malformed message, a cancelled call. */
  MCP_CALL_FAILED: "failed",
  /** An OTLP export (traces, metrics, logs) that the collector did not accept or could not be reached. */
  OTLP_EXPORT_FAILED: "failed",
  /** An error the local Bedrock answers with, in Bedrock's shape. */
  LOCAL_BEDROCK_ERROR: "failed",
  /** The model's answer did not match the output schema after the allowed corrections. */
  STRUCTURED_OUTPUT_INVALID: "failed",
  /** A file given as input breaks Bedrock's rules (format, size, count, name) or cannot be read. */
  FILE_INPUT_INVALID: "usage",
  /** A message content block Converse cannot carry. */
  CONTENT_UNSUPPORTED: "usage",
  /** An invocation payload or header that does not fit (`glassbox serve`, the Lambda handler); names the field. */
  INVOCATION_INVALID: "usage",
  /** A request refused before any agent code ran: path, method, media type, size, Host or Origin. */
  REQUEST_REJECTED: "usage",
  /** The session's thread cannot take the invocation: a run in progress, decisions awaited, nothing to resume. */
  THREAD_CONFLICT: "usage",
  /** The server cannot take the invocation now (full, shutting down); retry. */
  SERVER_UNAVAILABLE: "failed",
  /** A served run outlasted its time limit and was stopped at its last checkpoint. */
  RUN_TIMEOUT: "failed",
  /**
   * A node routed in a way only LangGraph's executor runs (a `Send`, several targets, a parent graph)
   * in a run on the direct executor: create the agent with `executor: "graph"`.
   */
  EXECUTOR_UNSUPPORTED: "usage",
  /** A Studio API request that does not fit (bad body, a checkpoint that is no fork point); answered 400. */
  STUDIO_REQUEST_INVALID: "usage",
  /** A graph, run, thread, checkpoint or eval run the Studio does not have; answered 404. */
  STUDIO_NOT_FOUND: "usage",
  /** A trace file that is not OTLP/JSON; the message names the line. */
  TRACE_FILE_INVALID: "usage",
  /** A checkpoint reference (id, prefix or step) that matches none or several of a thread's checkpoints. */
  CHECKPOINT_NOT_FOUND: "usage",
  /** A cassette folder (record and replay) that cannot be read, or one a recording would overwrite. */
  CASSETTE_INVALID: "usage",
  /** A Bedrock Agent import (`--strict`) with items that cannot be carried over; the message lists them. */
  AGENT_IMPORT_INCOMPLETE: "usage",
  /** Anything else. */
  UNEXPECTED: "failed",
} as const satisfies Record<string, GlassboxErrorKind>;

/** A Glassbox error code (see {@link ERROR_CODES}). */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Exit codes of the CLI by error kind. */
export const EXIT_CODES: Readonly<Record<GlassboxErrorKind, number>> = { usage: 2, failed: 1 };

// Symbol.for is shared by every copy of Glassbox in a process (e.g. Studio's and the CLI's), where
// `instanceof` would fail across copies.
const MARKER = Symbol.for("glassbox.error");

/** Options of a {@link GlassboxError}. */
export interface GlassboxErrorOptions {
  code: ErrorCode;
  /** The underlying error: the AWS SDK's exception, a zod error, a network error. */
  cause?: unknown;
}

/**
 * The base of every Glassbox error. `code` names the problem, `kind` says whose it is, `cause` holds the
 * underlying AWS/SDK error. Check with `GlassboxError.isInstance(error)` (or `ConfigError.isInstance`),
 * which works across two copies of the package where `instanceof` does not.
 *
 * @example
 * ```ts
 * try {
 *   await agent.invoke("…");
 * } catch (error) {
 *   if (GlassboxError.isInstance(error) && error.kind === "usage") console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export class GlassboxError extends Error {
  readonly code: ErrorCode;
  readonly kind: GlassboxErrorKind;
  constructor(message: string, options: GlassboxErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.kind = ERROR_CODES[options.code];
    // The class names from this one up to GlassboxError, read by `isInstance`.
    Object.defineProperty(this, MARKER, { value: lineage(new.target) });
  }

  /** Whether `error` is an instance of this class, also when it comes from another copy of Glassbox. */
  static isInstance<T extends abstract new (...args: never[]) => GlassboxError>(
    this: T,
    error: unknown,
  ): error is InstanceType<T> {
    const names = (error as Record<symbol, unknown> | null)?.[MARKER];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class isInstance is called on (a subclass too)
    return Array.isArray(names) && names.includes(this.name);
  }
}

function lineage(errorClass: abstract new (...args: never[]) => unknown): string[] {
  const names: string[] = [];
  for (let current: unknown = errorClass; typeof current === "function" && current.name; ) {
    names.push(current.name);
    if (current === GlassboxError) break;
    current = Object.getPrototypeOf(current);
  }
  return names;
}

/** A configuration mistake: the message names the field and what was expected. */
export class ConfigError extends GlassboxError {
  constructor(message: string, options: { cause?: unknown; code?: ErrorCode } = {}) {
    super(message, { code: options.code ?? "CONFIG_INVALID", cause: options.cause });
  }
}

/** A mistake in how the CLI was called: printed as one line, exit code 2. */
export class UsageError extends GlassboxError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: "USAGE", cause: options.cause });
  }
}
