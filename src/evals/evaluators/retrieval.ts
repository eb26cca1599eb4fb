import type { Source } from "../../graph/state.ts";
import type { Evaluator, EvaluatorInput } from "../evaluator.ts";
import { claimText, contentTokens, coverage, sentences } from "../text.ts";

type Options = { key?: string; threshold?: number; k?: number };

const SOURCE_URI = "x-amz-bedrock-kb-source-uri";
const CHUNK_ID = "x-amz-bedrock-kb-chunk-id";

/**
 * The ids a reference context may name a source by: its run id (`S1`), its document URI (Bedrock's
 * `x-amz-bedrock-kb-source-uri`, or its S3 / web location), that URI's file name, and its chunk id.
 * Run ids change from run to run; document URIs are the stable choice for datasets.
 */
export function sourceAliases(source: Source): string[] {
  const aliases = [source.id];
  const location = source.location as
    | { s3Location?: { uri?: string }; webLocation?: { url?: string } }
    | undefined;
  const uri = source.metadata?.[SOURCE_URI] ?? location?.s3Location?.uri ?? location?.webLocation?.url;
  if (typeof uri === "string") aliases.push(uri, uri.slice(uri.lastIndexOf("/") + 1));
  const chunk = source.metadata?.[CHUNK_ID];
  if (typeof chunk === "string") aliases.push(chunk);
  return aliases;
}

const referenceIds = (input: EvaluatorInput) =>
  (input.referenceOutputs.contexts ?? []).map((context) => context.id);
/** Per retrieved source (rank order, first k): the reference id it matches, or undefined. */
const retrievedMatches = (input: EvaluatorInput, relevant: Set<string>, k?: number) =>
  (input.outputs.sources ?? [])
    .slice(0, k ?? Number.POSITIVE_INFINITY)
    .map((source) => ({ id: source.id, match: sourceAliases(source).find((alias) => relevant.has(alias)) }));

/**
 * Context precision by ids (Ragas' ID-based precision@K, rank-aware): the mean of precision@k over the
 * ranks k that hold a relevant passage. 0 when nothing was retrieved.
 */
export function contextPrecision(options: Options = {}): Evaluator {
  const key = options.key ?? "context_precision";
  return {
    key,
    config: { evaluator: "context_precision", k: options.k },
    threshold: options.threshold,
    evaluate(input) {
      const relevant = new Set(referenceIds(input));
      if (!relevant.size) return { key, score: null, comment: "no reference contexts", metadata: {} };
      const retrieved = retrievedMatches(input, relevant, options.k);
      let hits = 0;
      let sum = 0;
      retrieved.forEach(({ match }, index) => {
        if (match !== undefined) {
          hits++;
          sum += hits / (index + 1);
        }
      });
      const score = hits ? sum / hits : 0;
      return {
        key,
        score,
        comment: `${hits} of ${retrieved.length} retrieved are relevant`,
        metadata: { retrieved: retrieved.map(({ id, match }) => match ?? id) },
      };
    },
  };
}

/** Context recall by ids: the share of reference contexts that were retrieved. */
export function contextRecall(options: Options = {}): Evaluator {
  const key = options.key ?? "context_recall";
  return {
    key,
    config: { evaluator: "context_recall", k: options.k },
    threshold: options.threshold,
    evaluate(input) {
      const relevant = [...new Set(referenceIds(input))];
      if (!relevant.length) return { key, score: null, comment: "no reference contexts", metadata: {} };
      const retrieved = new Set(
        retrievedMatches(input, new Set(relevant), options.k).map(({ match }) => match),
      );
      const missing = relevant.filter((id) => !retrieved.has(id));
      const score = (relevant.length - missing.length) / relevant.length;
      return {
        key,
        score,
        comment: missing.length ? `missing ${missing.join(", ")}` : "all retrieved",
        metadata: { missing },
      };
    },
  };
}

/** nDCG@k with binary relevance (reference contexts are relevant). */
export function ndcg(options: Options = {}): Evaluator {
  const k = options.k ?? 10;
  const key = options.key ?? `ndcg@${k}`;
  return {
    key,
    config: { evaluator: "ndcg", k },
    threshold: options.threshold,
    evaluate(input) {
      const relevant = new Set(referenceIds(input));
      if (!relevant.size) return { key, score: null, comment: "no reference contexts", metadata: {} };
      const retrieved = retrievedMatches(input, relevant, k);
      let dcg = 0;
      const seen = new Set<string>();
      retrieved.forEach(({ match }, index) => {
        if (match !== undefined && !seen.has(match)) dcg += 1 / Math.log2(index + 2);
        if (match !== undefined) seen.add(match);
      });
      let ideal = 0;
      for (let i = 0; i < Math.min(relevant.size, k); i++) ideal += 1 / Math.log2(i + 2);
      const score = ideal ? dcg / ideal : 0;
      return { key, score, comment: `DCG ${dcg.toFixed(3)} of ideal ${ideal.toFixed(3)}`, metadata: {} };
    },
  };
}

/**
 * Citation precision (Bedrock's `Builtin.CitationPrecision`, by ids): the share of cited passages that
 * were correctly cited, i.e. are reference contexts (or, without references, passages the answer
 * overlaps). 0 when the answer cites nothing.
 */
export function citationPrecision(options: Options = {}): Evaluator {
  const key = options.key ?? "citation_precision";
  return {
    key,
    config: { evaluator: "citation_precision" },
    threshold: options.threshold,
    evaluate(input) {
      const cited = [...new Set(input.outputs.citedIds ?? [])];
      const relevant = new Set(referenceIds(input));
      if (!cited.length && !relevant.size)
        return { key, score: null, comment: "nothing to cite and nothing cited", metadata: {} };
      if (!cited.length) return { key, score: 0, comment: "the answer cites nothing", metadata: {} };
      const answer = contentTokens(input.outputs.answer);
      const byId = new Map((input.outputs.sources ?? []).map((source) => [source.id, source]));
      const isReference = (id: string) => {
        const source = byId.get(id);
        return (source ? sourceAliases(source) : [id]).some((alias) => relevant.has(alias));
      };
      const correct = cited.filter((id) =>
        relevant.size ? isReference(id) : coverage(contentTokens(byId.get(id)?.text ?? ""), answer) > 0.2,
      );
      return {
        key,
        score: correct.length / cited.length,
        comment: `${correct.length} of ${cited.length} citations correct`,
        metadata: { wrong: cited.filter((id) => !correct.includes(id)) },
      };
    },
  };
}

/**
 * Citation coverage (Bedrock's `Builtin.CitationCoverage`, without a model): the share of answer sentences
 * whose content words are mostly (≥ `support`, default 0.5) found in the cited passages' text. With no
 * passage texts, the share of reference contexts that are cited.
 */
export function citationCoverage(options: Options & { support?: number } = {}): Evaluator {
  const key = options.key ?? "citation_coverage";
  const support = options.support ?? 0.5;
  return {
    key,
    config: { evaluator: "citation_coverage", support },
    threshold: options.threshold,
    evaluate(input) {
      const cited = new Set(input.outputs.citedIds ?? []);
      const texts = (input.outputs.sources ?? [])
        .filter((source) => cited.has(source.id))
        .map((source) => source.text);
      if (!texts.length) {
        const relevant = referenceIds(input);
        if (!relevant.length && !cited.size)
          return { key, score: null, comment: "nothing to cite and nothing cited", metadata: {} };
        if (!relevant.length) return { key, score: 1, comment: "no cited text, no references", metadata: {} };
        const covered = relevant.filter((id) => cited.has(id)).length;
        return {
          key,
          score: covered / relevant.length,
          comment: `${covered} of ${relevant.length} references cited`,
          metadata: {},
        };
      }
      const pool = contentTokens(texts.join(" "));
      const parts = sentences(claimText(input.outputs.answer));
      if (!parts.length) return { key, score: 0, comment: "empty answer", metadata: {} };
      const unsupported = parts.filter((sentence) => coverage(contentTokens(sentence), pool) < support);
      return {
        key,
        score: (parts.length - unsupported.length) / parts.length,
        comment: unsupported.length
          ? `${unsupported.length} of ${parts.length} sentences lack a supporting citation`
          : "every sentence supported",
        metadata: { unsupported },
      };
    },
  };
}
