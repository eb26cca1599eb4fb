import { ConfigError } from "../config/config-error.ts";
import { ToolReviewError } from "../graph/tool-review.ts";
import { McpClientError } from "../mcp/mcp-client-error.ts";
import { RetryExhaustedError } from "../model/retry.ts";
import { ToolDefinitionError } from "../tools/define-tool.ts";

/** A mistake in how the CLI was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** One line that names the problem and the fix, and the exit code for it. */
export interface Explained {
  message: string;
  exitCode: number;
}

const USAGE = 2;
const FAILED = 1;

/** Explains an error for a person at a terminal; never includes credentials or message content. */
export function explainError(
  error: unknown,
  context: { modelId?: string; endpoint?: string } = {},
): Explained {
  const err = error as { name?: string; message?: string; code?: string; cause?: unknown };
  const name = err?.name ?? "";
  const message = err?.message ?? String(error);
  if (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof ToolDefinitionError ||
    error instanceof ToolReviewError
  ) {
    return { message, exitCode: USAGE };
  }
  if (error instanceof RetryExhaustedError || error instanceof McpClientError)
    return { message, exitCode: FAILED };
  if (/Region is missing/i.test(message)) {
    return {
      message: "no AWS region: set AWS_REGION, pass --region, or set region in your AWS profile",
      exitCode: USAGE,
    };
  }
  if (name === "ValidationException" && /model identifier is invalid/i.test(message)) {
    return {
      message: `unknown model "${context.modelId ?? "?"}": run \`glassbox models\` for known ids, or pass an inference-profile or provisioned-throughput ARN with --model`,
      exitCode: USAGE,
    };
  }
  if (name === "ValidationException")
    return { message: `Bedrock rejected the request: ${message}`, exitCode: FAILED };
  if (name === "AccessDeniedException") {
    return {
      message: `Bedrock denied access: ${message}. Check that your IAM role allows bedrock:InvokeModel and that model access is enabled in this region`,
      exitCode: FAILED,
    };
  }
  if (name === "ResourceNotFoundException") return { message: `Bedrock: ${message}`, exitCode: FAILED };
  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return {
      message:
        "no AWS credentials could be loaded: configure a profile, SSO or a role (AWS_PROFILE), or pass --local to use the local Bedrock",
      exitCode: USAGE,
    };
  }
  const code = networkCode(error);
  if (code) {
    const where = context.endpoint ?? "the Bedrock endpoint";
    return {
      message: `cannot reach ${where} (${code}): is \`glassbox local\` running there? Check --endpoint, or drop it to use Amazon Bedrock`,
      exitCode: FAILED,
    };
  }
  if (name === "AbortError" || name === "GraphAbortError")
    return { message: "the run was cancelled", exitCode: FAILED };
  return { message: `${name && name !== "Error" ? `${name}: ` : ""}${message}`, exitCode: FAILED };
}

function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (
      typeof code === "string" &&
      /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|ETIMEDOUT|EAI_AGAIN)$/.test(code)
    ) {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
