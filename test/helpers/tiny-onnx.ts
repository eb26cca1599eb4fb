/**
 * Builds a tiny ONNX sentence-encoder file for tests, with a hand-written protobuf encoder (no ONNX
 * library needed): `last_hidden_state = Gather(embeddings, input_ids)`, inputs `input_ids`,
 * `attention_mask` and `token_type_ids` (int64, [batch, sequence]) as a BERT export has them, plus a
 * WordPiece `tokenizer.json`, `config.json` and a sentence-transformers pooling config. The embedding
 * table is deterministic, so a test can compute the expected vectors itself.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function varint(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

type Field = [number, "varint", number | bigint] | [number, "bytes", Uint8Array | string | number[]];

function message(fields: Field[]): number[] {
  const out: number[] = [];
  for (const [number, kind, value] of fields) {
    if (kind === "varint") {
      out.push(...varint((number << 3) | 0), ...varint(value as number));
    } else {
      const bytes =
        typeof value === "string" ? [...Buffer.from(value, "utf8")] : Array.from(value as ArrayLike<number>);
      out.push(...varint((number << 3) | 2), ...varint(bytes.length), ...bytes);
    }
  }
  return out;
}

const INT64 = 7;
const FLOAT = 1;

function tensorType(elemType: number, dims: Array<number | string>): number[] {
  const shape = message(
    dims.map(
      (d): Field => [
        1,
        "bytes",
        typeof d === "number" ? message([[1, "varint", d]]) : message([[2, "bytes", d]]),
      ],
    ),
  );
  return message([
    [
      1,
      "bytes",
      message([
        [1, "varint", elemType],
        [2, "bytes", shape],
      ]),
    ],
  ]);
}

const valueInfo = (name: string, type: number[]) =>
  message([
    [1, "bytes", name],
    [2, "bytes", type],
  ]);

export interface TinyModel {
  dir: string;
  vocab: string[];
  /** The embedding table, `vocab.length × dimensions`, row-major. */
  table: Float32Array;
  dimensions: number;
}

/** Writes the model folder and returns what a test needs to check the embedder's output. */
export function writeTinyOnnxModel(
  dir: string,
  options: { dimensions?: number; pooling?: "mean" | "cls" } = {},
): TinyModel {
  const dimensions = options.dimensions ?? 8;
  const vocab = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "the",
    "cat",
    "dog",
    "sat",
    "on",
    "mat",
    "a",
    "bird",
    "flew",
    "##s",
    "##ing",
    "run",
    "kb",
    "search",
    ".",
    ",",
  ];
  const table = new Float32Array(vocab.length * dimensions);
  for (let i = 0; i < table.length; i++) table[i] = Math.sin(i * 1.7 + 0.3) + ((i % 7) - 3) / 10;
  const initializer = message([
    [1, "varint", vocab.length],
    [1, "varint", dimensions],
    [2, "varint", FLOAT],
    [8, "bytes", "embeddings"],
    [9, "bytes", new Uint8Array(table.buffer)],
  ]);
  const node = message([
    [1, "bytes", "embeddings"],
    [1, "bytes", "input_ids"],
    [2, "bytes", "last_hidden_state"],
    [3, "bytes", "gather"],
    [4, "bytes", "Gather"],
  ]);
  const graph = message([
    [1, "bytes", node],
    [2, "bytes", "tiny-encoder"],
    [5, "bytes", initializer],
    [11, "bytes", valueInfo("input_ids", tensorType(INT64, ["batch", "sequence"]))],
    [11, "bytes", valueInfo("attention_mask", tensorType(INT64, ["batch", "sequence"]))],
    [11, "bytes", valueInfo("token_type_ids", tensorType(INT64, ["batch", "sequence"]))],
    [12, "bytes", valueInfo("last_hidden_state", tensorType(FLOAT, ["batch", "sequence", dimensions]))],
  ]);
  const model = message([
    [1, "varint", 8],
    [2, "bytes", "glassbox-test"],
    [7, "bytes", graph],
    [8, "bytes", message([[2, "varint", 13]])],
  ]);
  mkdirSync(join(dir, "onnx"), { recursive: true });
  mkdirSync(join(dir, "1_Pooling"), { recursive: true });
  writeFileSync(join(dir, "onnx", "model.onnx"), Buffer.from(model));
  writeFileSync(
    join(dir, "tokenizer.json"),
    JSON.stringify({
      normalizer: { type: "BertNormalizer", lowercase: true, strip_accents: null, clean_text: true },
      pre_tokenizer: { type: "BertPreTokenizer" },
      model: {
        type: "WordPiece",
        unk_token: "[UNK]",
        continuing_subword_prefix: "##",
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocab.map((token, id) => [token, id])),
      },
    }),
  );
  writeFileSync(join(dir, "config.json"), JSON.stringify({ hidden_size: dimensions, model_type: "bert" }));
  writeFileSync(
    join(dir, "1_Pooling", "config.json"),
    JSON.stringify({
      word_embedding_dimension: dimensions,
      pooling_mode_cls_token: options.pooling === "cls",
      pooling_mode_mean_tokens: options.pooling !== "cls",
    }),
  );
  return { dir, vocab, table, dimensions };
}
