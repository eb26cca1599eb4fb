import { describe, expect, it } from "vitest";
import {
  contains,
  exactMatch,
  jsonSchema,
  levenshtein,
  levenshteinSimilarity,
  regexMatch,
  rougeL,
  rougeLScore,
  squadF1,
  tokenF1,
} from "../../../src/evals/evaluators/text.ts";
import { evalInput } from "../helpers.ts";

const run = async (evaluator: { evaluate: (i: never) => unknown }, answer: string, expected?: string) =>
  (await evaluator.evaluate(
    evalInput({ answer }, expected === undefined ? {} : { answer: expected }) as never,
  )) as {
    score: unknown;
    comment: string;
  };

describe("text evaluators", () => {
  it("exact match, raw and SQuAD-normalised; null without a reference", async () => {
    expect((await run(exactMatch(), "Paris", "Paris")).score).toBe(true);
    expect((await run(exactMatch(), "The Paris.", "paris")).score).toBe(false);
    expect((await run(exactMatch({ normalize: true }), "The Paris.", "paris")).score).toBe(true);
    expect((await run(exactMatch(), "x")).score).toBeNull();
  });

  it("contains: all by default, any on request, case-insensitive unless asked", async () => {
    expect((await run(contains(), "The answer is 409.8.", "409.8")).score).toBe(true);
    expect((await run(contains({ values: ["4", "Saturday"] }), "2+2 = 4.", undefined)).score).toBe(false);
    expect((await run(contains({ values: ["4", "Saturday"], any: true }), "2+2 = 4.")).score).toBe(true);
    expect((await run(contains({ values: ["PARIS"] }), "paris")).score).toBe(true);
    expect((await run(contains({ values: ["PARIS"], caseSensitive: true }), "paris")).score).toBe(false);
  });

  it("regex runs on RE2: linear on a pattern that hangs a backtracking engine, JavaScript-style flags, clear refusals", async () => {
    // (a+)+$ on 40 a's and a "!" takes 2^40 steps in JavaScript's RegExp before it fails; RE2 answers at once.
    expect((await run(regexMatch({ pattern: "(a+)+$" }), `${"a".repeat(40)}!`)).score).toBe(false);
    expect((await run(regexMatch({ pattern: "^(a+)+$" }), "a".repeat(40))).score).toBe(true);
    expect((await run(regexMatch({ pattern: "^hello", flags: "i" }), "HELLO there")).score).toBe(true);
    expect((await run(regexMatch({ pattern: "^hello" }), "HELLO there")).score).toBe(false);
    expect((await run(regexMatch({ pattern: "^total: \\d+$", flags: "m" }), "x\ntotal: 3\ny")).score).toBe(
      true,
    );
    expect((await run(regexMatch({ pattern: "^total: \\d+$" }), "x\ntotal: 3\ny")).score).toBe(false);
    expect((await run(regexMatch({ pattern: "a.b", flags: "s" }), "a\nb")).score).toBe(true);
    expect((await run(regexMatch({ pattern: "a.b", flags: "gu" }), "a\nb")).score).toBe(false);
    expect(() => regexMatch({ pattern: "foo(?=bar)" })).toThrow(/regex evaluator: pattern: lookahead/);
    expect(() => regexMatch({ pattern: "(a)\\1" })).toThrow(/regex evaluator: pattern: backreferences/);
    expect(() => regexMatch({ pattern: "a", flags: "y" })).toThrow(
      /regex evaluator: flags: flag "y" is not supported/,
    );
  });

  it("regex and JSON schema", async () => {
    expect((await run(regexMatch({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }), "2026-06-13")).score).toBe(true);
    expect(() => regexMatch({ pattern: "(" })).toThrow(/regex evaluator: pattern/);
    const schema = jsonSchema({
      schema: { type: "object", properties: { total: { type: "number" } }, required: ["total"] },
    });
    expect((await run(schema, 'Here: ```json\n{"total": 3}\n```')).score).toBe(true);
    const bad = await run(schema, '{"total": "three"}');
    expect(bad.score).toBe(false);
    expect(bad.comment).toMatch(/total/);
    expect((await run(schema, "no json here")).score).toBe(false);
    expect((await run(schema, "{broken")).score).toBe(false);
  });

  it("SQuAD token F1 matches the reference implementation's numbers", () => {
    // normalize: lower case, drop punctuation and articles; F1 over the token multiset.
    expect(tokenF1("The cat sat on the mat", "cat on mat").f1).toBeCloseTo(
      (2 * (3 / 4) * 1) / (3 / 4 + 1),
      6,
    );
    expect(tokenF1("409.8", "409.8").f1).toBe(1);
    expect(tokenF1("2,340", "2340").f1).toBe(1);
    expect(tokenF1("apple apple", "apple").precision).toBe(0.5);
    expect(tokenF1("", "").f1).toBe(1);
    expect(tokenF1("", "x").f1).toBe(0);
    expect(tokenF1("dog", "cat").f1).toBe(0);
  });

  it("ROUGE-L is the LCS F-measure", () => {
    expect(rougeL("police killed the gunman", "police kill the gunman")).toBeCloseTo(2 / 3, 6);
    expect(rougeL("a b c", "a b c")).toBe(1);
    expect(rougeL("x y", "z")).toBe(0);
  });

  it("Levenshtein distance and similarity", async () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    const result = await run(levenshteinSimilarity(), "kitten", "sitting");
    expect(result.score).toBeCloseTo(1 - 3 / 7, 6);
    expect((await run(squadF1(), "x")).score).toBeNull();
    expect((await run(rougeLScore(), "a b", "a b")).score).toBe(1);
  });
});
