import { describe, expect, it } from "vitest";
import { RequestTimeoutError } from "../../src/model/request-timeout-error.ts";
import {
  classifyError,
  oneLine,
  RetryExhaustedError,
  RetryPolicySchema,
  retryAfterMs,
  retryDelay,
  withRetry,
} from "../../src/model/retry.ts";

const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });
const policy = RetryPolicySchema.parse({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 });

describe("retry policy", () => {
  it.each([
    ["ThrottlingException", true, "throttling"],
    ["ModelNotReadyException", true, "throttling"],
    ["ServiceUnavailableException", true, "transient"],
    ["InternalServerException", true, "transient"],
    ["ModelStreamErrorException", true, "stream"],
    ["modelStreamErrorException", true, "stream"],
    ["throttlingException", true, "throttling"],
    ["ModelTimeoutException", true, "timeout"],
    ["ValidationException", false, "client"],
    ["AccessDeniedException", false, "auth"],
    ["ResourceNotFoundException", false, "not_found"],
    ["ServiceQuotaExceededException", false, "client"],
    ["AbortError", false, "aborted"],
  ])("%s → retryable %s (%s)", (name, retryable, kind) => {
    expect(classifyError(named(name))).toMatchObject({ retryable, kind, errorType: name });
  });

  it("reads status codes, $retryable, network codes and cause chains", () => {
    expect(classifyError(named("Weird", { $metadata: { httpStatusCode: 502 } })).retryable).toBe(true);
    expect(classifyError(named("Weird", { $metadata: { httpStatusCode: 400 } })).retryable).toBe(false);
    expect(classifyError(Object.assign(new Error("x"), { code: "ECONNRESET" })).retryable).toBe(true);
    expect(classifyError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toMatchObject({
      retryable: false,
      kind: "network",
    });
    expect(classifyError(new Error("wrapped", { cause: named("ThrottlingException") })).errorType).toBe(
      "ThrottlingException",
    );
    expect(
      classifyError(Object.assign(new Error("idle"), { lc_error_code: "MODEL_STREAM_TIMEOUT" })).retryable,
    ).toBe(true);
    expect(classifyError(new Error("plain")).retryable).toBe(false);
  });

  it("backs off exponentially with a cap and the chosen jitter", () => {
    const none = { ...policy, jitter: "none" as const };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(attempt, none))).toEqual([100, 200, 400, 800, 1000]);
    expect(retryDelay(3, policy, () => 0.5)).toBe(200);
    expect(retryDelay(3, { ...policy, jitter: "equal" }, () => 0)).toBe(200);
  });

  it("retries retryable errors, then succeeds", async () => {
    let calls = 0;
    const retries: string[] = [];
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw named("ThrottlingException");
        return "ok";
      },
      policy,
      { sleep: async () => {}, onRetry: (info) => retries.push(`${info.attempt}:${info.errorType}`) },
    );
    expect(result).toBe("ok");
    expect(retries).toEqual(["1:ThrottlingException", "2:ThrottlingException"]);
  });

  it("rethrows non-retryable errors at once and gives up with a clear error", async () => {
    let calls = 0;
    const validation = named("ValidationException");
    await expect(
      withRetry(
        async () => {
          calls++;
          throw validation;
        },
        policy,
        { sleep: async () => {} },
      ),
    ).rejects.toBe(validation);
    expect(calls).toBe(1);
    const error = await withRetry(
      async () => {
        throw named("ThrottlingException");
      },
      policy,
      { sleep: async () => {} },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryExhaustedError);
    expect((error as RetryExhaustedError).attempts).toBe(4);
    expect((error as Error).message).toBe(
      "Bedrock call failed after 4 attempts (ThrottlingException: ThrottlingException). Raise retry.maxAttempts, ask for a quota increase, or use provisioned throughput.",
    );
  });

  it("stops waiting as soon as the run is cancelled", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 20);
    const started = performance.now();
    const slow = RetryPolicySchema.parse({ baseDelayMs: 10_000, jitter: "none" });
    await expect(
      withRetry(
        async () => {
          throw named("ThrottlingException");
        },
        slow,
        { signal: controller.signal },
      ),
    ).rejects.toThrow("stop");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("wire failures and Retry-After", () => {
  it.each([
    ["Truncated event message received.", "stream"],
    ["The message checksum (123) did not match the expected value of 456", "stream"],
    [
      "The prelude checksum specified in the message (1) does not match the calculated CRC32 checksum (2)",
      "stream",
    ],
    ["Reported message length does not match received message length", "stream"],
  ])("%s → retryable (%s)", (message, kind) => {
    expect(classifyError(new Error(message))).toMatchObject({
      retryable: true,
      kind,
      errorType: "DamagedEventStream",
    });
  });

  it("retries unparsable bodies, SDK socket timeouts and Glassbox's own timeouts", () => {
    const garbled = Object.assign(
      new SyntaxError(
        "Unexpected end of JSON input\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.",
      ),
      {
        $metadata: { httpStatusCode: 200 },
      },
    );
    Object.defineProperty(garbled, "$response", { value: { statusCode: 200, headers: {} } });
    expect(classifyError(garbled)).toMatchObject({ retryable: true, errorType: "MalformedResponse" });
    const sdkTimeout = Object.assign(new Error("the request socket did not establish a connection"), {
      name: "TimeoutError",
    });
    expect(classifyError(sdkTimeout)).toMatchObject({ retryable: true, kind: "timeout" });
    expect(classifyError(new RequestTimeoutError("connect", 100, "10.0.0.1:443"))).toMatchObject({
      retryable: true,
      kind: "timeout",
      errorType: "RequestTimeoutError",
    });
  });

  it("reads Retry-After in seconds or as an HTTP date, through causes", () => {
    const throttle = (value: string) => {
      const error = named("ThrottlingException");
      Object.defineProperty(error, "$response", {
        value: { statusCode: 429, headers: { "retry-after": value } },
      });
      return error;
    };
    expect(retryAfterMs(throttle("3"))).toBe(3000);
    expect(retryAfterMs(new Error("wrapped", { cause: throttle("0.5") }))).toBe(500);
    expect(
      retryAfterMs(throttle("Wed, 21 Oct 2015 07:28:10 GMT"), Date.parse("Wed, 21 Oct 2015 07:28:00 GMT")),
    ).toBe(10_000);
    expect(retryAfterMs(throttle("soon"))).toBeUndefined();
    expect(retryAfterMs(named("ThrottlingException"))).toBeUndefined();
  });

  it("waits what Retry-After asks, capped by maxRetryAfterMs, never less than the back-off", async () => {
    const waits: number[] = [];
    const error = named("ThrottlingException");
    Object.defineProperty(error, "$response", { value: { headers: { "retry-after": "120" } } });
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 2) throw error;
        return "ok";
      },
      { ...policy, maxRetryAfterMs: 5_000 },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toEqual([5_000]);
  });

  it("gives up with one line: what failed and what to do", () => {
    const error = new RetryExhaustedError(
      3,
      new Error(
        "Unexpected end\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.",
      ),
      "MalformedResponse",
      "transient",
    );
    expect(error.message).toBe(
      "Bedrock call failed after 3 attempts (MalformedResponse: Unexpected end). Bedrock kept failing; try again later or raise retry.maxAttempts.",
    );
    expect(oneLine("a\n  b\tc")).toBe("a b c");
  });
});
