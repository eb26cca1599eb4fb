import { ConfigError } from "../config/config-error.ts";
import { ToolReviewError } from "../graph/tool-review.ts";
import { classifyError, RetryExhaustedError } from "../model/retry.ts";
import {
  PayloadError,
  RequestRejectedError,
  RunTimeoutError,
  ThreadConflictError,
  UnavailableError,
} from "./invocation-errors.ts";

/** An error as a client sees it: status, headers and a JSON body with a code and a message. */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: {
    code: string;
    message: string;
    requestId: string;
    fieldList?: Array<{ name: string; message: string }>;
    [detail: string]: unknown;
  };
}

/**
 * Maps any error of an invocation to its response. Client mistakes are 4xx with the field or state
 * named; model trouble is 429 (throttled after retries) or 502; a run stopped by shutdown or timeout
 * says how to finish it. Stack traces never leave the server.
 */
export function errorResponse(error: unknown, requestId: string): ErrorResponse {
  const reply = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) => ({
    status,
    headers: {} as Record<string, string>,
    body: { code, message, requestId, ...extra },
  });
  if (error instanceof PayloadError)
    return reply(error.status, error.code, error.message, { fieldList: error.fieldList });
  if (error instanceof RequestRejectedError) {
    const response = reply(error.status, error.code, error.message);
    response.headers = { ...error.headers };
    return response;
  }
  if (error instanceof ThreadConflictError)
    return reply(error.status, error.code, error.message, error.details);
  if (error instanceof UnavailableError) {
    const response = reply(error.status, error.code, error.message);
    response.headers = { "retry-after": String(error.retryAfterSeconds) };
    return response;
  }
  if (error instanceof RunTimeoutError) return reply(error.status, error.code, error.message);
  if (error instanceof ToolReviewError) {
    const name = /^(resume[^:]*):/.exec(error.message)?.[1] ?? "resume";
    return reply(400, "ValidationException", error.message, {
      fieldList: [{ name, message: error.message.slice(name.length + 2) || error.message }],
    });
  }
  if (error instanceof ConfigError) return reply(400, "ValidationException", error.message);
  if (error instanceof RetryExhaustedError) {
    const { kind } = classifyError(error.lastError);
    if (kind === "throttling") {
      const response = reply(429, "ThrottlingException", error.message);
      response.headers = { "retry-after": "5" };
      return response;
    }
    return reply(502, "ModelUnavailable", error.message);
  }
  const { kind, errorType } = classifyError(error);
  if (kind === "network")
    return reply(502, "ModelUnavailable", `cannot reach the model endpoint (${errorType})`);
  const name = (error as { name?: string })?.name;
  return reply(
    500,
    name && name !== "Error" ? name : "InternalError",
    (error as Error)?.message ?? String(error),
  );
}
