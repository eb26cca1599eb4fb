/** The latest turn alone does not fit the model's context window, whatever is trimmed before it. */
export class ContextWindowError extends Error {
  override name = "ContextWindowError";
  readonly code = "context_window_exceeded";
  constructor(
    readonly tokens: number,
    readonly contextWindow: number,
    readonly modelId: string,
  ) {
    super(
      `the latest turn needs about ${tokens} tokens, more than ${modelId}'s ${contextWindow}-token context window leaves; shorten the input or its files`,
    );
  }
}
