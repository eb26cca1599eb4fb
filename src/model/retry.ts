import { z } from "zod";
import { GlassboxError } from "../errors.ts";

/**
 * How model calls are retried. The AWS SDK's standard mode gives 3 attempts and cannot retry a failure
 * inside an open ConverseStream; Strands waits 4 s before its first retry, too long for interactive use.
 * Glassbox owns the whole policy: 6 attempts, 500 ms doubling to 20 s, full jitter.
 */
export const RetryPolicySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(20).default(6),
    baseDelayMs: z.number().nonnegative().default(500),
    maxDelayMs: z.number().nonnegative().default(20_000),
    jitter: z.enum(["full", "equal", "none"]).default("full"),
    /** The longest a `Retry-After` header is obeyed (a longer one waits this long). */
    maxRetryAfterMs: z.number().nonnegative().default(30_000),
  })
  .strict();
export type RetryPolicy = z.output<typeof RetryPolicySchema>;

export type ErrorKind =
  | "throttling"
  | "transient"
  | "stream"
  | "timeout"
  | "client"
  | "auth"
  | "not_found"
  | "network"
  | "aborted"
  | "unknown";

const BY_NAME: Record<string, { kind: ErrorKind; retryable: boolean }> = {
  throttlingexception: { kind: "throttling", retryable: true },
  modelnotreadyexception: { kind: "throttling", retryable: true },
  serviceunavailableexception: { kind: "transient", retryable: true },
  internalserverexception: { kind: "transient", retryable: true },
  modelstreamerrorexception: { kind: "stream", retryable: true },
  modeltimeoutexception: { kind: "timeout", retryable: true },
  validationexception: { kind: "client", retryable: false },
  servicequotaexceededexception: { kind: "client", retryable: false },
  modelerrorexception: { kind: "client", retryable: false },
  accessdeniedexception: { kind: "auth", retryable: false },
  unrecognizedclientexception: { kind: "auth", retryable: false },
  expiredtokenexception: { kind: "auth", retryable: false },
  credentialsprovidererror: { kind: "auth", retryable: false },
  resourcenotfoundexception: { kind: "not_found", retryable: false },
  aborterror: { kind: "aborted", retryable: false },
  // The SDK's name for socket timeouts, and Glassbox's own request timeouts: transient on a live endpoint.
  timeouterror: { kind: "timeout", retryable: true },
  requesttimeouterror: { kind: "timeout", retryable: true },
};

/** Event-stream framing that arrived damaged (cut short or corrupted on the way): ask again. */
const DAMAGED_STREAM =
  /Truncated event message received|does not match the calculated CRC32|message checksum .* did not match|Reported message length does not match|too short to accommodate event stream|Unrecognized header type tag/i;

const NETWORK_RETRYABLE = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED"]);
const NETWORK_FATAL = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]);

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
  lc_error_code?: string;
}

/** Whether an error from a model call is worth another attempt, and what kind it is. */
export function classifyError(error: unknown): { retryable: boolean; kind: ErrorKind; errorType: string } {
  for (let current = error as ErrorLike | undefined, depth = 0; current && depth < 6; depth++) {
    const name = typeof current.name === "string" ? current.name : "";
    const known = BY_NAME[name.toLowerCase()];
    if (known) return { ...known, errorType: name };
    if (current.code && NETWORK_FATAL.has(current.code))
      return { retryable: false, kind: "network", errorType: current.code };
    if (current.code && NETWORK_RETRYABLE.has(current.code))
      return { retryable: true, kind: "network", errorType: current.code };
    if (current.lc_error_code === "MODEL_STREAM_TIMEOUT")
      return { retryable: true, kind: "timeout", errorType: "MODEL_STREAM_TIMEOUT" };
    const message = current.message ?? "";
    if (DAMAGED_STREAM.test(message))
      return { retryable: true, kind: "stream", errorType: "DamagedEventStream" };
    // A body the SDK could not parse (cut short, garbled) from a successful response.
    if (current.$response && /Deserialization error/.test(message))
      return { retryable: true, kind: "transient", errorType: "MalformedResponse" };
    const status = current.$metadata?.httpStatusCode;
    if (status === 429) return { retryable: true, kind: "throttling", errorType: name || "HTTP429" };
    if (status !== undefined && status >= 500)
      return { retryable: true, kind: "transient", errorType: name || `HTTP${status}` };
    if (current.$retryable) return { retryable: true, kind: "transient", errorType: name || "retryable" };
    if (/socket hang up|^aborted$/i.test(message))
      return { retryable: true, kind: "network", errorType: message };
    current = current.cause as ErrorLike | undefined;
  }
  const name = (error as ErrorLike | undefined)?.name;
  return { retryable: false, kind: "unknown", errorType: name && name !== "Error" ? name : "_OTHER" };
}

/** The wait before attempt `attempt + 1`: exponential from the base, capped, with the policy's jitter. */
export function retryDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  if (policy.jitter === "full") return random() * exponential;
  if (policy.jitter === "equal") return exponential / 2 + (random() * exponential) / 2;
  return exponential;
}

/**
 * The wait a throttling or unavailable response asked for in `Retry-After` (seconds or an HTTP date),
 * in milliseconds; undefined when there is none.
 */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  for (let current = error as ErrorLike | undefined, depth = 0; current && depth < 6; depth++) {
    const headers = current.$response?.headers;
    const value = headers?.["retry-after"] ?? headers?.["Retry-After"];
    if (value !== undefined) {
      const seconds = Number(value.trim());
      if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
      const date = Date.parse(value);
      if (Number.isFinite(date)) return Math.max(0, date - now);
      return undefined;
    }
    current = current.cause as ErrorLike | undefined;
  }
  return undefined;
}

const ADVICE: Partial<Record<ErrorKind, string>> = {
  throttling: "Raise retry.maxAttempts, ask for a quota increase, or use provisioned throughput.",
  transient: "Bedrock kept failing; try again later or raise retry.maxAttempts.",
  stream: "The response stream kept failing; try again later or use --no-stream.",
  timeout:
    "The endpoint kept timing out: check that it is up, or raise model.requestTimeoutMs (Converse) or model.streamIdleTimeoutMs (streaming) for long generations.",
  network: "Check the network path to the endpoint.",
};

/** An error's message on one line, without the SDK's hint about its hidden `$response` field. */
export function oneLine(message: string): string {
  return message
    .replace(/\s*Deserialization error: to see the raw response.*$/s, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Every attempt of a model call failed with a retryable error; `cause` is the last AWS error. */
export class RetryExhaustedError extends GlassboxError {
  constructor(
    readonly attempts: number,
    lastError: unknown,
    readonly errorType: string,
    kind: ErrorKind,
  ) {
    const detail = oneLine((lastError as Error | undefined)?.message ?? String(lastError));
    super(
      `Bedrock call failed after ${attempts} attempts (${errorType}: ${detail}). ${ADVICE[kind] ?? ""}`.trim(),
      { code: "RETRY_EXHAUSTED", cause: lastError },
    );
  }

  /** The last attempt's error (the same as `cause`). */
  get lastError(): unknown {
    return this.cause;
  }
}

export interface RetryOptions {
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown; errorType: string }) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Calls `call` until it succeeds, a non-retryable error occurs, or the attempts run out. */
export async function withRetry<T>(
  call: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  options: RetryOptions = {},
): Promise<T> {
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await call(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const { retryable, kind, errorType } = classifyError(error);
      if (!retryable) throw error;
      if (attempt >= policy.maxAttempts) throw new RetryExhaustedError(attempt, error, errorType, kind);
      const asked = retryAfterMs(error);
      const backoff = retryDelay(attempt, policy, options.random);
      const delayMs =
        asked === undefined ? backoff : Math.max(backoff, Math.min(asked, policy.maxRetryAfterMs));
      options.onRetry?.({ attempt, delayMs, error, errorType });
      await sleep(delayMs, options.signal);
    }
  }
}

/** Waits, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
