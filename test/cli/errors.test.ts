import { describe, expect, it } from "vitest";
import { numberFlag, parseFlags } from "../../src/cli/args.ts";
import { explainError, UsageError } from "../../src/cli/errors.ts";
import { ConfigError } from "../../src/config/config-error.ts";

const named = (name: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { name, ...extra });

describe("errors explained in one line", () => {
  it("maps Bedrock and network errors to the problem and the fix", () => {
    expect(
      explainError(named("ValidationException", "The provided model identifier is invalid."), {
        modelId: "x.y",
      }),
    ).toEqual({
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
    expect(explainError(new UsageError("bad flag"))).toEqual({ message: "bad flag", exitCode: 2 });
    expect(explainError(new ConfigError("model.x: bad"))).toEqual({ message: "model.x: bad", exitCode: 2 });
    expect(explainError(new Error("boom")).exitCode).toBe(1);
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
