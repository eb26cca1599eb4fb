import { describe, expect, it } from "vitest";
import { ChunkingConfigurationSchema, chunkText, pack, semanticGroups } from "../../src/kb/chunking.ts";
import type { Embedder } from "../../src/kb/embedder.ts";
import { countTokens, splitSentences } from "../../src/kb/tokens.ts";

const sentence = (i: number) => `Sentence number ${i} talks about topic ${i % 7} in plain words.`;
const text = Array.from({ length: 60 }, (_, i) => sentence(i)).join(" ");

describe("chunking configuration (Bedrock's fields and limits)", () => {
  it("rejects out-of-range values and missing strategy settings, naming the field", () => {
    const bad = ChunkingConfigurationSchema.safeParse({
      chunkingStrategy: "FIXED_SIZE",
      fixedSizeChunkingConfiguration: { maxTokens: 9000, overlapPercentage: 20 },
    });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues[0]?.path)).toContain("maxTokens");
    const missing = ChunkingConfigurationSchema.safeParse({ chunkingStrategy: "SEMANTIC" });
    expect(missing.error?.issues[0]?.message).toMatch(/semanticChunkingConfiguration/);
    const levels = ChunkingConfigurationSchema.safeParse({
      chunkingStrategy: "HIERARCHICAL",
      hierarchicalChunkingConfiguration: { levelConfigurations: [{ maxTokens: 100 }], overlapTokens: 10 },
    });
    expect(levels.success).toBe(false);
  });
});

describe("splitSentences", () => {
  it("does not end sentences at abbreviations or decimals", () => {
    expect(splitSentences("Pay is 3.5 times e.g. the base. Next one! And?\n\nNew block")).toEqual([
      "Pay is 3.5 times e.g. the base.",
      "Next one!",
      "And?",
      "New block",
    ]);
  });
});

describe("FIXED_SIZE", () => {
  it("keeps every chunk within maxTokens, cuts at sentence ends and overlaps by about the percentage", async () => {
    const plan = await chunkText(text, {
      chunkingStrategy: "FIXED_SIZE",
      fixedSizeChunkingConfiguration: { maxTokens: 60, overlapPercentage: 20 },
    });
    expect(plan.chunks.length).toBeGreaterThan(5);
    for (const chunk of plan.chunks) {
      expect(countTokens(chunk.text)).toBeLessThanOrEqual(60);
      expect(chunk.text).toMatch(/^Sentence number \d+/);
      expect(chunk.text.endsWith(".")).toBe(true);
    }
    // The second chunk starts with the last sentence of the first (12 tokens ≤ 20% of 60).
    const firstSentences = splitSentences(plan.chunks[0]?.text ?? "");
    expect(plan.chunks[1]?.text.startsWith(firstSentences.at(-1) ?? "?")).toBe(true);
  });
  it("the default gives about 300-token chunks", async () => {
    const long = Array.from({ length: 200 }, (_, i) => sentence(i)).join(" ");
    const plan = await chunkText(long);
    const sizes = plan.chunks.map((c) => countTokens(c.text));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(300);
    expect(sizes[0]).toBeGreaterThan(250);
  });
  it("cuts a sentence longer than maxTokens at token boundaries", () => {
    const words = Array.from({ length: 25 }, (_, i) => `w${i}`).join(" ");
    const chunks = pack([words], 10, 0);
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toBe("w0 w1 w2 w3 w4 w5 w6 w7 w8 w9");
  });
});

describe("NONE", () => {
  it("makes the whole text one chunk", async () => {
    const plan = await chunkText(text, { chunkingStrategy: "NONE" });
    expect(plan.chunks).toEqual([{ text }]);
  });
});

describe("HIERARCHICAL", () => {
  it("makes parents of the parent size and children inside them, each child naming its parent", async () => {
    const plan = await chunkText(text, {
      chunkingStrategy: "HIERARCHICAL",
      hierarchicalChunkingConfiguration: {
        levelConfigurations: [{ maxTokens: 120 }, { maxTokens: 30 }],
        overlapTokens: 5,
      },
    });
    expect(plan.parents.length).toBeGreaterThan(3);
    for (const parent of plan.parents) expect(countTokens(parent)).toBeLessThanOrEqual(120);
    for (const child of plan.chunks) {
      expect(countTokens(child.text)).toBeLessThanOrEqual(30);
      expect(plan.parents[child.parent as number]).toContain(child.text);
    }
    expect(new Set(plan.chunks.map((c) => c.parent)).size).toBe(plan.parents.length);
  });
});

describe("SEMANTIC", () => {
  // Topic embedder: sentences about cats point one way, about taxes another.
  const topics: Embedder = {
    id: "topics",
    dimensions: 2,
    async embed(texts) {
      return texts.map((t) => (/cat/i.test(t) ? Float32Array.from([1, 0]) : Float32Array.from([0, 1])));
    },
  };
  it("cuts where neighbouring sentences are least similar", async () => {
    const doc = "Cats purr. Cats sleep a lot. Taxes are due in April. Taxes need receipts. Cats hunt mice.";
    const plan = await chunkText(
      doc,
      {
        chunkingStrategy: "SEMANTIC",
        semanticChunkingConfiguration: { maxTokens: 300, bufferSize: 0, breakpointPercentileThreshold: 50 },
      },
      topics,
    );
    expect(plan.chunks.map((c) => c.text)).toEqual([
      "Cats purr. Cats sleep a lot.",
      "Taxes are due in April. Taxes need receipts.",
      "Cats hunt mice.",
    ]);
  });
  it("threshold 90 with 101 sentences gives 11 groups (Bedrock's worked example)", async () => {
    const sentences = Array.from({ length: 101 }, (_, i) => `S${i}.`);
    const seeded: Embedder = {
      id: "seeded",
      dimensions: 2,
      async embed(texts) {
        return texts.map((_, i) => Float32Array.from([Math.cos(i * i), Math.sin(i * i)]));
      },
    };
    const groups = await semanticGroups(
      sentences,
      { bufferSize: 0, breakpointPercentileThreshold: 90 },
      seeded,
    );
    expect(groups).toHaveLength(11);
    expect(groups.flat()).toEqual(sentences);
  });
  it("re-splits a semantic group longer than maxTokens", async () => {
    const plan = await chunkText(
      "Cats purr loudly at night. Cats sleep a lot during the day.",
      {
        chunkingStrategy: "SEMANTIC",
        semanticChunkingConfiguration: { maxTokens: 8, bufferSize: 1, breakpointPercentileThreshold: 99 },
      },
      topics,
    );
    expect(plan.chunks.length).toBe(2);
  });
});
