import type { ToolCall } from "@langchain/core/messages/tool";
import { isGraphBubbleUp } from "@langchain/langgraph";
import type { z } from "zod";
import { GlassboxError } from "../errors.ts";
import { recordToolProgress } from "../telemetry/model-feature-spans.ts";
import type { SpanScope } from "../telemetry/spans.ts";
import { endToolSpan, startToolSpan, withActiveSpan } from "../telemetry/spans.ts";
import type { Tool } from "../tools/define-tool.ts";
import { ToolOutput } from "../tools/tool-output.ts";
import type { BudgetLedger } from "./budget-ledger.ts";
import type { RunBudget } from "./run-budget.ts";
import type { ToolSession } from "./session-state.ts";
import type { ActionStep, ObservationStep, Step } from "./state.ts";

/** What running one tool call produced: its action and observation steps (the tool message is made from the latter). */
export interface ToolCallOutcome {
  action: ActionStep;
  observation: ObservationStep;
  /** Steps of an agent the tool ran (`agent.asTool`), between the action and its observation. */
  substeps: Step[];
}

export interface ToolCallOptions {
  step: number;
  timeoutMs: number;
  maxObservationChars: number;
  signal?: AbortSignal;
  threadId?: string;
  budget?: RunBudget;
  /** Shared by the step's calls (see `BudgetLedger`). */
  ledger?: BudgetLedger;
  /** This call's view of the session (see `ToolContext.session`). */
  session?: ToolSession;
  scope: SpanScope;
  onAction?: (action: ActionStep) => void;
  /** Told each value a generator tool yields, in order, before its result. */
  onProgress?: (progress: { toolCallId: string; tool: string; index: number; value: unknown }) => void;
}

class ToolTimeoutError extends GlassboxError {
  constructor(message: string) {
    super(message, { code: "TOOL_TIMEOUT" });
  }
}

/**
 * Runs one tool call: looks the tool up, validates the input against its zod schema, runs it under a
 * timeout, and turns every failure into an error observation the model can read and act on.
 * Only a cancelled run, and the pause of an agent the tool runs, escape as exceptions.
 */
export async function runToolCall(
  call: ToolCall,
  tools: ReadonlyMap<string, Tool>,
  options: ToolCallOptions,
): Promise<ToolCallOutcome> {
  const toolCallId = call.id ?? "";
  const tool = tools.get(call.name);
  const span = startToolSpan(options.scope, {
    tool: call.name,
    toolCallId,
    step: options.step,
    description: tool?.description,
  });
  const action: ActionStep = {
    kind: "action",
    step: options.step,
    toolCallId,
    tool: call.name,
    input: call.args,
  };
  options.onAction?.(action);
  const started = performance.now();
  let status: "success" | "error" = "success";
  let text: string;
  let errorType: string | undefined;
  let blocks: ToolOutput["blocks"];
  let substeps: Step[] = [];
  try {
    const report = (index: number, value: unknown) => {
      recordToolProgress(span, options.scope, index, value);
      options.onProgress?.({ toolCallId, tool: call.name, index, value });
    };
    const value = await withActiveSpan(span, () => invoke(call, tool, tools, options, report));
    if (value instanceof ToolOutput) {
      text = value.text;
      blocks = value.blocks;
      substeps = value.steps ?? [];
      if (value.error) {
        status = "error";
        errorType = value.error.type;
      }
    } else text = serialize(value);
  } catch (error) {
    // A sub-agent paused (an approval, a client tool): the caller's run pauses with it, to resume there.
    if (options.signal?.aborted || isGraphBubbleUp(error)) {
      span.end();
      throw error;
    }
    status = "error";
    errorType = (error as Error).name;
    text = describeFailure(call.name, tool, error, options.timeoutMs);
  }
  const durationMs = performance.now() - started;
  const { content, truncated } = truncate(text, options.maxObservationChars);
  const observation: ObservationStep = {
    kind: "observation",
    step: options.step,
    toolCallId,
    tool: call.name,
    status,
    content,
    sizeBytes: Buffer.byteLength(content),
    durationMs,
    ...(truncated ? { truncated } : {}),
    ...(blocks && !truncated ? { blocks } : {}),
  };
  endToolSpan(span, options.scope, { ...observation, errorType }, call.args);
  return { action, observation, substeps };
}

async function invoke(
  call: ToolCall,
  tool: Tool | undefined,
  tools: ReadonlyMap<string, Tool>,
  options: ToolCallOptions,
  report: (index: number, value: unknown) => void,
): Promise<unknown> {
  if (!tool) throw new UnknownToolError(call.name, [...tools.keys()]);
  const parsed = tool.input.safeParse(call.args ?? {});
  if (!parsed.success) throw new InvalidToolInputError(parsed.error);
  const timeoutMs = tool.timeoutMs ?? options.timeoutMs;
  const { signal } = options;
  // One promise settles the call: the tool's result, its timeout, or the run's cancellation (whose
  // reason is passed on); the tool's own signal aborts on the last two.
  const controller = new AbortController();
  const context = {
    toolCallId: call.id ?? "",
    signal: controller.signal,
    threadId: options.threadId,
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.ledger ? { ledger: options.ledger } : {}),
    ...(options.session ? { session: options.session } : {}),
  };
  return new Promise<unknown>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    /** A timeout or the run's cancellation: the tool's signal aborts with the same reason. */
    const stop = (reason: unknown) => {
      cleanup();
      controller.abort(reason);
      reject(reason);
    };
    const onAbort = () => stop(signal?.reason);
    const timer = setTimeout(() => stop(new ToolTimeoutError(`timed out after ${timeoutMs} ms`)), timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const running = tool.run(parsed.data, context);
      const result = isAsyncGenerator(running) ? drain(running, report) : Promise.resolve(running);
      result.then(
        (value) => {
          cleanup();
          resolve(value);
        },
        (error: unknown) => {
          cleanup();
          reject(error);
        },
      );
    } catch (error) {
      cleanup();
      reject(error);
    }
  });
}

function isAsyncGenerator(value: unknown): value is AsyncGenerator<unknown, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AsyncGenerator).next === "function" &&
    typeof (value as AsyncGenerator)[Symbol.asyncIterator] === "function"
  );
}

/** Runs a generator tool to its return value, reporting each yield; stops it when the call ends early. */
async function drain(
  generator: AsyncGenerator<unknown, unknown>,
  report: (index: number, value: unknown) => void,
): Promise<unknown> {
  let index = 0;
  try {
    for (;;) {
      const next = await generator.next();
      if (next.done) return next.value;
      report(index++, next.value);
    }
  } finally {
    await generator.return(undefined).catch(() => undefined);
  }
}

class UnknownToolError extends GlassboxError {
  constructor(name: string, available: string[]) {
    super(`there is no tool named "${name}"; available tools: ${available.join(", ") || "none"}`, {
      code: "TOOL_UNKNOWN",
    });
  }
}

class InvalidToolInputError extends GlassboxError {
  constructor(error: z.ZodError) {
    super(
      error.issues
        .map((issue) => `${issue.path.length ? issue.path.join(".") : "(input)"}: ${issue.message}`)
        .join("; "),
      { code: "TOOL_INPUT_INVALID", cause: error },
    );
  }
}

function describeFailure(name: string, tool: Tool | undefined, error: unknown, timeoutMs: number): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UnknownToolError) return `Error: ${message}.`;
  if (error instanceof InvalidToolInputError) {
    return `Error: invalid input for tool "${name}": ${message}. Expected input matching: ${JSON.stringify(tool?.jsonSchema)}`;
  }
  if (error instanceof ToolTimeoutError) {
    return `Error: tool "${name}" ${message} (limit ${tool?.timeoutMs ?? timeoutMs} ms).`;
  }
  return `Error: tool "${name}" failed: ${message}`;
}

function serialize(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "null";
  return JSON.stringify(value);
}

function truncate(text: string, max: number): { content: string; truncated: boolean } {
  if (text.length <= max) return { content: text, truncated: false };
  return {
    content: `${text.slice(0, max)}\n…[observation truncated: ${text.length - max} more characters]`,
    truncated: true,
  };
}
