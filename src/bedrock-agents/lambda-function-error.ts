import { GlassboxError } from "../errors.ts";
import type { LambdaErrorPayload } from "./lambda-handler.ts";

/**
 * A Lambda function that failed to answer a call: it threw or timed out (`X-Amz-Function-Error`), or
 * Lambda refused the invocation (unknown function, throttling, payload over 6 MB, access denied). The
 * tool turns it into an error observation the model reads.
 */
export class LambdaFunctionError extends GlassboxError {
  /** Lambda's `errorType` (`Error`, `Sandbox.Timedout`...) or the AWS error name (`ResourceNotFoundException`). */
  readonly errorType: string;
  constructor(message: string, options: { errorType: string; cause?: unknown }) {
    super(message, { code: "TOOL_FAILED", cause: options.cause });
    this.errorType = options.errorType;
  }
}

/** The error for a function that answered with Lambda's error payload. */
export function functionFailed(functionName: string, payload: LambdaErrorPayload): LambdaFunctionError {
  return new LambdaFunctionError(
    `Lambda function "${functionName}" failed: ${payload.errorType}: ${payload.errorMessage}`,
    { errorType: payload.errorType },
  );
}
