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
 * thread's state; model trouble is 429 (still throttled after retries) or 502; a run stopped by shutdown
 * or its time limit says how to finish it. Stack traces never leave the server.
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
  // Usage errors about the request are the caller's; the others (no region, no credentials, an unknown
  // model) are the server's own configuration.
  if (["CONFIG_INVALID", "TOOL_REVIEW_INVALID", "GUARDRAIL_CONTENT_INVALID"].includes(known.code))
    return reply(400, known.code, known.message);
  // The model or another dependency failed: the gateway's upstream, not this request, is at fault.
  const upstream = [
    "RETRY_EXHAUSTED",
    "ENDPOINT_UNREACHABLE",
    "ACCESS_DENIED",
    "BEDROCK_REJECTED",
    "RESOURCE_NOT_FOUND",
  ];
  return reply(upstream.includes(known.code) ? 502 : 500, known.code, known.message);
}
