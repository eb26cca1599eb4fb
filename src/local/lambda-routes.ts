import type { ServerResponse } from "node:http";
import {
  type LambdaHandler,
  type LambdaRun,
  loadLambdaHandler,
  runLambdaHandler,
} from "../bedrock-agents/lambda-handler.ts";
import type { Route, RouteContext } from "./route.ts";

/**
 * A local Lambda function: a handler (or module path, `file.mjs#export`), or one with its settings: its
 * timeout (default 3 s, Lambda's), qualifiers besides `$LATEST` (aliases, versions) and reserved
 * concurrency (invocations beyond it are throttled, as Lambda does; 0 throttles every one).
 */
export type LocalLambdaFunction =
  | LambdaHandler
  | string
  | {
      handler: LambdaHandler | string;
      timeoutMs?: number;
      qualifiers?: string[];
      reservedConcurrency?: number;
    };

/** Lambda's limit on a synchronous invocation's request and response payloads (6 MB). */
const PAYLOAD_LIMIT = 6_291_456;
const ACCOUNT = "000000000000";

/**
 * Lambda `Invoke` for local handlers (`POST /2015-03-31/functions/{FunctionName}/invocations`), so the
 * real `@aws-sdk/client-lambda` pointed at the local Bedrock runs action-group handlers offline, with
 * Lambda's answers: an unknown function or qualifier is 404 `ResourceNotFoundException`; a request
 * payload over 6 MB is 413 `RequestTooLargeException`; an invocation over the function's reserved
 * concurrency is 429 `TooManyRequestsException`; only `RequestResponse` and `DryRun` are served; a
 * handler that throws or times out is 200 with `X-Amz-Function-Error: Unhandled` and Lambda's
 * `{errorType, errorMessage, trace}` payload; `X-Amz-Log-Type: Tail` returns the START/END/REPORT log.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export function lambdaRoutes(functions: Record<string, LocalLambdaFunction>, region = "us-east-1"): Route[] {
  const loaded = new Map<string, Promise<LambdaHandler>>();
  const running = new Map<string, number>();
  const handlerOf = (name: string, fn: LocalLambdaFunction) => {
    let loading = loaded.get(name);
    if (!loading) {
      loading = loadLambdaHandler(typeof fn === "object" ? fn.handler : fn);
      loaded.set(name, loading);
    }
    return loading;
  };
  return [
    {
      method: "POST",
      pattern: /^\/2015-03-31\/functions\/([^/]+)\/invocations$/,
      operation: "Invoke",
      async handle(context) {
        const { req, res, requestId } = context;
        const query = new URL(req.url ?? "/", "http://localhost").searchParams;
        const target = parseFunctionName(safeDecode(context.params[0] ?? ""), query.get("Qualifier"));
        const arn = `arn:aws:lambda:${region}:${ACCOUNT}:function:${target.name}${target.qualifier ? `:${target.qualifier}` : ""}`;
        const fn = Object.hasOwn(functions, target.name) ? functions[target.name] : undefined;
        const qualifiers = ["$LATEST", ...(typeof fn === "object" ? (fn.qualifiers ?? []) : [])];
        if (!fn || (target.qualifier && !qualifiers.includes(target.qualifier)))
          return sendLambdaError(context, 404, "ResourceNotFoundException", `Function not found: ${arn}`);
        const size = Number(header(req, "content-length") ?? 0);
        if (size > PAYLOAD_LIMIT)
          return sendLambdaError(
            context,
            413,
            "RequestTooLargeException",
            `Request must be smaller than ${PAYLOAD_LIMIT} bytes for the InvokeFunction operation`,
          );
        const type = header(req, "x-amz-invocation-type") ?? "RequestResponse";
        if (type === "DryRun") {
          res.writeHead(204, { "x-amzn-requestid": requestId });
          res.end();
          return;
        }
        if (type !== "RequestResponse")
          return sendLambdaError(
            context,
            400,
            "InvalidParameterValueException",
            `The local Bedrock runs only synchronous invocations (RequestResponse), not ${type}`,
          );
        const reserved = typeof fn === "object" ? fn.reservedConcurrency : undefined;
        const inFlight = running.get(target.name) ?? 0;
        if (reserved !== undefined && inFlight >= reserved)
          return sendLambdaError(context, 429, "TooManyRequestsException", "Rate Exceeded.", {
            Reason: "ReservedFunctionConcurrentInvocationLimitExceeded",
          });
        running.set(target.name, inFlight + 1);
        try {
          const handler = await handlerOf(target.name, fn);
          const run = await runLambdaHandler(handler, context.body, {
            functionName: target.name,
            region,
            ...(typeof fn === "object" && fn.timeoutMs !== undefined ? { timeoutMs: fn.timeoutMs } : {}),
          });
          sendRun(context, run, header(req, "x-amz-log-type") === "Tail");
        } finally {
          running.set(target.name, (running.get(target.name) ?? 1) - 1);
        }
      },
    },
  ];
}

/** `name`, `name:qualifier`, or an ARN (`arn:aws:lambda:region:account:function:name[:qualifier]`). */
function parseFunctionName(raw: string, qualifier: string | null): { name: string; qualifier?: string } {
  const parts = raw.startsWith("arn:") ? raw.split(":").slice(6) : raw.split(":");
  const [name = "", fromName] = parts;
  const chosen = qualifier ?? fromName;
  return chosen ? { name, qualifier: chosen } : { name };
}

function sendRun(context: RouteContext, run: LambdaRun, tail: boolean): void {
  const res = context.res as ServerResponse;
  let body = JSON.stringify(run.ok ? run.payload : run.error);
  let functionError = run.ok ? undefined : "Unhandled";
  if (Buffer.byteLength(body) > PAYLOAD_LIMIT) {
    body = JSON.stringify({
      errorType: "Function.ResponseSizeTooLarge",
      errorMessage: `Response payload size exceeded maximum allowed payload size (${PAYLOAD_LIMIT} bytes).`,
    });
    functionError = "Unhandled";
  }
  const headers: Record<string, string | number> = {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": run.requestId,
    "x-amz-executed-version": "$LATEST",
    ...(functionError ? { "x-amz-function-error": functionError } : {}),
  };
  if (tail) headers["x-amz-log-result"] = Buffer.from(logTail(run)).toString("base64");
  res.writeHead(200, headers);
  res.end(body);
}

/** The log lines Lambda writes around an invocation (the tail `X-Amz-Log-Type: Tail` returns). */
function logTail(run: LambdaRun): string {
  const ms = run.durationMs.toFixed(2);
  const error = run.ok ? "" : `ERROR\tInvoke Error\t${JSON.stringify(run.error)}\n`;
  return `START RequestId: ${run.requestId} Version: $LATEST\n${error}END RequestId: ${run.requestId}\nREPORT RequestId: ${run.requestId}\tDuration: ${ms} ms\tBilled Duration: ${Math.ceil(run.durationMs)} ms\tMemory Size: 128 MB\n`;
}

/** Lambda's error answer: status, `x-amzn-errortype`, JSON `{Type, message}` (and e.g. a throttling `Reason`). */
function sendLambdaError(
  context: RouteContext,
  status: number,
  type: string,
  message: string,
  extra: Record<string, string> = {},
): void {
  const body = JSON.stringify({ Type: "User", message, ...extra });
  context.res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-amzn-errortype": type,
    "x-amzn-requestid": context.requestId,
  });
  context.res.end(body);
}

function header(req: RouteContext["req"], name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
