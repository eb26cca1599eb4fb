/**
 * @module
 * Batch evaluation: suites (`defineSuite`), JSONL datasets, evaluators (text, trajectory, tool calls,
 * retrieval, grounding, LLM-as-judge, performance), judges, `runSuite` with its cache, resume and rate
 * limits, reports, and `compareRuns` for regression gates.
 */

export { limitClient, RateLimiter, type RateLimits } from "../model/rate-limiter.ts";
export { type Comparison, compareRuns, gateExitCode, readRun } from "./compare.ts";
export type { Dataset, DatasetRow, ExpectedToolCall, ReferenceContext } from "./dataset.ts";
export { DatasetRowSchema, loadDataset, parseDataset } from "./dataset.ts";
export { EVALUATION_EVENT, recordEvaluations } from "./evaluation-events.ts";
export type {
  EvaluationResult,
  Evaluator,
  EvaluatorInput,
  TargetOutput,
  ToolCall,
} from "./evaluator.ts";
export { agentsOf, toolCallsOf } from "./evaluator.ts";
export { agentRouting } from "./evaluators/agent-routing.ts";
export { type GroundingScorer, grounding } from "./evaluators/grounding.ts";
export { guardrailGroundingScorer } from "./evaluators/guardrail-grounding.ts";
export { llmJudge } from "./evaluators/llm-judge.ts";
export { cost, latency, tokenUsage } from "./evaluators/performance.ts";
export { createEvaluator, type EvaluatorSpec, evaluatorNames } from "./evaluators/registry.ts";
export {
  citationCoverage,
  citationPrecision,
  contextPrecision,
  contextRecall,
  ndcg,
  sourceAliases,
} from "./evaluators/retrieval.ts";
export {
  contains,
  exactMatch,
  jsonSchema,
  levenshteinSimilarity,
  regexMatch,
  rougeLScore,
  squadF1,
} from "./evaluators/text.ts";
export { toolParameterAccuracy, toolSelectionAccuracy } from "./evaluators/tool-calls.ts";
export {
  AGENTCORE_TRAJECTORY_ALIASES,
  type ToolArgsMode,
  type TrajectoryMatchOptions,
  type TrajectoryMode,
  trajectoryMatch,
  trajectoryMatches,
} from "./evaluators/trajectory.ts";
export { converseJudge } from "./judge/converse-judge.ts";
export type { Judge, JudgeRequest, JudgeVerdict } from "./judge/judge.ts";
export { offlineJudge } from "./judge/offline-judge.ts";
export { RUBRICS, type Rubric } from "./judge/rubrics.ts";
export { type LoadedSuite, listSuites, loadSuite } from "./registry.ts";
export { writeReports } from "./reports/write.ts";
export type { ResultRow } from "./result-row.ts";
export { PERTURBATIONS, type Perturbation, perturb } from "./robustness.ts";
export { type EvalRun, type EvalRunOptions, type Progress, runSuite } from "./runner.ts";
export { defineSuite, type Suite, type SuiteDefinition } from "./suite.ts";
export type { RunSummary } from "./summary.ts";
export {
  agentOutput,
  agentTarget,
  type TargetCall,
  type TargetContext,
  type TargetFn,
  type TargetSpec,
} from "./target.ts";
