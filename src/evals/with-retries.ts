import { abortableSleep, classifyError } from "../model/retry.ts";

/**
 * Calls `task`, retrying retryable failures (throttling, 5xx) with jittered exponential back-off; the
 * error that ends it carries `attempts`.
 */
export async function withRetries<T>(
  task: () => Promise<T>,
  retries: number,
  signal?: AbortSignal,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await task(), attempts: attempt };
    } catch (error) {
      const { retryable } = classifyError(error);
      if (!retryable || attempt > retries || signal?.aborted) {
        Object.assign(error as object, { attempts: attempt });
        throw error;
      }
      await abortableSleep(Math.random() * Math.min(8_000, 500 * 2 ** attempt), signal);
    }
  }
}
