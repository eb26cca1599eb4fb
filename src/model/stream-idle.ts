import { RequestTimeoutError } from "./request-timeout-error.ts";

/**
 * A silence watchdog for a ConverseStream from a client Glassbox did not build: Glassbox's own clients
 * time silence on the socket (`http-pool.ts`), an injected one only has what its owner configured. The
 * stream fails with a retryable {@link RequestTimeoutError} when the response, or the next event after
 * it, takes longer than `timeoutMs`; the request is aborted. `signal` (the run's) still cancels it.
 */
export function createStreamIdleWatchdog(timeoutMs: number, where: string, signal?: AbortSignal) {
  const controller = new AbortController();
  const cancel = () => controller.abort(signal?.reason);
  if (signal?.aborted) cancel();
  else signal?.addEventListener("abort", cancel, { once: true });

  /** `pending`, or the timeout if it stays silent for `timeoutMs` (the request is then aborted). */
  async function within<T>(pending: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new RequestTimeoutError("stream-idle", timeoutMs, where);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    try {
      return await Promise.race([pending, silence]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    /** The signal to send the request with: aborted by the run's signal or by the watchdog. */
    signal: controller.signal,
    within,
    /** The stream's events, each within `timeoutMs` of the one before (the first, of the response). */
    async *events<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
      const iterator = source[Symbol.asyncIterator]();
      let finished = false;
      try {
        for (;;) {
          const next = iterator.next();
          next.catch(() => {}); // a stream aborted by the watchdog rejects too; the timeout is the error
          const result = await within(next);
          if (result.done) {
            finished = true;
            return;
          }
          yield result.value;
        }
      } finally {
        if (!finished) void iterator.return?.()?.catch(() => {});
      }
    },
    dispose(): void {
      signal?.removeEventListener("abort", cancel);
    },
  };
}
