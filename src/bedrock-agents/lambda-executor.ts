import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from "@aws-sdk/client-lambda";
import { ConfigError } from "../errors.ts";
import { sdkClientConfig } from "../model/client.ts";
import type { ActionGroupExecutor, ActionGroupInvocation } from "./action-group-invocation.ts";
import { fromLambdaResponse, LambdaResponseError, toLambdaEvent } from "./lambda-event.ts";
import { functionFailed, LambdaFunctionError } from "./lambda-function-error.ts";
import type { LambdaErrorPayload } from "./lambda-handler.ts";

/** Options of {@link lambdaExecutor}. */
export interface LambdaExecutorOptions {
  /**
   * The function: a name (`claims-handler`), a name with a qualifier (`claims-handler:live`), or an ARN
   * (`arn:aws:lambda:eu-central-1:123456789012:function:claims-handler:3`), as Invoke's `FunctionName`.
   */
  functionName: string;
  /** A version or alias, when `functionName` does not carry one. */
  qualifier?: string;
  /** A client to use as is (your own credentials, retries, handler); otherwise one is built. */
  client?: LambdaClient;
  /** AWS region; default the region in an ARN, else the environment's (AWS_REGION, the profile). */
  region?: string;
  /** Endpoint override: a VPC endpoint, or the local Bedrock's URL, which serves Lambda Invoke for local handlers. */
  endpoint?: string;
  /** A named AWS profile for the default credential chain. */
  profile?: string;
}

/** Lambda's limit on a synchronous invocation's request and response payloads. */
export const LAMBDA_SYNC_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

const LAMBDA_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):\d{12}:function:/;

/**
 * Runs an action group's calls on its Lambda function, as Bedrock Agents does: `Invoke`
 * (`RequestResponse`) with exactly the event Bedrock Agents sends (`messageVersion` 1.0, session and
 * prompt session attributes), and the response checked against the shape Bedrock expects. A function
 * error (`X-Amz-Function-Error`: the handler threw or timed out), a refused invocation (unknown function,
 * throttling, a payload over 6 MB) and a malformed response all fail the call with a message naming
 * what went wrong; the tool's signal (its timeout, the run's cancellation) aborts the request.
 *
 * Credentials come from the default chain (IAM roles, SSO, a profile), never from static keys; a
 * loopback endpoint (the local Bedrock) gets placeholder credentials so the chain is not consulted.
 *
 * @example
 * ```ts
 * const claims = lambdaExecutor({ functionName: "arn:aws:lambda:eu-central-1:123456789012:function:claims:live" });
 * // offline, against `glassbox local --lambda claims=./tools/bedrock-agent-handlers/claims.mjs`:
 * const offline = lambdaExecutor({ functionName: "claims", endpoint: "http://127.0.0.1:4010" });
 * ```
 */
export function lambdaExecutor(options: LambdaExecutorOptions): ActionGroupExecutor {
  if (typeof options.functionName !== "string" || options.functionName.trim() === "")
    throw new ConfigError("lambdaExecutor: functionName must be a function name, name:qualifier or ARN");
  let client: LambdaClient | undefined = options.client;
  const name = options.functionName;
  return async (invocation, session, context) => {
    client ??= createLambdaClient(options);
    const payload = Buffer.from(JSON.stringify(toLambdaEvent(invocation, session)));
    if (payload.length > LAMBDA_SYNC_PAYLOAD_LIMIT_BYTES)
      throw new LambdaFunctionError(
        `the Lambda event for "${name}" is ${payload.length} bytes, over Lambda's ${LAMBDA_SYNC_PAYLOAD_LIMIT_BYTES}-byte limit for a synchronous invocation`,
        { errorType: "RequestTooLargeException" },
      );
    let output: InvokeCommandOutput;
    try {
      output = await client.send(
        new InvokeCommand({
          FunctionName: name,
          ...(options.qualifier ? { Qualifier: options.qualifier } : {}),
          InvocationType: "RequestResponse",
          Payload: payload,
        }),
        { abortSignal: context.signal },
      );
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason ?? error;
      throw invokeFailed(name, error);
    }
    const text = Buffer.from(output.Payload ?? new Uint8Array()).toString("utf8");
    if (output.FunctionError) throw functionFailed(name, errorOf(text, output.FunctionError));
    return fromLambdaResponse(parseJson(name, text), invocation satisfies ActionGroupInvocation);
  };
}

/** A Lambda client on the project's conventions: default credential chain, or placeholders for loopback. */
export function createLambdaClient(
  options: Omit<LambdaExecutorOptions, "functionName" | "client"> & {
    functionName?: string;
  },
): LambdaClient {
  const fromArn = options.functionName ? LAMBDA_ARN.exec(options.functionName)?.[1] : undefined;
  return new LambdaClient(sdkClientConfig({ ...options, region: options.region ?? fromArn }));
}

function invokeFailed(name: string, error: unknown): LambdaFunctionError {
  const type = (error as { name?: string }).name ?? "Error";
  const message = (error as Error).message ?? String(error);
  const why: Record<string, string> = {
    ResourceNotFoundException: `Lambda function "${name}" does not exist (or the qualifier is unknown)`,
    TooManyRequestsException: `Lambda throttled the invocation of "${name}" (concurrency or request rate limit)`,
    RequestTooLargeException: `the Lambda event for "${name}" is over Lambda's 6 MB synchronous payload limit`,
    AccessDeniedException: `the caller may not invoke Lambda function "${name}" (lambda:InvokeFunction)`,
  };
  return new LambdaFunctionError(
    `${why[type] ?? `invoking Lambda function "${name}" failed`}: ${type}: ${message}`,
    {
      errorType: type,
      cause: error,
    },
  );
}

/** Lambda's error payload (`{errorType, errorMessage}`), or the raw text when it is something else. */
function errorOf(text: string, functionError: string): LambdaErrorPayload {
  try {
    const json = JSON.parse(text) as Partial<LambdaErrorPayload>;
    if (typeof json.errorMessage === "string")
      return { errorType: json.errorType ?? functionError, errorMessage: json.errorMessage };
  } catch {
    // not JSON: reported as it came
  }
  return { errorType: functionError, errorMessage: text || "(no error payload)" };
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    throw new LambdaResponseError(
      `Lambda function "${name}" answered a payload that is not JSON (expected Bedrock Agents' response object): ${shown}`,
      error,
    );
  }
}
