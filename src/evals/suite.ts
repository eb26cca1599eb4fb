import { z } from "zod";
import { parseWith } from "../config/config-error.ts";
import type { Evaluator } from "./evaluator.ts";
import type { GroundingScorer } from "./evaluators/grounding.ts";
import { EvaluatorSpecSchema } from "./evaluators/registry.ts";
import { PERTURBATIONS } from "./robustness.ts";
import type { TargetSpec } from "./target.ts";

const TargetSchema = z
  .object({
    name: z.string().min(1),
    create: z.custom<TargetSpec["create"]>((value) => typeof value === "function", {
      message: "expected a function (context) => (input) => Promise<output>",
    }),
    fingerprint: z.string().optional(),
  })
  .strict();

const isEvaluator = (value: unknown): value is Evaluator =>
  typeof value === "object" && value !== null && typeof (value as Evaluator).evaluate === "function";

/** A suite as written in `evals/<name>/suite.ts`. */
export const SuiteSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "lower-case letters, digits, - and _"),
    description: z.string().optional(),
    /** The JSONL dataset, relative to the suite's folder (default `dataset.jsonl`). */
    dataset: z.string().default("dataset.jsonl"),
    target: TargetSchema,
    /**
     * A recording (or a folder of them, one per case, named `<case id>.json` / `.jsonl`) of the managed
     * Bedrock Agent's runs, relative to the suite's folder: the reference trajectories and answers of the
     * cases they name (see `managedTrace` on a dataset row for one case).
     */
    referenceTrajectories: z.string().min(1).optional(),
    /** OperationIds of the managed action groups' OpenAPI operations (`"<group> <METHOD> <path>": id`). */
    managedOperationIds: z.record(z.string(), z.string()).optional(),
    /** Evaluator names / specs, or evaluator objects of your own. */
    evaluators: z.array(z.union([EvaluatorSpecSchema, z.custom<Evaluator>(isEvaluator)])).min(1),
    /** Suite-level gates: the share of cases that must pass, and minimum (or maximum) means per metric. */
    thresholds: z
      .object({
        passRate: z.number().min(0).max(1).default(1),
        metrics: z.record(z.string(), z.number()).default({}),
      })
      .strict()
      .default({ passRate: 1, metrics: {} }),
    /** Defaults for runs of this suite (the CLI overrides them). */
    defaults: z
      .object({
        repetitions: z.number().int().min(1).optional(),
        concurrency: z.number().int().min(1).optional(),
        robustness: z.array(z.enum(PERTURBATIONS)).optional(),
      })
      .strict()
      .default({}),
    /** The grounding evaluator's scorer (the guardrail engine's contextual grounding check, at merge time). */
    groundingScorer: z.custom<GroundingScorer>((value) => typeof value === "function").optional(),
  })
  .strict();
export type SuiteDefinition = z.input<typeof SuiteSchema>;
export type Suite = z.output<typeof SuiteSchema>;

/** Declares a suite; validated when the file loads, so a mistake names the field before anything runs. */
export function defineSuite(definition: SuiteDefinition): Suite {
  return parseWith(SuiteSchema, definition, `suite ${definition.name ?? "(unnamed)"}`);
}
