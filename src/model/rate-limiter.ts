import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { classifyError } from "./retry.ts";

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

/** Options of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Seconds of requests the bucket holds (default ½ s), so a burst is paced instead of sent at once. */
  burstSeconds?: number;
  /**
   * Without an `rpm`, learn one: send freely until the service throttles, then pace at 70% of the rate
   * it was answering at, and climb back on success (as the AWS SDK's adaptive retry mode does).
   */
  adaptive?: boolean;
}

/** The slowest an adaptive limiter paces (requests per minute). */
const MIN_ADAPTIVE_RPM = 6;
const WINDOW_MS = 500;

/**
 * A client-side token bucket for requests and tokens per minute with AIMD back-off: a throttle cuts
 * the allowed request rate by 30% (never below 10% of the limit); each success adds back 2% of the
 * limit. Waiters are served in order. With `adaptive` and no `rpm`, the limit is learnt from the first
 * throttle instead of configured.
 */
export class RateLimiter {
  private readonly rpm?: number;
  private readonly tpm?: number;
  private readonly adaptive: boolean;
  private readonly burstSeconds: number;
  /** The allowed requests per minute; undefined while an adaptive limiter has not been throttled. */
  private rate?: number;
  /** The rate an adaptive limiter was throttled at: it climbs back quickly below it, slowly above. */
  private ceiling = 0;
  /** When the rate was last lowered: a throttle of a request sent before then reflects the old rate. */
  private loweredAt = Number.NEGATIVE_INFINITY;
  private requestTokens: number;
  private tokenBudget: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();
  private window = { start: performance.now(), current: 0, previous: 0 };
  /** Requests acquired and not yet finished (see {@link RateLimiter.finish}). */
  private inflight = 0;
  readonly stats: LimiterStats = { requests: 0, throttles: 0 };

  constructor(limits: RateLimits, options: RateLimiterOptions = {}) {
    this.rpm = limits.rpm;
    this.tpm = limits.tpm;
    this.adaptive = options.adaptive === true && limits.rpm === undefined;
    this.burstSeconds = options.burstSeconds ?? 0.5;
    this.rate = limits.rpm;
    this.requestTokens = this.burst();
    this.tokenBudget = limits.tpm ?? 0;
    if (limits.rpm) this.stats.currentRpm = limits.rpm;
  }

  private burst(): number {
    return Math.max(1, ((this.rate ?? 0) / 60) * this.burstSeconds);
  }

  private refill(): void {
    const now = performance.now();
    const elapsed = now - this.last;
    this.last = now;
    if (this.rate)
      this.requestTokens = Math.min(this.burst(), this.requestTokens + (elapsed * this.rate) / 60_000);
    if (this.tpm) this.tokenBudget = Math.min(this.tpm, this.tokenBudget + (elapsed * this.tpm) / 60_000);
  }

  /** Requests per minute answered over the last half second or so: what the service is serving. */
  private answeredRpm(): number {
    this.roll();
    const elapsed = WINDOW_MS + (performance.now() - this.window.start);
    return ((this.window.previous + this.window.current) * 60_000) / elapsed;
  }

  private roll(): void {
    const now = performance.now();
    if (now - this.window.start < WINDOW_MS) return;
    const stale = now - this.window.start >= 2 * WINDOW_MS;
    this.window = { start: now, current: 0, previous: stale ? 0 : this.window.current };
  }

  /** Waits until one request of about `tokens` tokens may start. */
  acquire(tokens = 0, signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => {
      const wanted = this.tpm ? Math.min(tokens, this.tpm) : 0;
      for (;;) {
        signal?.throwIfAborted();
        this.refill();
        const requestWait =
          this.rate && this.requestTokens < 1 ? ((1 - this.requestTokens) * 60_000) / this.rate : 0;
        const tokenWait =
          this.tpm && this.tokenBudget < wanted ? ((wanted - this.tokenBudget) * 60_000) / this.tpm : 0;
        const wait = Math.max(requestWait, tokenWait);
        if (wait <= 0) break;
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(wait))));
      }
      if (this.rate) this.requestTokens -= 1;
      if (this.tpm) this.tokenBudget -= wanted;
      this.stats.requests++;
      this.inflight++;
    });
    this.queue = turn.catch(() => {});
    return turn;
  }

  /** A request that {@link RateLimiter.acquire} let through has finished, however it ended. */
  finish(): void {
    this.inflight = Math.max(0, this.inflight - 1);
    this.roll();
    this.window.current++;
  }

  /** Corrects the token bucket once the real usage is known. */
  settle(estimated: number, actual: number): void {
    if (this.tpm) this.tokenBudget -= actual - Math.min(estimated, this.tpm);
  }

  /**
   * The service throttled a request: lower the rate (multiplicative decrease). Pass when the request
   * was sent, so a burst of throttles answering one overshoot lowers the rate once, not once each.
   */
  onThrottle(sentAt?: number): void {
    this.stats.throttles++;
    if (sentAt !== undefined && sentAt < this.loweredAt) return;
    if (this.rpm) {
      this.rate = Math.max(this.rpm * 0.1, (this.rate ?? this.rpm) * 0.7);
    } else if (this.adaptive) {
      // A lone caller is paced by its own retry back-off; pacing starts when several requests overshoot.
      if (this.rate === undefined && this.inflight <= 1) return;
      // +1: this very answer, not yet counted by finish().
      const served = Math.max(this.answeredRpm() + 1, MIN_ADAPTIVE_RPM);
      if (this.rate === undefined) this.requestTokens = 0; // the service said stop: pause before pacing
      this.ceiling = this.rate === undefined ? served : Math.min(this.rate, served);
      this.rate = Math.max(MIN_ADAPTIVE_RPM, this.ceiling * 0.7);
    } else return;
    this.loweredAt = performance.now();
    this.requestTokens = Math.min(this.requestTokens, this.burst());
    this.stats.currentRpm = Math.round(this.rate);
  }

  /** A request succeeded: raise the rate back toward the limit (additive increase). */
  onSuccess(): void {
    if (this.rate === undefined) return;
    if (this.rpm) {
      if (this.rate < this.rpm) this.rate = Math.min(this.rpm, this.rate + this.rpm * 0.02);
    } else {
      // Back to the throttled rate quickly, then probe above it slowly.
      const step = this.rate < this.ceiling ? 0.02 : 0.002;
      this.rate += this.ceiling * step;
    }
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

/** One limiter, or the limiter for a request's model (Bedrock quotas are per model). */
export type LimiterFor = RateLimiter | ((modelId: string) => RateLimiter);

/**
 * Puts a limiter in front of every request a Bedrock client sends (each attempt, so retries are paced
 * too), and feeds throttling errors and successes back to it.
 */
export function limitClient(
  client: BedrockRuntimeClient,
  limiter: LimiterFor,
  name = "glassboxRateLimit",
): BedrockRuntimeClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      const modelId = String((args.input as { modelId?: unknown } | undefined)?.modelId ?? "");
      const chosen = typeof limiter === "function" ? limiter(modelId) : limiter;
      const estimate = estimateTokens(args.input);
      await chosen.acquire(estimate);
      const sentAt = performance.now();
      try {
        const result = await next(args);
        chosen.onSuccess();
        const usage = (result.output as { usage?: { totalTokens?: number } } | undefined)?.usage;
        if (usage?.totalTokens !== undefined) chosen.settle(estimate, usage.totalTokens);
        return result;
      } catch (error) {
        if (classifyError(error).kind === "throttling") chosen.onThrottle(sentAt);
        throw error;
      } finally {
        chosen.finish();
      }
    },
    { step: "initialize", name, override: true },
  );
  return client;
}

const shared = new Map<string, RateLimiter>();

/**
 * The adaptive limiter every client in this process shares for one endpoint, region and model: many
 * agents (and many runs) sending to the same quota slow down together instead of each on its own.
 */
export function sharedRateLimiter(endpoint: string, region: string, modelId: string): RateLimiter {
  const key = `${endpoint}|${region}|${modelId}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new RateLimiter({}, { adaptive: true });
    shared.set(key, limiter);
  }
  return limiter;
}
