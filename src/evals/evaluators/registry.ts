import { z } from "zod";
import { ConfigError, formatIssues } from "../../config/config-error.ts";
import type { Evaluator } from "../evaluator.ts";
import { RUBRICS } from "../judge/rubrics.ts";
import { agentRouting } from "./agent-routing.ts";
import { type GroundingScorer, grounding } from "./grounding.ts";
import { llmJudge } from "./llm-judge.ts";
import { cost, latency, tokenUsage } from "./performance.ts";
import { citationCoverage, citationPrecision, contextPrecision, contextRecall, ndcg } from "./retrieval.ts";
import {
  contains,
  exactMatch,
  jsonSchema,
  levenshteinSimilarity,
  regexMatch,
  rougeLScore,
  squadF1,
} from "./text.ts";
import { toolParameterAccuracy, toolSelectionAccuracy } from "./tool-calls.ts";
import { AGENTCORE_TRAJECTORY_ALIASES, trajectoryMatch } from "./trajectory.ts";

const base = { key: z.string().optional(), threshold: z.number().optional() };
const retrievalOptions = z.object({ ...base, k: z.number().int().positive().optional() }).strict();
const argsMode = z.enum(["exact", "ignore", "subset", "superset"]);
const trajectoryOptions = z
  .object({
    ...base,
    trajectoryMatchMode: z.enum(["strict", "unordered", "subset", "superset", "in_order"]).optional(),
    toolArgsMatchMode: argsMode.optional(),
    toolArgsMatchOverrides: z.record(z.string(), z.union([argsMode, z.array(z.string())])).optional(),
    agent: z.string().min(1).optional(),
  })
  .strict();
const perf = z.object({ max: z.number().nonnegative().optional() }).strict();

type Factory = { schema: z.ZodType; create(options: never, scorer?: GroundingScorer): Evaluator };
const entry = <S extends z.ZodType>(
  schema: S,
  create: (options: z.output<S>, scorer?: GroundingScorer) => Evaluator,
): Factory => ({
  schema,
  create: create as Factory["create"],
});

/** Evaluators a suite can name, with their options' schema. */
const FACTORIES: Record<string, Factory> = {
  exact_match: entry(
    z.object({ ...base, value: z.string().optional(), normalize: z.boolean().optional() }).strict(),
    exactMatch,
  ),
  contains: entry(
    z
      .object({
        ...base,
        values: z.array(z.string()).optional(),
        any: z.boolean().optional(),
        caseSensitive: z.boolean().optional(),
      })
      .strict(),
    contains,
  ),
  regex: entry(z.object({ ...base, pattern: z.string(), flags: z.string().optional() }).strict(), regexMatch),
  json_schema: entry(z.object({ ...base, schema: z.record(z.string(), z.unknown()) }).strict(), jsonSchema),
  token_f1: entry(z.object(base).strict(), squadF1),
  rouge_l: entry(z.object(base).strict(), rougeLScore),
  levenshtein: entry(z.object(base).strict(), levenshteinSimilarity),
  trajectory_match: entry(trajectoryOptions, trajectoryMatch),
  agent_routing: entry(z.object(base).strict(), agentRouting),
  tool_selection_accuracy: entry(z.object(base).strict(), toolSelectionAccuracy),
  tool_parameter_accuracy: entry(z.object(base).strict(), toolParameterAccuracy),
  context_precision: entry(retrievalOptions, contextPrecision),
  context_recall: entry(retrievalOptions, contextRecall),
  ndcg: entry(retrievalOptions, ndcg),
  citation_precision: entry(retrievalOptions, citationPrecision),
  citation_coverage: entry(
    z.object({ ...base, support: z.number().min(0).max(1).optional() }).strict(),
    citationCoverage,
  ),
  grounding: entry(
    z
      .object({
        key: z.string().optional(),
        groundingThreshold: z.number().min(0).max(1).optional(),
        relevanceThreshold: z.number().min(0).max(1).optional(),
      })
      .strict(),
    (options, scorer) => grounding({ ...options, ...(scorer ? { scorer } : {}) }),
  ),
  judge: entry(z.object({ ...base, rubric: z.string() }).strict(), llmJudge),
  latency: entry(perf, latency),
  tokens: entry(perf, tokenUsage),
  cost: entry(perf, cost),
};

/** Bedrock / AgentCore names accepted as evaluator names. */
const ALIASES: Record<string, { evaluator: string; options: Record<string, unknown> }> = {
  ...Object.fromEntries(
    Object.entries(AGENTCORE_TRAJECTORY_ALIASES).map(([name, options]) => [
      name,
      {
        evaluator: "trajectory_match",
        options: {
          ...options,
          key: name
            .replace("Builtin.", "")
            .replace(/([a-z])([A-Z])/g, "$1_$2")
            .toLowerCase(),
        },
      },
    ]),
  ),
  "Builtin.ToolSelectionAccuracy": { evaluator: "tool_selection_accuracy", options: {} },
  "Builtin.ToolParameterAccuracy": { evaluator: "tool_parameter_accuracy", options: {} },
  "Builtin.CitationPrecision": { evaluator: "citation_precision", options: {} },
  "Builtin.CitationCoverage": { evaluator: "citation_coverage", options: {} },
  ...Object.fromEntries(
    Object.keys(RUBRICS).map((name) => [
      `Builtin.${name}`,
      { evaluator: "judge", options: { rubric: name } },
    ]),
  ),
};

/** An evaluator named in a suite: `"token_f1"` or `{ evaluator: "contains", any: true }`. */
export const EvaluatorSpecSchema = z.union([
  z.string(),
  z.object({ evaluator: z.string() }).catchall(z.unknown()),
]);
export type EvaluatorSpec = z.input<typeof EvaluatorSpecSchema>;

/** Every evaluator name a suite may use. */
export function evaluatorNames(): string[] {
  return [...Object.keys(FACTORIES), ...Object.keys(ALIASES)];
}

/**
 * Builds an evaluator from its spec. Unknown names and bad options are ConfigErrors naming the
 * evaluator (and its position in the suite), raised before anything runs.
 */
export function createEvaluator(
  spec: EvaluatorSpec,
  where = "evaluators",
  scorer?: GroundingScorer,
): Evaluator {
  const { evaluator: name, ...given } = typeof spec === "string" ? { evaluator: spec } : spec;
  const alias = ALIASES[name];
  const resolved = alias ? alias.evaluator : name;
  const factory = FACTORIES[resolved];
  if (!factory) {
    throw new ConfigError(
      `${where}: unknown evaluator "${name}": expected one of ${evaluatorNames().join(", ")}`,
    );
  }
  const parsed = factory.schema.safeParse({ ...alias?.options, ...given });
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error, `${where} (${name})`));
  return factory.create(parsed.data as never, scorer);
}
