import { describe, expect, it } from "vitest";
import { parseGuardrailConfig } from "../../src/guardrails/config.ts";
import { LocalGuardrail } from "../../src/guardrails/local-guardrail.ts";
import {
  findRegex,
  REGEX_WINDOW,
  RegexBudgetError,
  regexProblem,
} from "../../src/guardrails/regex-safety.ts";
import { seededRandom } from "../../src/local/faults.ts";

/** The issue's four patterns: accepted by the old ReDoS check, and > 25 s each on a backtracking engine. */
const ISSUE_PATTERNS = ["((a+))+$", "(?:(?:a)+)+$", "(a|[a])+$", "(\\w|\\d)+$"];

/** The fastest of three timings of `fn`, in ms (the least disturbed by a noisy machine). */
function fastest(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Nested and alternating patterns over overlapping atoms: the shapes that backtrack exponentially. */
function fuzzedFamily(count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const atoms = ["a", "[a]", "\\w", "a?", "aa", "[a-z]", "(?:a|a)", "\\S"];
  const quantifiers = ["+", "*", "{1,}", "{2,}"];
  const grow = (depth: number): string => {
    if (depth === 0) return pick(atoms);
    const inner = random() < 0.5 ? `${grow(depth - 1)}|${grow(depth - 1)}` : grow(depth - 1);
    return `(${random() < 0.5 ? "?:" : ""}${inner})${pick(quantifiers)}`;
  };
  return Array.from({ length: count }, () => `${grow(2 + Math.floor(random() * 3))}${pick(["$", "!", "b"])}`);
}

describe("custom guardrail regexes run in linear time (RE2)", () => {
  it.each(ISSUE_PATTERNS)("%s is accepted and answers a 31-character input at once", (pattern) => {
    expect(regexProblem(pattern)).toBeUndefined();
    const guardrail = new LocalGuardrail({
      name: "g",
      blockedInputMessaging: "blocked",
      blockedOutputsMessaging: "blocked",
      sensitiveInformationPolicyConfig: { regexesConfig: [{ name: "r", pattern, action: "BLOCK" }] },
    });
    const started = performance.now();
    const response = guardrail.applySync({
      source: "INPUT",
      content: [{ text: { text: `${"a".repeat(30)}!` } }],
    });
    expect(performance.now() - started).toBeLessThan(100);
    expect(response.action).toBe("NONE");
  });

  it("the four patterns and a fuzzed family of nested and alternating patterns scale linearly", () => {
    const patterns = [...ISSUE_PATTERNS, ...fuzzedFamily(40)];
    for (const pattern of patterns) expect(regexProblem(pattern), pattern).toBeUndefined();
    const scan = (n: number) => () => {
      for (const pattern of patterns) findRegex(`${"a".repeat(n)}!`, pattern, 60_000);
    };
    const small = fastest(scan(2_000));
    const large = fastest(scan(16_000));
    // 8x the input: ~8x the time when linear, 64x when quadratic, never when exponential.
    expect(large / small).toBeLessThan(24);
    expect(large).toBeLessThan(5_000);
  });

  it("keeps the matches Bedrock regexes find, with JavaScript string indices", () => {
    expect(findRegex("ids EMP-123456 and EMP-654321", "\\bEMP-\\d{6}\\b")).toEqual([
      { match: "EMP-123456", index: 4 },
      { match: "EMP-654321", index: 19 },
    ]);
    expect(findRegex("Alice ALICE alice", "(?i)alice").map((hit) => hit.index)).toEqual([0, 6, 12]);
    expect(findRegex("😀 café 42", "\\d+")).toEqual([{ match: "42", index: 8 }]);
    expect(findRegex("x", "a*")).toEqual([]); // empty matches are not findings
  });

  it("finds matches across window boundaries exactly once", () => {
    const text = `${"x".repeat(REGEX_WINDOW - 3)}EMP-123456${" y".repeat(REGEX_WINDOW)}EMP-654321`;
    expect(findRegex(text, "EMP-\\d{6}").map((hit) => hit.match)).toEqual(["EMP-123456", "EMP-654321"]);
  });

  it.each([
    ["(\\d)\\1", /backreferences .* no linear-time match/],
    ["foo(?=bar)", /lookahead .* no linear-time match/],
    ["(?<!x)y", /lookbehind .* no linear-time match/],
    ["a{2000}", /repeat count above 1000/],
    ["(unclosed", /not a valid regular expression \(missing closing \)/],
  ])("refuses %s with a clear reason", (pattern, reason) => {
    expect(regexProblem(pattern)).toMatch(reason);
    expect(() =>
      parseGuardrailConfig({
        name: "g",
        blockedInputMessaging: "b",
        blockedOutputsMessaging: "b",
        sensitiveInformationPolicyConfig: { regexesConfig: [{ name: "r", pattern, action: "BLOCK" }] },
      }),
    ).toThrow(/sensitiveInformationPolicyConfig\.regexesConfig\.0\.pattern: /);
  });

  it("stops a scan that runs past its time budget, naming the pattern", () => {
    const text = "ab ".repeat(200_000);
    expect(() => findRegex(text, "[a-z]+", 1)).toThrow(RegexBudgetError);
    expect(() => findRegex(text, "[a-z]+", 1)).toThrow(
      /"\[a-z\]\+" ran past its 1 ms budget on 600000 characters/,
    );
  });
});
