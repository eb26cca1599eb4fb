import { describe, expect, it } from "vitest";
import { topK, topKByScore } from "../../src/kb/top-k.ts";

describe("top-k selection", () => {
  it("both selectors agree with a full sort, ties broken by lower index", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const scores = Array.from({ length: 500 }, () => Math.floor(random() * 50));
    const candidates = Array.from({ length: 500 }, (_, i) => i);
    const expected = candidates
      .map((index) => ({ index, score: scores[index] as number }))
      .sort((a, b) => b.score - a.score || a.index - b.index);
    for (const k of [1, 10, 64, 600]) {
      expect(topKByScore(candidates, scores, k)).toEqual(expected.slice(0, k));
      expect(
        topK(
          500,
          k,
          (i) => i,
          (i) => scores[i] as number,
        ),
      ).toEqual(expected.slice(0, k));
    }
  });
});
