import { z } from "zod";
import { BedrockError } from "./bedrock-errors.ts";

/** A requests-per-minute quota for model invocations, as Bedrock enforces per model and account. */
export const RateLimitSchema = z
  .object({
    /** Requests per minute. */
    rpm: z.number().positive(),
    /** Requests the bucket holds when full (default: one second's worth, at least 1). */
    burst: z.number().positive().optional(),
  })
  .strict();
export type RateLimit = z.infer<typeof RateLimitSchema>;

/**
 * A token bucket refilled continuously at `rpm / 60` requests per second. A request that finds it
 * empty is answered like Bedrock: HTTP 429 `ThrottlingException`, "Too many requests, please wait
 * before trying again."
 */
export function createRateLimit(limit: RateLimit, now: () => number = () => performance.now()) {
  const capacity = limit.burst ?? Math.max(1, limit.rpm / 60);
  const perMs = limit.rpm / 60_000;
  let tokens = capacity;
  let last = now();
  let throttled = 0;
  return {
    /** Takes a token, or throws the ThrottlingException Bedrock would answer with. */
    take(): void {
      const at = now();
      tokens = Math.min(capacity, tokens + (at - last) * perMs);
      last = at;
      if (tokens < 1) {
        throttled++;
        throw new BedrockError("ThrottlingException");
      }
      tokens -= 1;
    },
    get throttled() {
      return throttled;
    },
  };
}
