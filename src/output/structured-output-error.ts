import { GlassboxError } from "../errors.ts";

/** The model's answer still did not match the output schema after the allowed corrections. */
export class StructuredOutputError extends GlassboxError {
  constructor(
    /** The last answer the model gave (JSON text or the final tool's input). */
    readonly lastAttempt: string,
    /** What was wrong with it: `path: message` lines. */
    readonly issues: string[],
    readonly attempts: number,
  ) {
    super(
      `the answer did not match the output schema after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${issues.join("; ")}`,
      { code: "STRUCTURED_OUTPUT_INVALID" },
    );
  }
}
