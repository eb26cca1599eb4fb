import type { Source } from "../../graph/state.ts";
import type { EvaluationResult, Evaluator, TargetOutput } from "../evaluator.ts";
import { claimText, contentTokens, coverage, declines } from "../text.ts";

/** Scores how well an answer is grounded in sources and relevant to the query, each 0–1. */
export type GroundingScorer = (
  answer: string,
  sources: readonly Source[],
  query: string,
) => Promise<{ grounding: number; relevance: number }>;

/**
 * The offline default: grounding is the share of the answer's content words found in the sources;
 * relevance the share of the query's content words the answer addresses. The guardrail engine's
 * contextual-grounding check plugs in through the same signature.
 */
export const tokenOverlapScorer: GroundingScorer = async (answer, sources, query) => {
  const answerTokens = contentTokens(answer);
  return {
    grounding: coverage(answerTokens, contentTokens(sources.map((source) => source.text).join(" "))),
    relevance: coverage(contentTokens(query), [
      ...answerTokens,
      ...contentTokens(sources.map((s) => s.text).join(" ")),
    ]),
  };
};

/** The sources an answer should be grounded in: retrieved passages, else the tool observations. */
export function groundingSources(output: TargetOutput): Source[] {
  if (output.sources?.length) return output.sources;
  return (output.steps ?? []).flatMap((step) =>
    step.kind === "observation" && step.status === "success"
      ? [{ id: step.toolCallId, text: step.content }]
      : [],
  );
}

/**
 * Contextual grounding and relevance (Bedrock Guardrails' contextual grounding check): two results,
 * `grounding` and `relevance`, each passing at its threshold (default 0.7, as Bedrock's recommended).
 * The local model's disclosure note is not scored; an answer that declines has no claims (score null).
 */
export function grounding(
  options: {
    scorer?: GroundingScorer;
    groundingThreshold?: number;
    relevanceThreshold?: number;
    key?: string;
  } = {},
): Evaluator {
  const key = options.key ?? "grounding";
  const scorer = options.scorer ?? tokenOverlapScorer;
  const thresholds = {
    grounding: options.groundingThreshold ?? 0.7,
    relevance: options.relevanceThreshold ?? 0.7,
  };
  return {
    key,
    config: { evaluator: "grounding", scorer: options.scorer ? "custom" : "token_overlap", ...thresholds },
    threshold: Math.min(thresholds.grounding, thresholds.relevance),
    async evaluate(input): Promise<EvaluationResult[]> {
      const sources = groundingSources(input.outputs);
      if (!sources.length) {
        return [{ key, score: null, comment: "no sources or tool results to ground against", metadata: {} }];
      }
      const answer = claimText(input.outputs.answer);
      if (declines(answer)) {
        return [{ key, score: null, comment: "the answer declines: no claims to ground", metadata: {} }];
      }
      const scores = await scorer(answer, sources, input.inputs.input);
      return [
        {
          key,
          score: scores.grounding,
          label: scores.grounding >= thresholds.grounding ? "grounded" : "ungrounded",
          comment: `grounding ${scores.grounding.toFixed(2)} (threshold ${thresholds.grounding})`,
          metadata: { threshold: thresholds.grounding, sources: sources.length },
        },
        {
          key: `${key}_relevance`,
          score: scores.relevance,
          label: scores.relevance >= thresholds.relevance ? "relevant" : "irrelevant",
          comment: `relevance ${scores.relevance.toFixed(2)} (threshold ${thresholds.relevance})`,
          metadata: { threshold: thresholds.relevance },
        },
      ];
    },
  };
}
