import type { DatasetRow } from "../../src/evals/dataset.ts";
import type { Evaluator, EvaluatorInput, TargetOutput } from "../../src/evals/evaluator.ts";
import { createEvaluator, type EvaluatorSpec } from "../../src/evals/evaluators/registry.ts";
import { offlineJudge } from "../../src/evals/judge/offline-judge.ts";
import type { LoadedSuite } from "../../src/evals/registry.ts";
import { defineSuite, type SuiteDefinition } from "../../src/evals/suite.ts";

/** An evaluator input with sensible defaults. */
export function evalInput(
  outputs: Partial<TargetOutput>,
  reference: EvaluatorInput["referenceOutputs"] = {},
  input = "question",
): EvaluatorInput {
  return {
    inputs: { input },
    outputs: { answer: "", ...outputs },
    referenceOutputs: reference,
    example: { id: "case", input },
    run: { latencyMs: 12 },
    judge: offlineJudge(),
  };
}

/** A suite built in memory (no folder), for runner tests. */
export function memorySuite(definition: SuiteDefinition, rows: DatasetRow[]): LoadedSuite {
  const suite = defineSuite(definition);
  return {
    suite,
    dir: "(memory)",
    dataset: { path: "(memory)", rows, sha256: `sha-${JSON.stringify(rows).length}` },
    evaluators: suite.evaluators.map((spec, index) =>
      typeof spec === "object" && "evaluate" in spec
        ? (spec as Evaluator)
        : createEvaluator(spec as EvaluatorSpec, `evaluators[${index}]`),
    ),
  };
}
