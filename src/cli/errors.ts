import { type ErrorCode, EXIT_CODES } from "../errors.ts";
import { type ErrorContext, toGlassboxError } from "../model/aws-error.ts";

export { UsageError } from "../errors.ts";

/** One line that names the problem and the fix, its error code, and the exit code for it. */
export interface Explained {
  code: ErrorCode;
  message: string;
  exitCode: number;
}

/**
 * Explains an error for a person at a terminal: by its Glassbox code (foreign errors are mapped to one
 * first), the exit code by the code's kind. Never includes credentials or message content.
 */
export function explainError(error: unknown, context: ErrorContext = {}): Explained {
  const explained = toGlassboxError(error, context);
  return { code: explained.code, message: explained.message, exitCode: EXIT_CODES[explained.kind] };
}
