import type { Source, Step } from "../graph/state.ts";
import type { Usage } from "../model/usage.ts";
import type { DatasetRow, ExpectedToolCall, ReferenceContext } from "./dataset.ts";
import type { Judge } from "./judge/judge.ts";

/**
 * One score, in the openevals / LangSmith feedback shape: `key` names the metric, `score` is a boolean
 * or a number (0–1 for quality metrics, raw units for latency, tokens and cost), `null` when the metric
 * does not apply (no reference to compare with).
 */
export interface EvaluationResult {
  key: string;
  score: number | boolean | null;
  label?: string;
  comment: string;
  metadata: Record<string, unknown>;
}

/** A tool call the target made, and in a team which agent made it. */
export interface ToolCall {
  tool: string;
  args: Record<string, unknown>;
  agent?: string;
}

/** What a target produced for one input. Retrieval and citations are plain ids, so any target can fill them. */
export interface TargetOutput {
  answer: string;
  /** Thought, action and observation steps (agents). */
  steps?: Step[];
  /** Tool calls in order; derived from `steps` when absent. */
  toolCalls?: ToolCall[];
  /** Passages retrieved during the run (`state.sources`), in rank order. */
  sources?: Source[];
  /** Ids of the passages the answer cites. */
  citedIds?: string[];
  outcome?: string;
  usage?: Usage;
  /** USD; absent when unknown (never 0 for unknown). */
  costUsd?: number;
  /** Anything else the target wants evaluators to see (a guardrail verdict, a parsed object...). */
  data?: unknown;
  /** The agent whose run this is; steps without an `agent` tag are its own. */
  agent?: string;
}

/** What every evaluator receives for one case. */
export interface EvaluatorInput {
  inputs: { input: string };
  outputs: TargetOutput;
  referenceOutputs: {
    answer?: string;
    trajectory?: ExpectedToolCall[];
    contexts?: ReferenceContext[];
  };
  example: DatasetRow;
  /** The run's timing, for latency evaluators. */
  run: { latencyMs: number };
  /** The judge (LLM over Converse, or the offline deterministic judge). */
  judge: Judge;
}

/** A row evaluator: plain data in, one or more results out. */
export interface Evaluator {
  /** The result key (or key prefix when it returns several). */
  key: string;
  /** The evaluator's name and options, hashed into cache keys and shown in reports. */
  config: Record<string, unknown>;
  /** A case fails when a score is below this (above, for `lowerIsBetter`). Booleans pass when true. */
  threshold?: number;
  lowerIsBetter?: boolean;
  evaluate(
    input: EvaluatorInput,
  ): Promise<EvaluationResult | EvaluationResult[]> | EvaluationResult | EvaluationResult[];
}

/**
 * The tool calls of an output: `toolCalls`, else the action steps, each with the agent that made it
 * (a team's specialists tag their steps; untagged steps are the output's own agent's).
 */
export function toolCallsOf(output: TargetOutput): ToolCall[] {
  if (output.toolCalls) return output.toolCalls;
  return (output.steps ?? []).flatMap((step) => {
    if (step.kind !== "action") return [];
    const agent = step.agent ?? output.agent;
    return [
      { tool: step.tool, args: (step.input ?? {}) as Record<string, unknown>, ...(agent ? { agent } : {}) },
    ];
  });
}

/** The agents that took steps in an output, in the order they first acted (its own agent included). */
export function agentsOf(output: TargetOutput): string[] {
  const seen = new Set<string>();
  for (const step of output.steps ?? []) {
    const agent = step.agent ?? output.agent;
    if (agent) seen.add(agent);
  }
  return [...seen];
}

/** Whether a result passes its evaluator's threshold; `null` scores (not applicable) pass. */
export function passes(
  result: EvaluationResult,
  evaluator: Pick<Evaluator, "threshold" | "lowerIsBetter">,
): boolean {
  if (result.score === null) return true;
  if (typeof result.score === "boolean") return result.score;
  if (evaluator.threshold === undefined) return true;
  return evaluator.lowerIsBetter ? result.score <= evaluator.threshold : result.score >= evaluator.threshold;
}

/** A score as a number (true = 1, false = 0), or undefined when not applicable. */
export function numericScore(score: EvaluationResult["score"]): number | undefined {
  if (score === null) return undefined;
  return typeof score === "boolean" ? (score ? 1 : 0) : score;
}
