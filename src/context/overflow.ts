/**
 * Whether a Bedrock error says the input does not fit the model's context window: a ValidationException
 * "Input is too long for requested model." (Bedrock's wording), or the model's own "prompt is too long:
 * N tokens > M maximum" / "input length and `max_tokens` exceed context limit" passed through.
 */
export function isContextOverflow(error: unknown): boolean {
  for (
    let current = error as { name?: string; message?: string; cause?: unknown } | undefined, depth = 0;
    current && depth < 5;
    depth++
  ) {
    if (
      current.name === "ValidationException" &&
      /input is too long|prompt is too long|exceed context limit|too many input tokens/i.test(
        current.message ?? "",
      )
    )
      return true;
    current = current.cause as typeof current;
  }
  return false;
}

/** The Converse stop reason for an answer cut off by the context window. */
export const CONTEXT_WINDOW_STOP_REASON = "model_context_window_exceeded";
