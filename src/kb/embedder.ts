import { type BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { z } from "zod";
import { analyze } from "./analyzer.ts";

/** Turns texts into vectors. The id is stored with a knowledge base, so vectors are never mixed. */
export interface Embedder {
  /** E.g. `hashing-256` or `amazon.titan-embed-text-v2:0/1024`. */
  readonly id: string;
  readonly dimensions: number;
  /**
   * The weight hybrid search gives this embedder's list by default (BM25 gets the rest), chosen per embedder
   * on the CISI tuning queries (bench/retrieval-quality.ts): a model embedder leaves it unset (0.5); the
   * GloVe word-vector embedder uses 0.3; the hashing embedder, which knows only words and lowers BM25's
   * nDCG at every weight tried, uses 0, so HYBRID with it ranks as BM25 does.
   */
  readonly hybridWeight?: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

function fnv1a(text: string, seed: number): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A deterministic offline embedder by feature hashing: each analysed term (and each pair of adjacent
 * terms) adds a signed weight to one of `dimensions` buckets, and the vector is L2-normalised. It knows
 * no meaning beyond shared words: it exists so that vector search, SEMANTIC chunking and hybrid fusion
 * run offline and in tests. It is not a language model.
 */
export function createHashingEmbedder(dimensions = 1024): Embedder {
  const embedOne = (text: string): Float32Array => {
    const vector = new Float32Array(dimensions);
    const terms = analyze(text);
    const counts = new Map<string, number>();
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i] as string;
      counts.set(term, (counts.get(term) ?? 0) + 1);
      if (i + 1 < terms.length) {
        const pair = `${term} ${terms[i + 1]}`;
        counts.set(pair, (counts.get(pair) ?? 0) + 0.5);
      }
    }
    for (const [feature, count] of counts) {
      const hash = fnv1a(feature, 0);
      // The low bits pick the bucket, the top bit the sign (dimensions are far below 2^31).
      const index = (hash & 0x7fffffff) % dimensions;
      const sign = hash >>> 31 ? -1 : 1;
      const weight = count >= 1 ? 1 + Math.log(count) : count;
      vector[index] = (vector[index] as number) + sign * weight;
    }
    return normalize(vector);
  };
  return {
    id: `hashing-${dimensions}`,
    dimensions,
    hybridWeight: 0,
    async embed(texts) {
      return texts.map(embedOne);
    },
  };
}

/** Scales a vector to unit length (a zero vector stays zero). */
export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += (vector[i] as number) ** 2;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) * scale;
  }
  return vector;
}

const TitanResponseSchema = z.object({ embedding: z.array(z.number()) });

/** The Titan Text Embeddings V2 model id. */
export const TITAN_EMBED_V2 = "amazon.titan-embed-text-v2:0";

/**
 * Amazon Titan Text Embeddings V2 through `InvokeModel` (one text per call, as the model takes it),
 * normalised vectors of 256, 512 or 1024 dimensions.
 */
export function createTitanEmbedder(options: {
  client: BedrockRuntimeClient;
  dimensions?: 256 | 512 | 1024;
  modelId?: string;
  concurrency?: number;
}): Embedder {
  const dimensions = options.dimensions ?? 1024;
  const modelId = options.modelId ?? TITAN_EMBED_V2;
  const embedOne = async (text: string): Promise<Float32Array> => {
    const response = await options.client.send(
      new InvokeModelCommand({
        modelId,
        contentType: "application/json",
        accept: "application/json",
        body: JSON.stringify({ inputText: text, dimensions, normalize: true }),
      }),
    );
    const parsed = TitanResponseSchema.safeParse(JSON.parse(new TextDecoder().decode(response.body)));
    if (!parsed.success) throw new Error(`${modelId} returned no "embedding" array`);
    if (parsed.data.embedding.length !== dimensions) {
      throw new Error(
        `${modelId} returned ${parsed.data.embedding.length} dimensions, expected ${dimensions}`,
      );
    }
    return Float32Array.from(parsed.data.embedding);
  };
  return {
    id: `${modelId}/${dimensions}`,
    dimensions,
    async embed(texts) {
      const out: Float32Array[] = new Array(texts.length);
      let next = 0;
      const worker = async () => {
        while (next < texts.length) {
          const index = next++;
          out[index] = await embedOne(texts[index] as string);
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, texts.length) }, worker));
      return out;
    },
  };
}
