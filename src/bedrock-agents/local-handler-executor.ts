import type { ActionGroupExecutor } from "./action-group-invocation.ts";
import { fromLambdaResponse, toLambdaEvent } from "./lambda-event.ts";
import { functionFailed } from "./lambda-function-error.ts";
import { type LambdaHandler, loadLambdaHandler, runLambdaHandler } from "./lambda-handler.ts";

/** Options of {@link localHandlerExecutor}. */
export interface LocalHandlerOptions {
  /** The name the handler's `context.functionName` reports (default `local-handler`). */
  functionName?: string;
  /** The function's timeout, as configured on the Lambda function (default 3 s, Lambda's default). */
  timeoutMs?: number;
}

/**
 * Runs an action group's Lambda handler module in-process, offline: the same module you deploy
 * (`export const handler = async (event, context) => ...`), given exactly the event Bedrock Agents sends
 * and a Lambda-like `context`; its response is checked as Bedrock checks it. A handler that throws, times
 * out or answers a malformed response fails the call with a clear message (an error observation).
 *
 * @example
 * ```ts
 * const executor = localHandlerExecutor("./tools/bedrock-agent-handlers/claims.mjs");
 * ```
 */
export function localHandlerExecutor(
  handlerOrModulePath: LambdaHandler | string,
  options: LocalHandlerOptions = {},
): ActionGroupExecutor {
  let loading: Promise<LambdaHandler> | undefined;
  const functionName =
    options.functionName ??
    (typeof handlerOrModulePath === "string" ? "local-handler" : handlerOrModulePath.name || "local-handler");
  return async (invocation, session, context) => {
    loading ??= loadLambdaHandler(handlerOrModulePath);
    const handler = await loading;
    const run = await runLambdaHandler(handler, toLambdaEvent(invocation, session), {
      functionName,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      signal: context.signal,
    });
    if (!run.ok) throw functionFailed(functionName, run.error);
    return fromLambdaResponse(run.payload, invocation);
  };
}
