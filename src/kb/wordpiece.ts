import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * The WordPiece tokenizer of BERT-family sentence encoders (MiniLM, BGE, E5, GTE...), read from a model
 * folder's `tokenizer.json` (Hugging Face tokenizers format) or `vocab.txt`: BERT normalisation (lower case,
 * accents stripped, control characters dropped, spaces around CJK), splitting on blanks and punctuation,
 * then greedy longest-match subwords with the `##` prefix.
 */
export interface WordPieceTokenizer {
  /** Token ids with `[CLS]` first and `[SEP]` last, cut to `maxLength` ids. */
  encode(text: string, maxLength: number): number[];
  readonly padId: number;
  readonly vocabularySize: number;
}

const TokenizerJsonSchema = z.object({
  normalizer: z
    .object({
      type: z.string(),
      lowercase: z.boolean().optional(),
      strip_accents: z.boolean().nullable().optional(),
    })
    .passthrough()
    .nullable()
    .optional(),
  model: z
    .object({
      type: z.string(),
      vocab: z.record(z.string(), z.number().int()),
      unk_token: z.string().default("[UNK]"),
      continuing_subword_prefix: z.string().default("##"),
      max_input_chars_per_word: z.number().int().default(100),
    })
    .passthrough(),
});

/** Reads the tokenizer of a model folder (`tokenizer.json`, else `vocab.txt`). */
export function loadWordPiece(
  files: { tokenizerJson?: string; vocabTxt?: string },
  lowercase = true,
): WordPieceTokenizer {
  if (files.tokenizerJson) {
    const parsed = TokenizerJsonSchema.safeParse(JSON.parse(readFileSync(files.tokenizerJson, "utf8")));
    if (!parsed.success) {
      throw new Error(
        `${files.tokenizerJson}: not a tokenizer.json with a model.vocab (${parsed.error.issues[0]?.path.join(".")})`,
      );
    }
    const { model, normalizer } = parsed.data;
    if (model.type !== "WordPiece") {
      throw new Error(
        `${files.tokenizerJson}: model.type is ${model.type}; only WordPiece (BERT-family) tokenizers are supported`,
      );
    }
    return wordPiece(new Map(Object.entries(model.vocab)), {
      lowercase: normalizer?.lowercase ?? lowercase,
      stripAccents: normalizer?.strip_accents ?? normalizer?.lowercase ?? lowercase,
      unk: model.unk_token,
      prefix: model.continuing_subword_prefix,
      maxChars: model.max_input_chars_per_word,
    });
  }
  if (files.vocabTxt) {
    const lines = readFileSync(files.vocabTxt, "utf8").split(/\r?\n/);
    const vocab = new Map<string, number>();
    lines.forEach((token, id) => {
      if (token) vocab.set(token, id);
    });
    return wordPiece(vocab, {
      lowercase,
      stripAccents: lowercase,
      unk: "[UNK]",
      prefix: "##",
      maxChars: 100,
    });
  }
  throw new Error("a WordPiece tokenizer needs tokenizer.json or vocab.txt");
}

interface Settings {
  lowercase: boolean;
  stripAccents: boolean;
  unk: string;
  prefix: string;
  maxChars: number;
}

/** Control and format characters other than blanks, dropped as BERT's `clean_text` does. */
const CONTROL = /(?![\t\n\r])[\p{Cc}\p{Cf}\ufffd]/gu;
const CJK = /([\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\u{20000}-\u{2a6df}])/gu;
/** Words and single punctuation or symbol characters, as BERT's pre-tokenizer splits them. */
const PIECES = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;

function wordPiece(vocab: Map<string, number>, settings: Settings): WordPieceTokenizer {
  const id = (token: string) => {
    const value = vocab.get(token);
    if (value === undefined) throw new Error(`the vocabulary has no ${token} token`);
    return value;
  };
  const cls = id("[CLS]");
  const sep = id("[SEP]");
  const unk = id(settings.unk);
  const padId = vocab.get("[PAD]") ?? 0;
  const cache = new Map<string, number[]>();
  const pieces = (word: string): number[] => {
    const cached = cache.get(word);
    if (cached) return cached;
    let out: number[] = [];
    if (word.length > settings.maxChars) out = [unk];
    else {
      let start = 0;
      while (start < word.length) {
        let end = word.length;
        let found: number | undefined;
        while (start < end) {
          const piece = (start > 0 ? settings.prefix : "") + word.slice(start, end);
          found = vocab.get(piece);
          if (found !== undefined) break;
          end--;
        }
        if (found === undefined) {
          out = [unk];
          break;
        }
        out.push(found);
        start = end;
      }
    }
    if (cache.size < 50_000) cache.set(word, out);
    return out;
  };
  const normalise = (text: string) => {
    let value = text.replace(CONTROL, "").replace(CJK, " $1 ");
    if (settings.lowercase) value = value.toLowerCase();
    if (settings.stripAccents) value = value.normalize("NFD").replace(/\p{M}/gu, "");
    return value;
  };
  return {
    padId,
    vocabularySize: vocab.size,
    encode(text, maxLength) {
      const ids = [cls];
      for (const match of normalise(text).matchAll(PIECES)) {
        for (const piece of pieces(match[0])) {
          if (ids.length >= maxLength - 1) break;
          ids.push(piece);
        }
        if (ids.length >= maxLength - 1) break;
      }
      ids.push(sep);
      return ids;
    },
  };
}
