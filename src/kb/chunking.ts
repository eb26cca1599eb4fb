import { z } from "zod";
import type { Embedder } from "./embedder.ts";
import { countTokens, splitSentences, tokenSpans } from "./tokens.ts";

const MaxTokens = z.number().int().min(1).max(8192);

/**
 * Bedrock's `vectorIngestionConfiguration.chunkingConfiguration`, field for field (CreateDataSource).
 * Omit it for the default: about 300 tokens per chunk, honouring sentence boundaries.
 */
export const ChunkingConfigurationSchema = z
  .object({
    chunkingStrategy: z.enum(["FIXED_SIZE", "NONE", "HIERARCHICAL", "SEMANTIC"]),
    fixedSizeChunkingConfiguration: z
      .object({ maxTokens: MaxTokens, overlapPercentage: z.number().int().min(1).max(99) })
      .strict()
      .optional(),
    hierarchicalChunkingConfiguration: z
      .object({
        levelConfigurations: z
          .array(z.object({ maxTokens: MaxTokens }).strict())
          .length(2, "needs exactly 2 levels: [parent, child]"),
        overlapTokens: z.number().int().min(1),
      })
      .strict()
      .optional(),
    semanticChunkingConfiguration: z
      .object({
        maxTokens: MaxTokens,
        bufferSize: z.number().int().min(0).max(1),
        breakpointPercentileThreshold: z.number().int().min(50).max(99),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const needs = {
      FIXED_SIZE: "fixedSizeChunkingConfiguration",
      HIERARCHICAL: "hierarchicalChunkingConfiguration",
      SEMANTIC: "semanticChunkingConfiguration",
      NONE: undefined,
    } as const;
    const field = needs[config.chunkingStrategy];
    if (field && !config[field]) {
      ctx.addIssue({
        code: "custom",
        path: [field],
        message: `${config.chunkingStrategy} chunking needs ${field}`,
      });
    }
  });
export type ChunkingConfiguration = z.infer<typeof ChunkingConfigurationSchema>;

/** The default chunking: about 300 tokens with 20% overlap, cut at sentence ends. */
export const DEFAULT_CHUNKING: ChunkingConfiguration = {
  chunkingStrategy: "FIXED_SIZE",
  fixedSizeChunkingConfiguration: { maxTokens: 300, overlapPercentage: 20 },
};

/** Chunks of one text. With HIERARCHICAL, `parents` holds the parent chunks and each chunk names its parent. */
export interface ChunkPlan {
  chunks: Array<{ text: string; parent?: number }>;
  parents: string[];
}

/** Cuts a text into chunks the way the configuration says. SEMANTIC chunking needs an embedder. */
export async function chunkText(
  text: string,
  config: ChunkingConfiguration = DEFAULT_CHUNKING,
  embedder?: Embedder,
): Promise<ChunkPlan> {
  const trimmed = text.trim();
  if (!trimmed) return { chunks: [], parents: [] };
  switch (config.chunkingStrategy) {
    case "NONE":
      return { chunks: [{ text: trimmed }], parents: [] };
    case "FIXED_SIZE": {
      const { maxTokens, overlapPercentage } = config.fixedSizeChunkingConfiguration ?? {
        maxTokens: 300,
        overlapPercentage: 20,
      };
      const overlap = Math.floor((maxTokens * overlapPercentage) / 100);
      return {
        chunks: pack(splitSentences(trimmed), maxTokens, overlap).map((t) => ({ text: t })),
        parents: [],
      };
    }
    case "HIERARCHICAL": {
      const { levelConfigurations, overlapTokens } = config.hierarchicalChunkingConfiguration ?? {
        levelConfigurations: [{ maxTokens: 1500 }, { maxTokens: 300 }],
        overlapTokens: 60,
      };
      const [parentLevel, childLevel] = levelConfigurations as [{ maxTokens: number }, { maxTokens: number }];
      const parents = pack(splitSentences(trimmed), parentLevel.maxTokens, overlapTokens);
      const chunks = parents.flatMap((parent, index) =>
        pack(splitSentences(parent), childLevel.maxTokens, overlapTokens).map((t) => ({
          text: t,
          parent: index,
        })),
      );
      return { chunks, parents };
    }
    case "SEMANTIC": {
      if (!embedder) throw new Error("SEMANTIC chunking needs an embedder");
      const settings = config.semanticChunkingConfiguration ?? {
        maxTokens: 300,
        bufferSize: 0,
        breakpointPercentileThreshold: 95,
      };
      const groups = await semanticGroups(splitSentences(trimmed), settings, embedder);
      return {
        chunks: groups.flatMap((group) => pack(group, settings.maxTokens, 0)).map((t) => ({ text: t })),
        parents: [],
      };
    }
  }
}

/**
 * Semantic breakpoints: each sentence is embedded (with `bufferSize` neighbours on each side), and the
 * text is cut between the least similar neighbours. With threshold p and n pairs, the n·(100−p)/100
 * largest distances are cuts: 101 sentences at 90 give 10 cuts and 11 groups, as in Bedrock's docs.
 */
export async function semanticGroups(
  sentences: string[],
  settings: { bufferSize: number; breakpointPercentileThreshold: number },
  embedder: Embedder,
): Promise<string[][]> {
  if (sentences.length < 2) return [sentences];
  const windows = sentences.map((_, i) =>
    sentences.slice(Math.max(0, i - settings.bufferSize), i + settings.bufferSize + 1).join(" "),
  );
  const vectors = await embedder.embed(windows);
  const distances: number[] = [];
  for (let i = 0; i + 1 < vectors.length; i++) {
    distances.push(1 - cosine(vectors[i] as Float32Array, vectors[i + 1] as Float32Array));
  }
  const cuts = Math.round((distances.length * (100 - settings.breakpointPercentileThreshold)) / 100);
  const order = distances.map((d, i) => [d, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const cutAfter = new Set(order.slice(0, cuts).map(([, i]) => i));
  const groups: string[][] = [[]];
  sentences.forEach((sentence, i) => {
    (groups.at(-1) as string[]).push(sentence);
    if (cutAfter.has(i)) groups.push([]);
  });
  return groups.filter((group) => group.length);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Packs sentences into chunks of at most `maxTokens`, never cutting a sentence unless it alone is too
 * long (then it is cut at token boundaries). A new chunk starts with the previous chunk's last sentences
 * up to `overlapTokens`.
 */
export function pack(sentences: string[], maxTokens: number, overlapTokens: number): string[] {
  const pieces = sentences.flatMap((sentence) => splitLong(sentence, maxTokens));
  const chunks: string[] = [];
  let current: Array<{ text: string; tokens: number }> = [];
  let size = 0;
  for (const text of pieces) {
    const tokens = countTokens(text);
    if (current.length && size + tokens > maxTokens) {
      chunks.push(current.map((piece) => piece.text).join(" "));
      const carried: typeof current = [];
      let carriedSize = 0;
      for (let i = current.length - 1; i >= 0; i--) {
        const piece = current[i] as { text: string; tokens: number };
        if (carriedSize + piece.tokens > overlapTokens || carriedSize + piece.tokens + tokens > maxTokens)
          break;
        carried.unshift(piece);
        carriedSize += piece.tokens;
      }
      current = carried;
      size = carriedSize;
    }
    current.push({ text, tokens });
    size += tokens;
  }
  if (current.length) chunks.push(current.map((piece) => piece.text).join(" "));
  return chunks;
}

function splitLong(sentence: string, maxTokens: number): string[] {
  const spans = tokenSpans(sentence);
  if (spans.length <= maxTokens) return [sentence];
  const parts: string[] = [];
  for (let i = 0; i < spans.length; i += maxTokens) {
    const start = (spans[i] as [number, number])[0];
    const end = (spans[Math.min(i + maxTokens, spans.length) - 1] as [number, number])[1];
    parts.push(sentence.slice(start, end));
  }
  return parts;
}
