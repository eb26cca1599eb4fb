import type { ErrorCode } from "../errors.ts";
import { ToolReviewError } from "../graph/tool-review.ts";
import { toGlassboxError } from "../model/aws-error.ts";
import { classifyError, RetryExhaustedError } from "../model/retry.ts";
import { ThreadBusyError } from "../threads/thread-lock.ts";
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
    /** The Glassbox error code (`INVOCATION_INVALID`, `THREAD_CONFLICT`, `RETRY_EXHAUSTED`...). */
    code: string;
    /** The specific reason, when the code has several (`ThreadPaused`, `Overloaded`, `ThrottlingException`...). */
    reason?: string;
    message: string;
    requestId: string;
    /** Every bad field, for a 400 (AgentCore ValidationException's `fieldList`). */
    fieldList?: Array<{ name: string; message: string }>;
    [detail: string]: unknown;
  };
}

/**
 * Maps any error of an invocation to its response. Client mistakes are 4xx naming the field or the
 * thread's state; model trouble is 429 (still throttled after retries), 502 or 504; an unreachable
 * thread store is 503 with `Retry-After`; a run stopped by shutdown or its time limit says how to
 * finish it. Stack traces never leave the server.
 */
export function errorResponse(error: unknown, requestId: string): ErrorResponse {
  const reply = (
    status: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): ErrorResponse => ({ status, headers, body: { code, message, requestId, ...extra } });
  if (PayloadError.isInstance(error))
    return reply(error.status, error.code, error.message, { fieldList: error.fieldList });
  if (RequestRejectedError.isInstance(error))
    return reply(error.status, error.code, error.message, { reason: error.reason }, error.headers);
  if (ThreadConflictError.isInstance(error))
    return reply(error.status, error.code, error.message, { reason: error.reason, ...error.details });
  // Another worker sharing the thread store runs this session (the store's cross-process lock).
  if (ThreadBusyError.isInstance(error))
    return reply(409, "THREAD_CONFLICT", error.message, { reason: "ThreadBusy" });
  if (UnavailableError.isInstance(error))
    return reply(
      error.status,
      error.code,
      error.message,
      { reason: error.reason },
      {
        "retry-after": String(error.retryAfterSeconds),
      },
    );
  if (RunTimeoutError.isInstance(error)) return reply(error.status, error.code, error.message);
  if (ToolReviewError.isInstance(error)) {
    const name = /^(resume[^:]*):/.exec(error.message)?.[1] ?? "resume";
    const problem = error.message.slice(name.length + 2) || error.message;
    return reply(400, error.code, error.message, { fieldList: [{ name, message: problem }] });
  }
  if (RetryExhaustedError.isInstance(error) && classifyError(error.lastError).kind === "throttling")
    return reply(429, error.code, error.message, { reason: "ThrottlingException" }, { "retry-after": "5" });
  const known = toGlassboxError(error);
  if (known.code === "DATABASE_UNAVAILABLE")
    return reply(503, known.code, known.message, {}, { "retry-after": String(DATABASE_RETRY_AFTER_S) });
  return reply(STATUS_BY_CODE[known.code] ?? 500, known.code, known.message);
}

/** Seconds a client is asked to wait when the thread store cannot be reached. */
const DATABASE_RETRY_AFTER_S = 5;

/**
 * The status of the codes the request did not cause by a field or a header: usage errors about the
 * request are the caller's (400); the model or another dependency that failed is the gateway's upstream
 * (502, or 504 when it timed out). The rest (no region, no credentials, an unknown model: the server's
 * own configuration) are 500.
 */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  CONFIG_INVALID: 400,
  TOOL_REVIEW_INVALID: 400,
  GUARDRAIL_CONTENT_INVALID: 400,
  RETRY_EXHAUSTED: 502,
  ENDPOINT_UNREACHABLE: 502,
  ACCESS_DENIED: 502,
  BEDROCK_REJECTED: 502,
  RESOURCE_NOT_FOUND: 502,
  STRUCTURED_OUTPUT_INVALID: 502,
  MCP_CONNECT_FAILED: 502,
  MCP_CONNECTION_CLOSED: 502,
  MCP_CALL_FAILED: 502,
  REQUEST_TIMEOUT: 504,
};
