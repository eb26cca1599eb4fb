import { z } from "zod";
import { ConfigError } from "../../config/config-error.ts";
import { compileSafeRegex } from "../../text/safe-regex.ts";
import type { EvaluationResult, Evaluator, EvaluatorInput } from "../evaluator.ts";
import { counts, normalizeAnswer, tokens } from "../text.ts";

type Options = { key?: string; threshold?: number };

function reference(input: EvaluatorInput, value: string | undefined): string | undefined {
  return value ?? input.referenceOutputs.answer;
}

function notApplicable(key: string, why: string): EvaluationResult {
  return { key, score: null, comment: why, metadata: {} };
}

/** Output equals the reference (or `value`); `normalize` compares SQuAD-normalised text. */
export function exactMatch(options: Options & { value?: string; normalize?: boolean } = {}): Evaluator {
  const key = options.key ?? "exact_match";
  return {
    key,
    config: { evaluator: "exact_match", ...options },
    evaluate(input) {
      const expected = reference(input, options.value);
      if (expected === undefined) return notApplicable(key, "no expected answer");
      const prep = options.normalize ? normalizeAnswer : (text: string) => text.trim();
      const score = prep(input.outputs.answer) === prep(expected);
      return { key, score, comment: score ? "equal" : `expected "${expected}"`, metadata: {} };
    },
  };
}

/** Output contains the reference (or each of `values`, or any with `any`). */
export function contains(
  options: Options & { values?: string[]; any?: boolean; caseSensitive?: boolean } = {},
): Evaluator {
  const key = options.key ?? "contains";
  return {
    key,
    config: { evaluator: "contains", ...options },
    evaluate(input) {
      const needles =
        options.values ?? (input.referenceOutputs.answer ? [input.referenceOutputs.answer] : []);
      if (!needles.length) return notApplicable(key, "no expected answer");
      const fold = (text: string) => (options.caseSensitive ? text : text.toLowerCase());
      const haystack = fold(input.outputs.answer);
      const missing = needles.filter((needle) => !haystack.includes(fold(needle)));
      const score = options.any ? missing.length < needles.length : missing.length === 0;
      return {
        key,
        score,
        comment: score ? "found" : `missing ${missing.map((m) => `"${m}"`).join(", ")}`,
        metadata: { missing },
      };
    },
  };
}

/**
 * Output matches a regular expression. The pattern runs on RE2, as custom guardrail regexes do: linear
 * in the answer's length, so a suite's pattern cannot hang the run; lookaround and backreferences are a
 * ConfigError saying so. `flags` takes `i`, `m` and `s` (`u` and `g` are accepted and change nothing).
 */
export function regexMatch(options: Options & { pattern: string; flags?: string }): Evaluator {
  const key = options.key ?? "regex";
  let pattern: ReturnType<typeof compileSafeRegex>;
  try {
    pattern = compileSafeRegex(options.pattern, options.flags);
  } catch (error) {
    const field = /^flag /.test((error as Error).message) ? "flags" : "pattern";
    throw new ConfigError(`regex evaluator: ${field}: ${(error as Error).message}`);
  }
  return {
    key,
    config: { evaluator: "regex", ...options },
    evaluate(input) {
      const score = pattern.matcher(input.outputs.answer).find();
      return {
        key,
        score,
        comment: score ? `matches /${options.pattern}/` : `does not match /${options.pattern}/`,
        metadata: {},
      };
    },
  };
}

/** Output is JSON (the first {...} or [...] block) that satisfies a JSON Schema. */
export function jsonSchema(options: Options & { schema: Record<string, unknown> }): Evaluator {
  const key = options.key ?? "json_schema";
  let validator: z.ZodType;
  try {
    validator = z.fromJSONSchema(options.schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new ConfigError(`json_schema evaluator: schema: ${(error as Error).message}`);
  }
  return {
    key,
    config: { evaluator: "json_schema", ...options },
    evaluate(input) {
      const text = extractJson(input.outputs.answer);
      if (text === undefined) return { key, score: false, comment: "no JSON in the output", metadata: {} };
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return { key, score: false, comment: `invalid JSON: ${(error as Error).message}`, metadata: {} };
      }
      const parsed = validator.safeParse(value);
      if (parsed.success) return { key, score: true, comment: "valid", metadata: {} };
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`,
      );
      return { key, score: false, comment: issues.join("; "), metadata: { issues } };
    },
  };
}

function extractJson(text: string): string | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  if (fenced?.[1]) return fenced[1].trim();
  const start = text.search(/[{[]/);
  if (start < 0) return undefined;
  const close = text[start] === "{" ? "}" : "]";
  const end = text.lastIndexOf(close);
  return end > start ? text.slice(start, end + 1) : undefined;
}

/** SQuAD token F1 between `prediction` and `reference` (normalised tokens, multiset overlap). */
export function tokenF1(
  prediction: string,
  reference: string,
): { f1: number; precision: number; recall: number } {
  const predicted = tokens(prediction);
  const expected = tokens(reference);
  if (!predicted.length || !expected.length) {
    const same = predicted.length === expected.length ? 1 : 0;
    return { f1: same, precision: same, recall: same };
  }
  const pool = counts(expected);
  let common = 0;
  for (const token of predicted) {
    const left = pool.get(token) ?? 0;
    if (left > 0) {
      common++;
      pool.set(token, left - 1);
    }
  }
  if (!common) return { f1: 0, precision: 0, recall: 0 };
  const precision = common / predicted.length;
  const recall = common / expected.length;
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall };
}

/** Longest common subsequence length of two token lists. */
function lcs(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      current[j] =
        x === b[j - 1] ? (previous[j - 1] ?? 0) + 1 : Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** ROUGE-L F-measure over normalised tokens. */
export function rougeL(prediction: string, reference: string): number {
  const a = tokens(prediction);
  const b = tokens(reference);
  if (!a.length || !b.length) return a.length === b.length ? 1 : 0;
  const common = lcs(a, b);
  if (!common) return 0;
  const precision = common / a.length;
  const recall = common / b.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Levenshtein edit distance (characters). */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function similarity(
  name: string,
  defaultKey: string,
  score: (prediction: string, reference: string) => { score: number; metadata?: Record<string, unknown> },
) {
  return (options: Options = {}): Evaluator => {
    const key = options.key ?? defaultKey;
    return {
      key,
      config: { evaluator: name, ...options },
      threshold: options.threshold,
      evaluate(input) {
        const expected = input.referenceOutputs.answer;
        if (expected === undefined) return notApplicable(key, "no expected answer");
        const result = score(input.outputs.answer, expected);
        return {
          key,
          score: result.score,
          comment: `${result.score.toFixed(3)} against "${expected}"`,
          metadata: result.metadata ?? {},
        };
      },
    };
  };
}

/** SQuAD token F1 against the expected answer (fmeval's QA accuracy F1). */
export const squadF1 = similarity("token_f1", "token_f1", (prediction, reference) => {
  const { f1, precision, recall } = tokenF1(prediction, reference);
  return { score: f1, metadata: { precision, recall } };
});

/** ROUGE-L F-measure against the expected answer. */
export const rougeLScore = similarity("rouge_l", "rouge_l", (prediction, reference) => ({
  score: rougeL(prediction, reference),
}));

/** 1 − normalised Levenshtein distance against the expected answer (openevals' levenshtein_distance). */
export const levenshteinSimilarity = similarity("levenshtein", "levenshtein", (prediction, reference) => {
  const a = prediction.trim();
  const b = reference.trim();
  const distance = levenshtein(a, b);
  const longest = Math.max(a.length, b.length);
  return { score: longest ? 1 - distance / longest : 1, metadata: { distance } };
});
