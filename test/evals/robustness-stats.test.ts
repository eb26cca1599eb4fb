import { describe, expect, it } from "vitest";
import { integerToWords, PERTURBATIONS, perturb } from "../../src/evals/robustness.ts";
import { bootstrapCI, pairedBootstrap, passAtK, passHatK, wilson } from "../../src/evals/stats.ts";

describe("robustness perturbations (Bedrock's set)", () => {
  const prompt = "What is 17% of 2,340 plus 12 on 2026-03-15?";
  it("lower-cases, writes numbers as words (dates kept), and is reproducible per seed", () => {
    expect(perturb("Convert 5 Miles", "lowercase")).toBe("convert 5 miles");
    expect(perturb(prompt, "numbers_to_words")).toBe(
      "What is seventeen% of two thousand three hundred forty plus twelve on 2026-03-15?",
    );
    expect(perturb("3.5 plus 4.25", "numbers_to_words")).toBe("three point five plus four point two five");
    expect(integerToWords(1_000_001)).toBe("one million one");
    for (const name of PERTURBATIONS) expect(perturb(prompt, name, 7)).toBe(perturb(prompt, name, 7));
  });

  it("typos, random caps and whitespace change the text but keep its length class", () => {
    const long = "the quick brown fox jumps over the lazy dog ".repeat(5);
    const typos = perturb(long, "typos", 3);
    expect(typos).not.toBe(long);
    expect(typos.length).toBe(long.length);
    const caps = perturb(long, "random_caps", 3);
    expect(caps.toLowerCase()).toBe(long);
    expect(caps).not.toBe(long);
    const spaced = perturb(long, "whitespace", 3);
    expect(spaced.replace(/\s+/g, "")).toBe(long.replace(/\s+/g, ""));
    expect(spaced).not.toBe(long);
  });
});

describe("statistics", () => {
  it("pass@k and pass^k", () => {
    expect(passAtK(5, 0, 1)).toBe(0);
    expect(passAtK(5, 5, 3)).toBe(1);
    expect(passAtK(4, 2, 1)).toBeCloseTo(0.5, 9);
    expect(passAtK(4, 2, 2)).toBeCloseTo(1 - 1 / 6, 9);
    expect(passHatK(4, 2, 2)).toBeCloseTo(1 / 6, 9);
    expect(passHatK(4, 4, 4)).toBe(1);
    expect(passAtK(2, 1, 3)).toBeNaN();
  });

  it("bootstrap CI brackets the mean, is seeded, and narrows with more data", () => {
    const small = [0, 1, 1, 0, 1, 1, 1, 0];
    const ci = bootstrapCI(small);
    expect(ci.low).toBeLessThanOrEqual(ci.mean);
    expect(ci.high).toBeGreaterThanOrEqual(ci.mean);
    expect(bootstrapCI(small)).toEqual(ci);
    const big = bootstrapCI(Array.from({ length: 400 }, (_, i) => (i % 8 < 5 ? 1 : 0)));
    expect(big.high - big.low).toBeLessThan(ci.high - ci.low);
  });

  it("paired bootstrap detects a consistent drop and not noise", () => {
    const a = Array.from({ length: 40 }, () => 1);
    const worse = a.map((_, i) => (i % 4 === 0 ? 0 : 1));
    const drop = pairedBootstrap(a, worse);
    expect(drop.delta).toBeCloseTo(-0.25, 9);
    expect(drop.high).toBeLessThan(0);
    expect(drop.pValue).toBeLessThan(0.05);
    expect(pairedBootstrap(a, a)).toMatchObject({ delta: 0, pValue: 1 });
  });

  it("Wilson interval", () => {
    const { low, high } = wilson(8, 10);
    expect(low).toBeGreaterThan(0.4);
    expect(high).toBeLessThan(0.97);
  });
});
