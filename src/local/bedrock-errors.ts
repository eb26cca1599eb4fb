import type { ServerResponse } from "node:http";
import type { Http2ServerResponse } from "node:http2";
import { z } from "zod";
import { GlassboxError } from "../errors.ts";

/** Bedrock's error types and their HTTP status codes (bedrock-runtime service model). */
export const ERROR_STATUS = {
  ValidationException: 400,
  SerializationException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
} as const;

export type BedrockErrorType = keyof typeof ERROR_STATUS;
export const BedrockErrorTypeSchema = z.enum(
  Object.keys(ERROR_STATUS) as [BedrockErrorType, ...BedrockErrorType[]],
);

/** Exceptions that can arrive inside an open ConverseStream. */
export const StreamExceptionTypeSchema = z.enum([
  "modelStreamErrorException",
  "throttlingException",
  "internalServerException",
  "serviceUnavailableException",
  "validationException",
]);
export type StreamExceptionType = z.infer<typeof StreamExceptionTypeSchema>;

const DEFAULT_MESSAGES: Partial<Record<BedrockErrorType, string>> = {
  ThrottlingException: "Too many requests, please wait before trying again.",
  ModelNotReadyException: "Model is not ready to serve inference requests.",
  InternalServerException: "The server encountered an internal error while processing the request.",
  ServiceUnavailableException: "The service is unavailable. Please try again later.",
  ModelTimeoutException: "The request took too long to process.",
};

/** An error the local Bedrock answers with, in Bedrock's shape. */
export class BedrockError extends GlassboxError {
  constructor(
    readonly type: BedrockErrorType,
    message = DEFAULT_MESSAGES[type] ?? type,
  ) {
    super(message, { code: "LOCAL_BEDROCK_ERROR" });
  }
  get status(): number {
    return ERROR_STATUS[this.type];
  }
}

export const validation = (message: string) => new BedrockError("ValidationException", message);

/** A percent-encoded path parameter decoded, or the 400 ValidationException Bedrock answers for a bad one. */
export function decodePathParam(value: string | undefined, what: string): string {
  try {
    return decodeURIComponent(value ?? "");
  } catch {
    throw validation(`The ${what} in the request path is not valid percent-encoding.`);
  }
}

type Response = ServerResponse | Http2ServerResponse;

/** Writes an error as Bedrock does: status, `x-amzn-errortype`, JSON `{message}`. */
export function sendError(res: Response, error: BedrockError, requestId: string): void {
  const body = JSON.stringify({ message: error.message });
  res.writeHead(error.status, {
    "content-type": "application/json",
    "x-amzn-errortype": `${error.type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    "x-amzn-requestid": requestId,
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}
