import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { numberFlag, parseFlags } from "../../src/cli/args.ts";
import { explainError } from "../../src/cli/errors.ts";
import { parseWith } from "../../src/config/config-error.ts";
import { ConfigError, ERROR_CODES, GlassboxError, UsageError } from "../../src/errors.ts";
import { parseToolReviewResponse } from "../../src/graph/tool-review.ts";
import { GuardrailValidationError } from "../../src/guardrails/guardrail.ts";
import { AwsCallError, toGlassboxError } from "../../src/model/aws-error.ts";
import { resolveConnection } from "../../src/model/connection.ts";
import { RetryExhaustedError } from "../../src/model/retry.ts";
import { defineTool } from "../../src/tools/define-tool.ts";
import { tempDir } from "../helpers/fixtures.ts";

const named = (name: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { name, ...extra });

describe("errors explained in one line", () => {
  it("maps Bedrock and network errors to the problem and the fix", () => {
    expect(
      explainError(named("ValidationException", "The provided model identifier is invalid."), {
        modelId: "x.y",
      }),
    ).toEqual({
      code: "MODEL_UNKNOWN",
      message: expect.stringMatching(/^unknown model "x\.y": run `glassbox models`/),
      exitCode: 2,
    });
    expect(explainError(named("ValidationException", "messages.0 is blank")).message).toBe(
      "Bedrock rejected the request: messages.0 is blank",
    );
    expect(explainError(named("AccessDeniedException", "nope")).message).toMatch(/bedrock:InvokeModel/);
    const refused = new Error("connect", { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) });
    expect(explainError(refused, { endpoint: "http://127.0.0.1:9" }).message).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/,
    );
    expect(explainError(new Error("Region is missing")).message).toMatch(/^no AWS region/);
    expect(
      explainError(named("CredentialsProviderError", "Could not load credentials from any providers"))
        .exitCode,
    ).toBe(2);
  });

  it("passes usage and config errors through as exit code 2", () => {
    expect(explainError(new UsageError("bad flag"))).toEqual({
      code: "USAGE",
      message: "bad flag",
      exitCode: 2,
    });
    expect(explainError(new ConfigError("model.x: bad"))).toEqual({
      code: "CONFIG_INVALID",
      message: "model.x: bad",
      exitCode: 2,
    });
    expect(explainError(new Error("boom"))).toEqual({ code: "UNEXPECTED", message: "boom", exitCode: 1 });
  });
});

/** Builds one real failure of each user-facing class, as the library raises it. */
function failures(): Array<[string, () => unknown]> {
  const capture = (fn: () => unknown) => () => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    throw new Error("expected a throw");
  };
  const throttled = Object.assign(new Error("Too many requests"), {
    name: "ThrottlingException",
    $metadata: { httpStatusCode: 429, requestId: "req-1" },
  });
  return [
    ["UsageError", () => new UsageError('unknown command "rn"')],
    [
      "ConfigError",
      capture(() => parseWith(z.object({ maxSteps: z.number() }), { maxSteps: "x" }, "limits")),
    ],
    [
      "ToolDefinitionError",
      capture(() => defineTool({ name: "bad name!", description: "d", input: z.object({}), run: () => 1 })),
    ],
    [
      "ToolReviewError",
      capture(() =>
        parseToolReviewResponse({ decisions: {} }, [
          { id: "t1", name: "calc", args: {}, reason: "approval" },
        ]),
      ),
    ],
    ["GuardrailValidationError", () => new GuardrailValidationError("text exceeds 200000 characters")],
    ["RetryExhaustedError", () => new RetryExhaustedError(6, throttled, "ThrottlingException", "throttling")],
    [
      "AccessDeniedException",
      () => Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }),
    ],
  ];
}

describe("errors by code", () => {
  const expected: Record<string, { code: string; exitCode: number; message: RegExp }> = {
    UsageError: { code: "USAGE", exitCode: 2, message: /^unknown command "rn"$/ },
    ConfigError: { code: "CONFIG_INVALID", exitCode: 2, message: /^limits\.maxSteps: / },
    ToolDefinitionError: { code: "TOOL_DEFINITION_INVALID", exitCode: 2, message: /bad name!/ },
    ToolReviewError: { code: "TOOL_REVIEW_INVALID", exitCode: 2, message: /t1/ },
    GuardrailValidationError: { code: "GUARDRAIL_CONTENT_INVALID", exitCode: 2, message: /200000/ },
    RetryExhaustedError: {
      code: "RETRY_EXHAUSTED",
      exitCode: 1,
      message: /after 6 attempts \(ThrottlingException/,
    },
    AccessDeniedException: { code: "ACCESS_DENIED", exitCode: 1, message: /bedrock:InvokeModel/ },
  };

  it.each(failures())("%s maps to its code, exit code and one-line message", (name, make) => {
    const error = make();
    const explained = explainError(error);
    const want = expected[name];
    expect(explained.code).toBe(want?.code);
    expect(explained.exitCode).toBe(want?.exitCode);
    expect(explained.exitCode).toBe(ERROR_CODES[explained.code] === "usage" ? 2 : 1);
    expect(explained.message).toMatch(want?.message as RegExp);
    expect(explained.message).not.toContain("\n");
  });

  it("keeps the underlying AWS error as cause, with its metadata", () => {
    const throttled = Object.assign(new Error("slow down"), {
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 429, requestId: "req-9" },
    });
    const exhausted = new RetryExhaustedError(3, throttled, "ThrottlingException", "throttling");
    expect(exhausted.cause).toBe(throttled);
    expect(exhausted.lastError).toBe(throttled);
    const denied = Object.assign(new Error("no"), {
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403, requestId: "r2" },
    });
    const wrapped = toGlassboxError(denied);
    expect(wrapped).toBeInstanceOf(AwsCallError);
    expect(wrapped.cause).toBe(denied);
    expect(wrapped).toMatchObject({
      code: "ACCESS_DENIED",
      kind: "failed",
      awsName: "AccessDeniedException",
      httpStatus: 403,
      requestId: "r2",
    });
    expect(toGlassboxError(exhausted)).toBe(exhausted);
  });

  it("recognises its errors by marker, also from another copy of the package", async () => {
    const error = new ConfigError("x");
    expect(GlassboxError.isInstance(error)).toBe(true);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(UsageError.isInstance(error)).toBe(false);
    expect(GlassboxError.isInstance(new Error("x"))).toBe(false);
    expect(GlassboxError.isInstance(null)).toBe(false);
    // A second copy of the module (a different class object), as when two installs meet in one process.
    const file = join(tempDir(), "errors.ts");
    copyFileSync(fileURLToPath(new URL("../../src/errors.ts", import.meta.url)), file);
    const copy = (await import(
      /* @vite-ignore */ pathToFileURL(file).href
    )) as typeof import("../../src/errors.ts");
    expect(copy.GlassboxError).not.toBe(GlassboxError);
    const foreign = new copy.ConfigError("from the other copy");
    expect(foreign instanceof ConfigError).toBe(false);
    expect(ConfigError.isInstance(foreign)).toBe(true);
    expect(GlassboxError.isInstance(foreign)).toBe(true);
    expect(explainError(foreign)).toEqual({
      code: "CONFIG_INVALID",
      message: "from the other copy",
      exitCode: 2,
    });
  });

  it("refuses an explicitly named AWS profile that does not exist instead of going local", async () => {
    const home = tempDir();
    const env = { HOME: home, AWS_EC2_METADATA_DISABLED: "true" };
    const error = await resolveConnection({ profile: "nope", env }).catch((e: unknown) => e);
    expect(explainError(error)).toEqual({
      code: "PROFILE_NOT_FOUND",
      message: expect.stringMatching(/^--profile nope: no such profile/),
      exitCode: 2,
    });
  });
});

describe("flag parsing", () => {
  it("names unknown flags and bad numbers", () => {
    expect(() => parseFlags("run", ["--nope"], {})).toThrow(/--nope.*glassbox run --help/);
    expect(numberFlag("max-steps", "3", { min: 1, integer: true })).toBe(3);
    expect(() => numberFlag("max-steps", "0", { min: 1, integer: true })).toThrow(
      '--max-steps expects a whole number ≥ 1, got "0"',
    );
    expect(() => numberFlag("rate", "2", { min: 0, max: 1 })).toThrow("--rate expects a number ≥ 0 and ≤ 1");
    expect(numberFlag("x", undefined)).toBeUndefined();
  });
});
