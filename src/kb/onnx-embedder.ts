import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { z } from "zod";
import { type Embedder, normalize } from "./embedder.ts";
import { loadWordPiece } from "./wordpiece.ts";

/** Options of {@link createOnnxEmbedder}. */
export const OnnxEmbedderOptionsSchema = z.object({
  /** A model folder as Hugging Face publishes it: `onnx/model.onnx` (or `model.onnx`), `tokenizer.json` or `vocab.txt`. */
  modelDir: z.string().min(1),
  /** The ONNX file inside the folder; default `onnx/model.onnx`, else `model.onnx`. */
  modelFile: z.string().min(1).optional(),
  /** Default from `1_Pooling/config.json` (sentence-transformers), else mean. */
  pooling: z.enum(["mean", "cls"]).optional(),
  /** Longest input in tokens, `[CLS]` and `[SEP]` included; default 256. */
  maxLength: z.number().int().min(8).max(8192).default(256),
  /** Texts per inference call; default 16. */
  batchSize: z.number().int().min(1).max(1024).default(16),
  /** Put before every text, for models trained with one (E5: `"query: "`). */
  prefix: z.string().default(""),
  /** Stored with a knowledge base; default `onnx:<folder name>/<pooling>`. */
  id: z.string().min(1).optional(),
  /** Threads of the WASM runtime; default 1 (the machine's other work keeps its cores). */
  threads: z.number().int().min(1).max(64).default(1),
  /** Hybrid search weight of the vector list; default 0.5. */
  hybridWeight: z.number().min(0).max(1).default(0.5),
});
export type OnnxEmbedderOptions = z.input<typeof OnnxEmbedderOptionsSchema>;

const PoolingConfigSchema = z
  .object({
    pooling_mode_cls_token: z.boolean().optional(),
    pooling_mode_mean_tokens: z.boolean().optional(),
  })
  .passthrough();

interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}
interface OrtModule {
  env: { wasm: { numThreads?: number } };
  Tensor: new (type: "int64", data: BigInt64Array, dims: number[]) => OrtTensor;
  InferenceSession: {
    create(path: string): Promise<{
      inputNames: readonly string[];
      outputNames: readonly string[];
      run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
    }>;
  };
}

async function loadRuntime(): Promise<OrtModule> {
  try {
    return (await import("onnxruntime-web")) as unknown as OrtModule;
  } catch (error) {
    throw new Error(
      `createOnnxEmbedder needs the onnxruntime-web package (npm install onnxruntime-web@1.22.0): ${(error as Error).message}`,
    );
  }
}

/**
 * A sentence-embedding model from a local folder, run on the CPU with ONNX Runtime (WASM build, nothing is
 * downloaded): WordPiece tokenizer, batched inference with padding and attention masks, mean or CLS
 * pooling over the `last_hidden_state` output (or a model's own pooled `sentence_embedding`), L2
 * normalisation. Works with BERT-family encoders exported to ONNX, e.g. all-MiniLM-L6-v2, bge-small-en-v1.5,
 * e5-small-v2 (see docs/knowledge-bases.md for how to get the files into a machine without internet).
 *
 * @example
 * const embedder = await createOnnxEmbedder({ modelDir: "/models/all-MiniLM-L6-v2" });
 * const kb = openLocalKnowledgeBase({ path: "kb.sqlite", embedder });
 */
export async function createOnnxEmbedder(input: OnnxEmbedderOptions): Promise<Embedder> {
  const options = OnnxEmbedderOptionsSchema.parse(input);
  const dir = resolve(options.modelDir);
  if (!existsSync(dir)) throw new Error(`modelDir: ${dir} does not exist`);
  const modelPath = options.modelFile
    ? join(dir, options.modelFile)
    : [join(dir, "onnx", "model.onnx"), join(dir, "model.onnx")].find((path) => existsSync(path));
  if (!modelPath || !existsSync(modelPath)) {
    throw new Error(`modelDir: no ${options.modelFile ?? "onnx/model.onnx or model.onnx"} in ${dir}`);
  }
  const tokenizerJson = join(dir, "tokenizer.json");
  const vocabTxt = join(dir, "vocab.txt");
  const tokenizer = loadWordPiece({
    ...(existsSync(tokenizerJson) ? { tokenizerJson } : {}),
    ...(existsSync(vocabTxt) ? { vocabTxt } : {}),
  });
  const pooling = options.pooling ?? poolingOf(dir);
  const ort = await loadRuntime();
  ort.env.wasm.numThreads = options.threads;
  const session = await ort.InferenceSession.create(modelPath);
  const output = session.outputNames.includes("sentence_embedding")
    ? "sentence_embedding"
    : session.outputNames.includes("last_hidden_state")
      ? "last_hidden_state"
      : session.outputNames[0];
  if (!output) throw new Error(`${modelPath}: the model has no outputs`);
  if (!session.inputNames.includes("input_ids")) {
    throw new Error(
      `${modelPath}: expected an input named input_ids, found ${session.inputNames.join(", ")}`,
    );
  }
  const dimensions = await probeDimensions();

  async function run(texts: string[]): Promise<Float32Array[]> {
    const encoded = texts.map((text) => tokenizer.encode(options.prefix + text, options.maxLength));
    const length = Math.max(...encoded.map((ids) => ids.length));
    const ids = new BigInt64Array(texts.length * length).fill(BigInt(tokenizer.padId));
    const mask = new BigInt64Array(texts.length * length);
    encoded.forEach((row, r) => {
      row.forEach((id, c) => {
        ids[r * length + c] = BigInt(id);
        mask[r * length + c] = 1n;
      });
    });
    const dims = [texts.length, length];
    const feeds: Record<string, OrtTensor> = { input_ids: new ort.Tensor("int64", ids, dims) };
    if (session.inputNames.includes("attention_mask"))
      feeds.attention_mask = new ort.Tensor("int64", mask, dims);
    if (session.inputNames.includes("token_type_ids")) {
      feeds.token_type_ids = new ort.Tensor("int64", new BigInt64Array(ids.length), dims);
    }
    const result = (await session.run(feeds))[output as string];
    if (!result) throw new Error(`${modelPath}: no ${output} in the model's results`);
    const data = result.data as Float32Array;
    if (result.dims.length === 2) {
      const width = result.dims[1] as number;
      return texts.map((_, r) => normalize(data.slice(r * width, (r + 1) * width)));
    }
    const width = result.dims[2] as number;
    return encoded.map((row, r) => {
      const vector = new Float32Array(width);
      const tokens = pooling === "cls" ? 1 : row.length;
      for (let t = 0; t < tokens; t++) {
        const offset = (r * length + t) * width;
        for (let d = 0; d < width; d++) vector[d] = (vector[d] as number) + (data[offset + d] as number);
      }
      return normalize(vector);
    });
  }

  async function probeDimensions(): Promise<number> {
    const [vector] = await run(["dimension probe"]);
    return vector?.length ?? 0;
  }

  return {
    id: options.id ?? `onnx:${basename(dir)}/${pooling}`,
    dimensions,
    hybridWeight: options.hybridWeight,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += options.batchSize) {
        out.push(...(await run(texts.slice(i, i + options.batchSize))));
      }
      return out;
    },
  };
}

/** Pooling from a sentence-transformers `1_Pooling/config.json`; mean when there is none. */
function poolingOf(dir: string): "mean" | "cls" {
  const path = join(dir, "1_Pooling", "config.json");
  if (!existsSync(path)) return "mean";
  const config = PoolingConfigSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  return config.success && config.data.pooling_mode_cls_token && !config.data.pooling_mode_mean_tokens
    ? "cls"
    : "mean";
}
