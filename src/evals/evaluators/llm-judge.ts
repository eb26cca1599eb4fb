import { ConfigError } from "../../config/config-error.ts";
import type { EvaluationResult, Evaluator } from "../evaluator.ts";
import { findRubric, RUBRICS, type Rubric, rubricKey } from "../judge/rubrics.ts";
import { groundingSources } from "./grounding.ts";

/**
 * LLM-as-judge with a Bedrock-named rubric (`Correctness`, `Builtin.Faithfulness`, ...) or your own. The
 * judge (model or offline) is chosen per run; its usage and cost land in the result's metadata.
 */
export function llmJudge(options: { rubric: string | Rubric; key?: string; threshold?: number }): Evaluator {
  const rubric = typeof options.rubric === "string" ? findRubric(options.rubric) : options.rubric;
  if (!rubric) {
    throw new ConfigError(
      `judge evaluator: unknown rubric "${options.rubric as string}": expected one of ${Object.keys(RUBRICS).join(", ")}`,
    );
  }
  const key = options.key ?? rubricKey(rubric);
  const higherIsWorse = rubric.name === "Harmfulness" || rubric.name === "Stereotyping";
  return {
    key,
    config: {
      evaluator: "judge",
      rubric: rubric.name,
      instructions: rubric.instructions,
      scale: rubric.scale,
    },
    threshold: options.threshold ?? (higherIsWorse ? 0 : undefined),
    lowerIsBetter: higherIsWorse,
    async evaluate(input): Promise<EvaluationResult> {
      if (rubric.needs === "reference" && input.referenceOutputs.answer === undefined) {
        return {
          key,
          score: null,
          comment: "no expected answer",
          metadata: { metricName: `Builtin.${rubric.name}` },
        };
      }
      const context = groundingSources(input.outputs)
        .map((source) => source.text)
        .join("\n");
      const verdict = await input.judge.judge({
        rubric,
        input: input.inputs.input,
        output: input.outputs.answer,
        ...(input.referenceOutputs.answer !== undefined ? { reference: input.referenceOutputs.answer } : {}),
        ...(context ? { context } : {}),
      });
      return {
        key,
        score: verdict.score,
        label: verdict.label,
        comment: verdict.explanation,
        metadata: {
          metricName: `Builtin.${rubric.name}`,
          judge: verdict.judgeId,
          value: verdict.value,
          ...(verdict.usage ? { usage: verdict.usage } : {}),
          ...(verdict.costUsd !== undefined ? { costUsd: verdict.costUsd } : {}),
          ...(verdict.cached ? { cached: true } : {}),
        },
      };
    },
  };
}
