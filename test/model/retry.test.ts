import { describe, expect, it } from "vitest";
import {
  classifyError,
  RetryExhaustedError,
  RetryPolicySchema,
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
