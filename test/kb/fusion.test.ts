import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../src/kb/bm25.ts";
import { reciprocalRankFusion, weightedFusion } from "../../src/kb/fusion.ts";
import { VectorIndex } from "../../src/kb/vector-index.ts";

describe("fusion", () => {
  const lexical = [
    { index: 1, score: 10 },
    { index: 2, score: 5 },
    { index: 3, score: 0 },
  ];
  const vector = [
    { index: 3, score: 0.9 },
    { index: 1, score: 0.5 },
    { index: 4, score: 0.1 },
  ];
  it("RRF sums 1/(k+rank) and scales to 0-1", () => {
    const fused = reciprocalRankFusion([lexical, vector], { k: 60 });
    expect(fused[0]).toEqual({ index: 1, score: (1 / 61 + 1 / 62) / (2 / 61) });
    expect(fused.map((h) => h.index)).toEqual([1, 3, 2, 4]);
  });
  it("weighted fusion min-max normalises each list and sums with weights", () => {
    const fused = weightedFusion([lexical, vector], [0.5, 0.5]);
    // 1: 0.5*1 + 0.5*0.5 = 0.75; 3: 0 + 0.5*1 = 0.5; 2: 0.5*0.5 = 0.25; 4: 0
    expect(fused.map((h) => [h.index, Number(h.score.toFixed(4))])).toEqual([
      [1, 0.75],
      [3, 0.5],
      [2, 0.25],
      [4, 0],
    ]);
    expect(weightedFusion([lexical, vector], [0.9, 0.1])[0]?.index).toBe(1);
    expect(weightedFusion([lexical, vector], [0.1, 0.9])[0]?.index).toBe(3);
  });
});

describe("BM25", () => {
  it("defaults to k1 1.8, b 0.9 (chosen on the CISI tuning queries)", () => {
    expect(new Bm25Index().params).toEqual({ k1: 1.8, b: 0.9 });
  });
  it("scores with Lucene's idf and length normalisation (k1 0.9, b 0.4)", () => {
    const index = new Bm25Index({ k1: 0.9, b: 0.4 });
    index.add(0, "cats cats dogs");
    index.add(1, "dogs birds fish");
    index.add(2, "fish");
    const [hit] = index.search("cat", 3);
    const idf = Math.log(1 + (3 - 1 + 0.5) / (1 + 0.5));
    const avgdl = 7 / 3;
    const expected = (idf * 2 * 1.9) / (2 + 0.9 * (1 - 0.4 + (0.4 * 3) / avgdl));
    expect(hit?.index).toBe(0);
    expect(hit?.score).toBeCloseTo(expected, 10);
  });
  it("pruning returns exactly the exhaustive top k", () => {
    let seed = 3;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const words = Array.from({ length: 60 }, (_, i) => `w${i}x`);
    // Zipf-like: low word numbers are common, high ones rare.
    const pick = () => words[Math.floor(words.length * random() ** 3)] as string;
    const index = new Bm25Index();
    for (let doc = 0; doc < 3000; doc++)
      index.add(doc, Array.from({ length: 5 + Math.floor(random() * 30) }, pick).join(" "));
    for (let q = 0; q < 40; q++) {
      const query = Array.from({ length: 2 + (q % 12) }, pick).join(" ");
      for (const k of [1, 10]) {
        const exact = index.search(query, k, undefined, { prune: false });
        const pruned = index.search(query, k);
        expect(pruned.map((h) => h.index)).toEqual(exact.map((h) => h.index));
        for (const [i, hit] of pruned.entries()) expect(hit.score).toBeCloseTo(exact[i]?.score ?? 0, 9);
      }
    }
  });
  it("removed documents are no longer found and restrictions apply", () => {
    const index = new Bm25Index();
    index.add(0, "alpha beta");
    index.add(1, "alpha gamma");
    index.remove(0);
    expect(index.search("alpha", 5).map((h) => h.index)).toEqual([1]);
    expect(index.search("alpha", 5, (i) => i !== 1)).toEqual([]);
  });
});

describe("exact vector search", () => {
  it("returns the nearest unit vectors first", () => {
    const index = new VectorIndex(2, 1);
    index.add(0, Float32Array.from([1, 0]));
    index.add(1, Float32Array.from([0, 1]));
    index.add(2, Float32Array.from([Math.SQRT1_2, Math.SQRT1_2]));
    const hits = index.search(Float32Array.from([0.8, 0.6]), 2);
    expect(hits.map((h) => h.index)).toEqual([2, 0]);
    expect(() => index.add(3, Float32Array.from([1]))).toThrow(/dimensions/);
  });
});
