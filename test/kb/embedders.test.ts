import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openLocalKnowledgeBase } from "../../src/kb/local-knowledge-base.ts";
import { createOnnxEmbedder } from "../../src/kb/onnx-embedder.ts";
import {
  createWordVectorEmbedder,
  parseWinkVectors,
  type WordVectors,
} from "../../src/kb/word-vector-embedder.ts";
import { loadWordPiece } from "../../src/kb/wordpiece.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { writeTinyOnnxModel } from "../helpers/tiny-onnx.ts";

const unit = (v: number[]) => {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};

describe("WordPiece tokenizer", () => {
  it("lower-cases, strips accents, splits punctuation and finds the longest subwords", () => {
    const model = writeTinyOnnxModel(tempDir());
    const tokenizer = loadWordPiece({ tokenizerJson: join(model.dir, "tokenizer.json") });
    const ids = tokenizer.encode("The CATS sat, on a Mät!", 64);
    expect(ids.map((id) => model.vocab[id])).toEqual([
      "[CLS]",
      "the",
      "cat",
      "##s",
      "sat",
      ",",
      "on",
      "a",
      "mat",
      "[UNK]",
      "[SEP]",
    ]);
    expect(tokenizer.encode("the cat sat on the mat", 4).map((id) => model.vocab[id])).toEqual([
      "[CLS]",
      "the",
      "cat",
      "[SEP]",
    ]);
  });

  it("reads vocab.txt and refuses tokenizers it cannot run", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n##s\n");
    const tokenizer = loadWordPiece({ vocabTxt: join(dir, "vocab.txt") });
    expect(tokenizer.encode("Hellos", 16)).toEqual([2, 4, 5, 3]);
    writeFileSync(join(dir, "tokenizer.json"), JSON.stringify({ model: { type: "BPE", vocab: { a: 0 } } }));
    expect(() => loadWordPiece({ tokenizerJson: join(dir, "tokenizer.json") })).toThrow(/only WordPiece/);
  });
});

describe("ONNX embedder from a local folder", () => {
  it("runs the model batched, mean-pools over real tokens only and normalises", async () => {
    const model = writeTinyOnnxModel(tempDir(), { dimensions: 6 });
    const embedder = await createOnnxEmbedder({ modelDir: model.dir, batchSize: 2 });
    expect(embedder.dimensions).toBe(6);
    expect(embedder.id).toMatch(/^onnx:.+\/mean$/);
    const texts = ["the cat", "a dog sat on the mat", "bird", "the cat"];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(4);
    // Expected: the mean of the table rows of [CLS] + tokens + [SEP], padding excluded.
    const row = (token: string) => {
      const id = model.vocab.indexOf(token);
      return Array.from(model.table.slice(id * 6, id * 6 + 6));
    };
    const expected = unit(
      ["[CLS]", "the", "cat", "[SEP]"].map(row).reduce((sum, r) => sum.map((x, i) => x + (r[i] as number))),
    );
    Array.from(vectors[0] as Float32Array).forEach((x, i) => {
      expect(x).toBeCloseTo(expected[i] as number, 5);
    });
    expect(Array.from(vectors[3] as Float32Array)).toEqual(Array.from(vectors[0] as Float32Array));
  });

  it("takes CLS pooling from the sentence-transformers config and explains a missing folder", async () => {
    const model = writeTinyOnnxModel(tempDir(), { dimensions: 4, pooling: "cls" });
    const embedder = await createOnnxEmbedder({ modelDir: model.dir });
    const [vector] = await embedder.embed(["cat dog"]);
    const cls = Array.from(model.table.slice(2 * 4, 3 * 4));
    Array.from(vector as Float32Array).forEach((x, i) => {
      expect(x).toBeCloseTo(unit(cls)[i] as number, 5);
    });
    await expect(createOnnxEmbedder({ modelDir: join(model.dir, "missing") })).rejects.toThrow(
      /modelDir: .* does not exist/,
    );
    await expect(createOnnxEmbedder({ modelDir: model.dir, modelFile: "nope.onnx" })).rejects.toThrow(
      /no nope.onnx/,
    );
  });

  it("serves a local knowledge base", async () => {
    const model = writeTinyOnnxModel(tempDir(), { dimensions: 8 });
    const embedder = await createOnnxEmbedder({ modelDir: model.dir });
    const kb = openLocalKnowledgeBase({ path: ":memory:", embedder });
    await kb.ingestDocuments(
      [
        { id: "cats", text: "the cat sat on the mat" },
        { id: "birds", text: "a bird flew" },
      ],
      { chunking: { chunkingStrategy: "NONE" } },
    );
    const hits = await kb.search("A bird flew.", { k: 1, type: "SEMANTIC" });
    expect(hits[0]?.documentId).toBe("birds");
    kb.close();
  });
});

describe("word-vector embedder", () => {
  // Three "words" per topic pointing the same way; the common direction [0, 0, 1] is in every vector.
  const words = ["the", "cat", "kitten", "feline", "tax", "filing", "revenue"];
  const rows = [
    [0, 0, 1],
    [1, 0.1, 0.5],
    [0.9, 0.2, 0.5],
    [1, 0, 0.5],
    [0, 1, 0.5],
    [0.1, 0.9, 0.5],
    [0.2, 1, 0.5],
  ];
  const vectors: WordVectors = {
    id: "test-3d",
    dimensions: 3,
    index: new Map(words.map((w, i) => [w, i])),
    data: Float32Array.from(rows.flat()),
  };
  const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

  it("puts related words together, and a fit removes the corpus's common direction", async () => {
    const embedder = createWordVectorEmbedder({ vectors });
    const [cat, kitten, tax] = await embedder.embed(["the cat", "kitten", "tax filing"]);
    expect(cos(cat as Float32Array, kitten as Float32Array)).toBeGreaterThan(
      cos(cat as Float32Array, tax as Float32Array),
    );
    const fitted = embedder.fit(["the cat", "feline", "tax filing", "revenue"]);
    expect(fitted.id).not.toBe(embedder.id);
    expect(fitted.id).toMatch(/\/fit-[0-9a-f]{10}$/);
    const [c2, t2] = await fitted.embed(["cat", "tax"]);
    expect(cos(c2 as Float32Array, t2 as Float32Array)).toBeLessThan(
      cos(cat as Float32Array, tax as Float32Array),
    );
    // A saved centre rebuilds the same embedder (same id, same vectors) in a later process.
    const again = createWordVectorEmbedder({ vectors, center: Array.from(fitted.center ?? []) });
    expect(again.id).toBe(fitted.id);
    expect(Array.from((await again.embed(["cat"]))[0] as Float32Array)).toEqual(
      Array.from(c2 as Float32Array),
    );
    expect(() => createWordVectorEmbedder({ vectors, center: [1, 2] })).toThrow(/center: expected 3 numbers/);
  });

  it("parses wink's JSON format", () => {
    const json = `{"precision":8,"l2NormIndex":2,"wordIndex":3,"size":2,"dimensions":2,"words":["a","b\\"c"],"vectors":{"a":[0.5,-1.25e-1,1,0],"b\\"c":[-2,3.5,4,1]},"unkVector":[0,0,0,-1]}`;
    const parsed = parseWinkVectors(json);
    expect(parsed.dimensions).toBe(2);
    expect([...parsed.index.keys()]).toEqual(["a", 'b"c']);
    expect(Array.from(parsed.data)).toEqual([0.5, -0.125, -2, 3.5]);
    expect(() => parseWinkVectors("{}")).toThrow(/not a wink embeddings file/);
  });
});
