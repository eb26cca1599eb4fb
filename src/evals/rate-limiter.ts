import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { classifyError } from "../model/retry.ts";

/** Request and token limits per minute (Bedrock's quota units). */
export interface RateLimits {
  rpm?: number;
  tpm?: number;
}

/** What a limiter did, for the summary and the progress bar. */
export interface LimiterStats {
  requests: number;
  throttles: number;
  /** The requests-per-minute rate currently allowed (lowered after throttling, raised back on success). */
  currentRpm?: number;
}

/**
 * A client-side token bucket for requests and tokens per minute with AIMD back-off: a throttle cuts
 * the allowed request rate by 30% (never below 10% of the limit); each success adds back 2% of the
 * limit. Waiters are served in order. The request bucket holds `burstSeconds` of requests (default ½ s),
 * so a run paces itself instead of bursting into the service's bucket.
 */
export class RateLimiter {
  private readonly rpm?: number;
  private readonly tpm?: number;
  private rate: number;
  private requestTokens: number;
  private tokenBudget: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();
  private readonly burst: number;
  readonly stats: LimiterStats = { requests: 0, throttles: 0 };

  constructor(limits: RateLimits, options: { burstSeconds?: number } = {}) {
    this.rpm = limits.rpm;
    this.tpm = limits.tpm;
    this.rate = limits.rpm ?? 0;
    this.burst = Math.max(1, ((limits.rpm ?? 0) / 60) * (options.burstSeconds ?? 0.5));
    this.requestTokens = this.burst;
    this.tokenBudget = limits.tpm ?? 0;
    if (limits.rpm) this.stats.currentRpm = limits.rpm;
  }

  private refill(): void {
    const now = performance.now();
    const elapsed = now - this.last;
    this.last = now;
    if (this.rpm)
      this.requestTokens = Math.min(this.burst, this.requestTokens + (elapsed * this.rate) / 60_000);
    if (this.tpm) this.tokenBudget = Math.min(this.tpm, this.tokenBudget + (elapsed * this.tpm) / 60_000);
  }

  /** Waits until one request of about `tokens` tokens may start. */
  acquire(tokens = 0, signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => {
      const wanted = this.tpm ? Math.min(tokens, this.tpm) : 0;
      for (;;) {
        signal?.throwIfAborted();
        this.refill();
        const requestWait =
          this.rpm && this.requestTokens < 1 ? ((1 - this.requestTokens) * 60_000) / this.rate : 0;
        const tokenWait =
          this.tpm && this.tokenBudget < wanted ? ((wanted - this.tokenBudget) * 60_000) / this.tpm : 0;
        const wait = Math.max(requestWait, tokenWait);
        if (wait <= 0) break;
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(wait))));
      }
      if (this.rpm) this.requestTokens -= 1;
      if (this.tpm) this.tokenBudget -= wanted;
      this.stats.requests++;
    });
    this.queue = turn.catch(() => {});
    return turn;
  }

  /** Corrects the token bucket once the real usage is known. */
  settle(estimated: number, actual: number): void {
    if (this.tpm) this.tokenBudget -= actual - Math.min(estimated, this.tpm);
  }

  /** The service throttled a request: lower the rate (multiplicative decrease). */
  onThrottle(): void {
    this.stats.throttles++;
    if (!this.rpm) return;
    this.rate = Math.max(this.rpm * 0.1, this.rate * 0.7);
    this.stats.currentRpm = Math.round(this.rate);
  }

  /** A request succeeded: raise the rate back toward the limit (additive increase). */
  onSuccess(): void {
    if (!this.rpm || this.rate >= this.rpm) return;
    this.rate = Math.min(this.rpm, this.rate + this.rpm * 0.02);
    this.stats.currentRpm = Math.round(this.rate);
  }
}

/** A rough token estimate of a Converse request: characters / 4 plus the output allowance. */
export function estimateTokens(input: unknown): number {
  const request = (input ?? {}) as {
    messages?: unknown;
    system?: unknown;
    toolConfig?: unknown;
    inferenceConfig?: { maxTokens?: number };
  };
  const text = JSON.stringify([request.system ?? "", request.messages ?? "", request.toolConfig ?? ""]);
  return Math.ceil(text.length / 4) + (request.inferenceConfig?.maxTokens ?? 512);
}

/**
 * Puts a limiter in front of every request a Bedrock client sends (each attempt, so retries are paced
 * too), and feeds throttling errors and successes back to it.
 */
export function limitClient(client: BedrockRuntimeClient, limiter: RateLimiter): BedrockRuntimeClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      const estimate = estimateTokens(args.input);
      await limiter.acquire(estimate);
      try {
        const result = await next(args);
        limiter.onSuccess();
        const usage = (result.output as { usage?: { totalTokens?: number } } | undefined)?.usage;
        if (usage?.totalTokens !== undefined) limiter.settle(estimate, usage.totalTokens);
        return result;
      } catch (error) {
        if (classifyError(error).kind === "throttling") limiter.onThrottle();
        throw error;
      }
    },
    { step: "initialize", name: "glassboxRateLimit", override: true },
  );
  return client;
}
