import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../errors.ts";

/**
 * The `context` object the Node.js Lambda runtime passes a handler (the fields handlers read).
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 */
export interface LambdaHandlerContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  /** Milliseconds left before the function's timeout. */
  getRemainingTimeInMillis(): number;
}

/** A Lambda handler: `export const handler = async (event, context) => ...`. */
export type LambdaHandler = (event: unknown, context: LambdaHandlerContext) => unknown;

/** Lambda's error payload for an unhandled error (`X-Amz-Function-Error: Unhandled`). */
export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** How one in-process invocation ended: the handler's result, or Lambda's error payload. */
export type LambdaRun =
  | { ok: true; payload: unknown; requestId: string; durationMs: number }
  | { ok: false; error: LambdaErrorPayload; requestId: string; durationMs: number };

/** Lambda's default function timeout. */
export const DEFAULT_LAMBDA_TIMEOUT_MS = 3_000;

/**
 * A handler given as a function, or a module path (`./handlers/claims.mjs`, optionally `#exportName`,
 * default `handler`) imported once.
 */
export async function loadLambdaHandler(handlerOrModulePath: LambdaHandler | string): Promise<LambdaHandler> {
  if (typeof handlerOrModulePath === "function") return handlerOrModulePath;
  const [file = "", exportName = "handler"] = handlerOrModulePath.split("#");
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`Lambda handler module "${file}" cannot be loaded: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const handler = module[exportName];
  if (typeof handler !== "function")
    throw new ConfigError(
      `Lambda handler module "${file}" has no exported function "${exportName}" (expected export const ${exportName} = async (event, context) => ...)`,
    );
  return handler as LambdaHandler;
}

/**
 * Runs a handler as the Lambda Node.js runtime would: the event as a fresh JSON copy, a Lambda-like
 * context, the function's timeout (Lambda's `Task timed out` error when it passes), and a thrown error
 * turned into Lambda's `{errorType, errorMessage, trace}` payload. The result is returned as the JSON
 * Lambda would send back (so `undefined` becomes `null`).
 */
export async function runLambdaHandler(
  handler: LambdaHandler,
  event: unknown,
  options: { functionName: string; timeoutMs?: number; signal?: AbortSignal; region?: string },
): Promise<LambdaRun> {
  const requestId = randomUUID();
  const timeoutMs = options.timeoutMs ?? DEFAULT_LAMBDA_TIMEOUT_MS;
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  const context: LambdaHandlerContext = {
    awsRequestId: requestId,
    functionName: options.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${options.region ?? "us-east-1"}:000000000000:function:${options.functionName}`,
    memoryLimitInMB: "128",
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll("-", "")}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  const durationMs = () => performance.now() - started;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const copy = JSON.parse(JSON.stringify(event ?? {})) as unknown;
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LambdaTimeout(requestId, timeoutMs)), timeoutMs);
      onAbort = () => reject(options.signal?.reason ?? new Error("the invocation was cancelled"));
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener("abort", onAbort, { once: true });
    });
    const result = await Promise.race([Promise.resolve().then(() => handler(copy, context)), stopped]);
    const json = JSON.stringify(result ?? null);
    return { ok: true, payload: JSON.parse(json) as unknown, requestId, durationMs: durationMs() };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { ok: false, error: errorPayload(error), requestId, durationMs: durationMs() };
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
  }
}

class LambdaTimeout extends Error {
  constructor(requestId: string, timeoutMs: number) {
    super(`RequestId: ${requestId} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
    this.name = "Sandbox.Timedout";
  }
}

/** Lambda's payload for an error a handler threw (the Node.js runtime's format). */
export function errorPayload(error: unknown): LambdaErrorPayload {
  if (error instanceof LambdaTimeout) return { errorType: error.name, errorMessage: error.message };
  if (error instanceof Error)
    return {
      errorType: error.name || "Error",
      errorMessage: error.message,
      trace: (error.stack ?? `${error.name}: ${error.message}`).split("\n"),
    };
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}
