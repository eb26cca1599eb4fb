import type { Span } from "@opentelemetry/api";
import type { EvaluationResult } from "./evaluator.ts";
import { numericScore } from "./evaluator.ts";

/** The GenAI semantic conventions' evaluation event and its attributes. */
export const EVALUATION_EVENT = "gen_ai.evaluation.result";
export const EVALUATION_ATTR = {
  name: "gen_ai.evaluation.name",
  scoreValue: "gen_ai.evaluation.score.value",
  scoreLabel: "gen_ai.evaluation.score.label",
  explanation: "gen_ai.evaluation.explanation",
} as const;

/**
 * Adds one `gen_ai.evaluation.result` event per result to the span of the evaluated run (the case span,
 * parent of the agent's `invoke_agent` span). Scores that do not apply are recorded without a value.
 */
export function recordEvaluations(span: Span, results: readonly EvaluationResult[]): void {
  for (const result of results) {
    const value = numericScore(result.score);
    span.addEvent(EVALUATION_EVENT, {
      [EVALUATION_ATTR.name]: result.key,
      ...(value !== undefined ? { [EVALUATION_ATTR.scoreValue]: value } : {}),
      ...(result.label
        ? { [EVALUATION_ATTR.scoreLabel]: result.label }
        : typeof result.score === "boolean"
          ? { [EVALUATION_ATTR.scoreLabel]: result.score ? "pass" : "fail" }
          : {}),
      [EVALUATION_ATTR.explanation]: result.comment,
    });
  }
}
