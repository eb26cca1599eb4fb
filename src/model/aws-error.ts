import { type ErrorCode, GlassboxError } from "../errors.ts";

/** What the caller was talking to, so the message can name it. */
export interface ErrorContext {
  modelId?: string;
  endpoint?: string;
}

/**
 * An AWS SDK or network error explained: `code` says what went wrong, the message says what to do, and
 * `cause` is the SDK's own exception (with its `$metadata`).
 */
export class AwsCallError extends GlassboxError {
  /** The SDK exception's name, e.g. `AccessDeniedException`. */
  readonly awsName: string;
  /** The HTTP status Bedrock answered with, when it answered. */
  readonly httpStatus?: number;
  /** Bedrock's request id, for a support case. */
  readonly requestId?: string;

  constructor(message: string, code: ErrorCode, cause: unknown) {
    super(message, { code, cause });
    const err = cause as { name?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
    this.awsName = err?.name ?? "Error";
    if (err?.$metadata?.httpStatusCode !== undefined) this.httpStatus = err.$metadata.httpStatusCode;
    if (err?.$metadata?.requestId !== undefined) this.requestId = err.$metadata.requestId;
  }
}

const NETWORK = /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|ETIMEDOUT|EAI_AGAIN)$/;

/**
 * Any error as a {@link GlassboxError}: Glassbox's own pass through; AWS SDK exceptions, network errors
 * and cancellations become an {@link AwsCallError} whose message names the problem and the fix (never
 * credentials or message content).
 */
export function toGlassboxError(error: unknown, context: ErrorContext = {}): GlassboxError {
  if (GlassboxError.isInstance(error)) return error;
  const err = error as { name?: string; message?: string } | undefined;
  const name = err?.name ?? "";
  const message = err?.message ?? String(error);
  const explained = (text: string, code: ErrorCode) => new AwsCallError(text, code, error);
  if (/Region is missing/i.test(message))
    return explained(
      "no AWS region: set AWS_REGION, pass --region, or set region in your AWS profile",
      "NO_REGION",
    );
  if (name === "ValidationException" && /model identifier is invalid/i.test(message)) {
    return explained(
      `unknown model "${context.modelId ?? "?"}": run \`glassbox models\` for known ids, or pass an inference-profile or provisioned-throughput ARN with --model`,
      "MODEL_UNKNOWN",
    );
  }
  if (name === "ValidationException")
    return explained(`Bedrock rejected the request: ${message}`, "BEDROCK_REJECTED");
  if (name === "AccessDeniedException") {
    return explained(
      `Bedrock denied access: ${message}. Check that your IAM role allows bedrock:InvokeModel and that model access is enabled in this region`,
      "ACCESS_DENIED",
    );
  }
  if (name === "ResourceNotFoundException") return explained(`Bedrock: ${message}`, "RESOURCE_NOT_FOUND");
  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return explained(
      "no AWS credentials could be loaded: configure a profile, SSO or a role (AWS_PROFILE), or pass --local to use the local Bedrock",
      "NO_CREDENTIALS",
    );
  }
  const network = networkCode(error);
  if (network) {
    const where = context.endpoint ?? "the Bedrock endpoint";
    return explained(
      `cannot reach ${where} (${network}): is \`glassbox local\` running there? Check --endpoint, or drop it to use Amazon Bedrock`,
      "ENDPOINT_UNREACHABLE",
    );
  }
  if (name === "AbortError" || name === "GraphAbortError")
    return explained("the run was cancelled", "CANCELLED");
  return explained(`${name && name !== "Error" ? `${name}: ` : ""}${message}`, "UNEXPECTED");
}

function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
