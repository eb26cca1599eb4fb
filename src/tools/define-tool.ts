import { z } from "zod";
import { GlassboxError } from "../errors.ts";
import type { BudgetLedger } from "../graph/budget-ledger.ts";
import type { RunBudget } from "../graph/run-budget.ts";
import type { ToolSession } from "../graph/session-state.ts";

/** What a tool's `run` receives besides its validated input. */
export interface ToolContext {
  /** The Converse `toolUseId` of this call. */
  toolCallId: string;
  /** Aborted when the run is cancelled or the tool's timeout passes. */
  signal: AbortSignal;
  /** The thread (conversation) id of the run, when there is one. */
  threadId?: string;
  /** What the run may still spend (steps, tokens, cost): a tool that runs another agent caps it with this. */
  budget?: RunBudget;
  /** The live spend this call shares with the step's other calls: pass it on with `budget`. */
  ledger?: BudgetLedger;
  /**
   * The session's attributes (Bedrock Agents' `sessionState`): read them, or replace them with
   * `session.update(...)`; session attributes then persist with the thread. Set in every agent run.
   */
  session?: ToolSession;
}

/** A tool as the model sees it (a Converse `toolSpec`) plus the code that runs it. */
export interface Tool<Input = unknown, Output = unknown> {
  name: string;
  description: string;
  /** The zod schema every input is validated against before `run`. */
  input: z.ZodType<Input>;
  /** JSON Schema sent to the model as `toolSpec.inputSchema.json`. */
  jsonSchema: Record<string, unknown>;
  /** Per-tool timeout in milliseconds; overrides the agent's default. */
  timeoutMs?: number;
  /** A person approves, edits or rejects each call before it runs (the run pauses for them). */
  requiresApproval?: boolean;
  /**
   * `client`: the caller runs the tool itself (return of control, as Bedrock Agents' `returnControl`);
   * the run pauses with the call and resumes with the caller's result. Default `server`: `run` runs it.
   */
  executor?: ToolExecutor;
  /** The compiled graph this tool runs (an agent as a tool), declared on *act* so Studio draws it. */
  subgraph?: object;
  /**
   * The agent this tool runs can pause (its tools need approval or run on the client): the caller's
   * run pauses with it, so the caller keeps a checkpointer as for its own pausing tools.
   */
  pausesInside?: boolean;
  /** Returns the result, or is an async generator whose yields stream as `tool_progress` events. */
  run(input: Input, context: ToolContext): ToolRunResult<Output>;
}

/**
 * What a tool's `run` returns: the result (or a promise of it), or an async generator that yields
 * progress values (shown as `tool_progress` events and span events) and returns the result.
 */
export type ToolRunResult<Output> = Output | Promise<Output> | AsyncGenerator<unknown, Output, undefined>;

/** Who runs a tool: the agent (`server`) or the caller, which hands back the result (`client`). */
export type ToolExecutor = "server" | "client";

/** Options of {@link defineTool}. */
export interface ToolDefinition<Schema extends z.ZodObject, Output> {
  /** 1–64 characters from `[a-zA-Z0-9_-]`, as Bedrock requires of tool names. */
  name: string;
  /** What the tool does; the model picks tools by it. */
  description: string;
  /** A zod object schema; its JSON Schema is what the model sees. */
  input: Schema;
  timeoutMs?: number;
  /** Pause the run before each call so a person can approve, edit or reject it. */
  requiresApproval?: boolean;
  /**
   * Runs the call. An `async function*` streams progress: each `yield` is a `tool_progress` event,
   * the `return` value is the result.
   *
   * @example
   * async *run({ url }) {
   *   yield "downloading";
   *   const body = await download(url);
   *   yield { bytes: body.length };
   *   return summarize(body);
   * }
   */
  run(input: z.output<Schema>, context: ToolContext): ToolRunResult<Output>;
}

/** Options of {@link defineClientTool}: a tool the caller runs, so it has no `run`. */
export type ClientToolDefinition<Schema extends z.ZodObject> = Omit<
  ToolDefinition<Schema, never>,
  "run" | "timeoutMs"
>;

/** Raised when a tool definition cannot be sent to Bedrock. */
export class ToolDefinitionError extends GlassboxError {
  constructor(message: string) {
    super(message, { code: "TOOL_DEFINITION_INVALID" });
  }
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Defines a tool from a zod object schema. Checks the definition against Bedrock's rules at definition
 * time, so a bad tool fails when the agent is built, not in the middle of a run.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { defineTool } from "glassbox";
 *
 * const lookupOrder = defineTool({
 *   name: "lookup_order",
 *   description: "Find an order by its id",
 *   input: z.object({ orderId: z.string().describe("order id such as A-1001") }),
 *   timeoutMs: 5_000,
 *   run: async ({ orderId }, { signal }) => ({ orderId, status: "shipped" }),
 * });
 * ```
 */
export function defineTool<Schema extends z.ZodObject, Output>(
  definition: ToolDefinition<Schema, Output>,
): Tool<z.output<Schema>, Output> {
  const { name, description, input, timeoutMs, run, requiresApproval } = definition;
  const where = `tool "${name}"`;
  if (typeof name !== "string" || !TOOL_NAME.test(name)) {
    throw new ToolDefinitionError(
      `${where}: name must be 1-64 characters of letters, digits, "_" or "-" (Bedrock's toolSpec.name rule)`,
    );
  }
  if (typeof description !== "string" || description.trim() === "") {
    throw new ToolDefinitionError(
      `${where}: description must be a non-empty string; the model chooses tools by it`,
    );
  }
  if (!(input instanceof z.ZodObject)) {
    throw new ToolDefinitionError(`${where}: input must be a zod object schema (z.object({...}))`);
  }
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new ToolDefinitionError(`${where}: timeoutMs must be a positive number of milliseconds`);
  }
  if (typeof run !== "function") throw new ToolDefinitionError(`${where}: run must be a function`);
  if (requiresApproval !== undefined && typeof requiresApproval !== "boolean") {
    throw new ToolDefinitionError(`${where}: requiresApproval must be true or false`);
  }
  let jsonSchema: Record<string, unknown>;
  try {
    jsonSchema = z.toJSONSchema(input, { io: "input", unrepresentable: "throw" }) as Record<string, unknown>;
  } catch (error) {
    throw new ToolDefinitionError(
      `${where}: input schema cannot be expressed as JSON Schema (${(error as Error).message})`,
    );
  }
  delete jsonSchema.$schema;
  return {
    name,
    description,
    input,
    jsonSchema,
    timeoutMs,
    run,
    ...(requiresApproval ? { requiresApproval } : {}),
  } as unknown as Tool<z.output<Schema>, Output>;
}

/**
 * Defines a tool the caller runs itself (return of control): the model may call it, the run pauses
 * with the call, and resumes with the result the caller supplies. Validated like {@link defineTool}.
 */
export function defineClientTool<Schema extends z.ZodObject>(
  definition: ClientToolDefinition<Schema>,
): Tool<z.output<Schema>, never> {
  const tool = defineTool({
    ...definition,
    run: () => {
      throw new Error(`tool "${definition.name}" is run by the client; the run should have paused for it`);
    },
  });
  return { ...tool, executor: "client" };
}

/** The same tool, executed by the client instead of by the agent (return of control). */
export function asClientTool<Input, Output>(tool: Tool<Input, Output>): Tool<Input, Output> {
  return { ...tool, executor: "client" };
}

/** The same tool, paused for a person's approval before each call. */
export function withApproval<Input, Output>(tool: Tool<Input, Output>): Tool<Input, Output> {
  return { ...tool, requiresApproval: true };
}

/** Whether a call of this tool pauses the run: for approval, or for the client to run it. */
export function pausesFor(tool: Tool | undefined): "approval" | "client" | undefined {
  if (tool?.executor === "client") return "client";
  return tool?.requiresApproval ? "approval" : undefined;
}

/** The Converse `toolSpec` for a tool. */
export function toToolSpec(tool: Tool): {
  toolSpec: { name: string; description: string; inputSchema: { json: Record<string, unknown> } };
} {
  return {
    toolSpec: { name: tool.name, description: tool.description, inputSchema: { json: tool.jsonSchema } },
  };
}
