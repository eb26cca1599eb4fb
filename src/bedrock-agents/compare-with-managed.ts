import { isDeepStrictEqual } from "node:util";
import type { DatasetRow } from "../evals/dataset.ts";
import type { EvaluationResult, Evaluator, TargetOutput, ToolCall } from "../evals/evaluator.ts";
import { toolCallsOf } from "../evals/evaluator.ts";
import { createEvaluator } from "../evals/evaluators/registry.ts";
import { tokenF1 } from "../evals/evaluators/text.ts";
import type { Judge } from "../evals/judge/judge.ts";
import { offlineJudge } from "../evals/judge/offline-judge.ts";
import type { ManagedTrajectory } from "./managed-trace.ts";

/** How one position of the aligned trajectories compares. */
export type AlignmentStatus = "same" | "args_differ" | "managed_only" | "glassbox_only";

/** One row of the side-by-side view: a managed call, a Glassbox call, or both. */
export interface AlignedCall {
  managed?: ToolCall;
  glassbox?: ToolCall;
  status: AlignmentStatus;
  /** Argument names whose values differ (for `args_differ`). */
  differingArgs?: string[];
}

/** A knowledge-base search of the Glassbox run (a `retrieval` event): where, what, how many passages. */
export interface GlassboxRetrieval {
  dataSourceId: string;
  passages: number;
  query?: string;
  /** Set when the `kb_search` tool searched: that call is a knowledge-base lookup, not an action. */
  toolCallId?: string;
}

/**
 * One row of the knowledge-base side by side: a managed lookup and the Glassbox search of the same
 * knowledge base (in order), or a lookup only one side made. `queryF1` is the SQuAD token F1 of the
 * Glassbox query against the managed one.
 */
export interface AlignedKnowledgeBaseQuery {
  managed?: { knowledgeBaseId: string; query: string };
  glassbox?: GlassboxRetrieval;
  status: "same_knowledge_base" | "managed_only" | "glassbox_only";
  queryF1?: number;
}

/** A managed run and a Glassbox run of the same question, side by side, with the evaluators' scores. */
export interface ManagedComparison {
  question: string;
  managed: {
    toolCalls: ToolCall[];
    knowledgeBaseQueries: ManagedTrajectory["knowledgeBaseQueries"];
    answer: string;
    failure?: ManagedTrajectory["failure"];
    guardrailIntervened: boolean;
  };
  glassbox: {
    toolCalls: ToolCall[];
    /** The Glassbox run's knowledge-base searches (retrieval node and `kb_search`), in order. */
    retrievals: GlassboxRetrieval[];
    answer: string;
    outcome?: string;
  };
  calls: AlignedCall[];
  /** The knowledge-base lookups of both sides, aligned by knowledge base. */
  knowledgeBaseQueries: AlignedKnowledgeBaseQuery[];
  /** Index in `calls` of the first row that is not `same`; absent when the trajectories agree. */
  firstDivergence?: number;
  /** The answers as given (the answer evaluators score them). */
  answersEqual: boolean;
  scores: EvaluationResult[];
}

/**
 * The evaluators a comparison runs by default: AgentCore's three trajectory matches (tool names only),
 * a strict match with exact arguments, tool selection and parameter accuracy, and, when the managed
 * agent answered, token F1 and ROUGE-L of the Glassbox answer against the managed one.
 */
export function defaultComparisonEvaluators(): Evaluator[] {
  return [
    createEvaluator("Builtin.TrajectoryExactOrderMatch"),
    createEvaluator("Builtin.TrajectoryInOrderMatch"),
    createEvaluator("Builtin.TrajectoryAnyOrderMatch"),
    createEvaluator({
      evaluator: "trajectory_match",
      trajectoryMatchMode: "strict",
      toolArgsMatchMode: "exact",
      key: "tool_args_match",
    }),
    createEvaluator("tool_selection_accuracy"),
    createEvaluator("tool_parameter_accuracy"),
    createEvaluator("token_f1"),
    createEvaluator("rouge_l"),
  ];
}

/** Options of {@link compareWithManaged}. */
export interface CompareOptions {
  /** Evaluators scoring the Glassbox run against the managed one (default {@link defaultComparisonEvaluators}). */
  evaluators?: readonly Evaluator[];
  /** For judge-based evaluators (default: the offline judge). */
  judge?: Judge;
  /** Glassbox retrievals seen while the run streamed (its `retrieval` events). */
  retrievals?: readonly GlassboxRetrieval[];
  latencyMs?: number;
}

const differingArgs = (a: ToolCall, b: ToolCall) =>
  [...new Set([...Object.keys(a.args), ...Object.keys(b.args)])].filter(
    (key) => !isDeepStrictEqual(a.args[key], b.args[key]),
  );

/**
 * Aligns two call lists by tool name (longest common subsequence), so a call one side made and the
 * other did not shows as a gap rather than shifting every later row.
 */
export function alignCalls(managed: readonly ToolCall[], glassbox: readonly ToolCall[]): AlignedCall[] {
  const m = managed.length;
  const g = glassbox.length;
  const lcs = Array.from({ length: m + 1 }, () => new Array<number>(g + 1).fill(0));
  for (let i = m - 1; i >= 0; i--)
    for (let j = g - 1; j >= 0; j--)
      (lcs[i] as number[])[j] =
        managed[i]?.tool === glassbox[j]?.tool
          ? ((lcs[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lcs[i + 1] as number[])[j] as number, (lcs[i] as number[])[j + 1] as number);
  const rows: AlignedCall[] = [];
  let i = 0;
  let j = 0;
  while (i < m || j < g) {
    const a = managed[i];
    const b = glassbox[j];
    if (a && b && a.tool === b.tool) {
      const differing = differingArgs(a, b);
      rows.push(
        differing.length
          ? { managed: a, glassbox: b, status: "args_differ", differingArgs: differing }
          : { managed: a, glassbox: b, status: "same" },
      );
      i++;
      j++;
    } else if (
      a &&
      (!b || ((lcs[i + 1] as number[])[j] as number) >= ((lcs[i] as number[])[j + 1] as number))
    ) {
      rows.push({ managed: a, status: "managed_only" });
      i++;
    } else if (b) {
      rows.push({ glassbox: b, status: "glassbox_only" });
      j++;
    }
  }
  return rows;
}

/**
 * Aligns knowledge-base lookups: each managed lookup with the next Glassbox search of the same knowledge
 * base (keeping both orders), scored by query token F1; searches left over on either side stand alone.
 */
export function alignKnowledgeBaseQueries(
  managed: ManagedTrajectory["knowledgeBaseQueries"],
  glassbox: readonly GlassboxRetrieval[],
): AlignedKnowledgeBaseQuery[] {
  const rows: AlignedKnowledgeBaseQuery[] = [];
  let next = 0;
  for (const lookup of managed) {
    const found = glassbox.findIndex(
      (search, i) => i >= next && search.dataSourceId === lookup.knowledgeBaseId,
    );
    if (found < 0) {
      rows.push({ managed: lookup, status: "managed_only" });
      continue;
    }
    for (const skipped of glassbox.slice(next, found))
      rows.push({ glassbox: skipped, status: "glassbox_only" });
    const search = glassbox[found] as GlassboxRetrieval;
    rows.push({
      managed: lookup,
      glassbox: search,
      status: "same_knowledge_base",
      queryF1: tokenF1(search.query ?? "", lookup.query).f1,
    });
    next = found + 1;
  }
  for (const rest of glassbox.slice(next)) rows.push({ glassbox: rest, status: "glassbox_only" });
  return rows;
}

/**
 * `knowledge_base_query_match`: the mean query token F1 over the aligned rows (a lookup only one side
 * made scores 0); `null` when neither side looked anything up.
 */
export function knowledgeBaseQueryScore(rows: readonly AlignedKnowledgeBaseQuery[]): EvaluationResult {
  const matched = rows.filter((row) => row.status === "same_knowledge_base").length;
  const mean = rows.length ? rows.reduce((sum, row) => sum + (row.queryF1 ?? 0), 0) / rows.length : 0;
  return {
    key: "knowledge_base_query_match",
    score: rows.length ? Math.round(mean * 1000) / 1000 : null,
    comment: rows.length
      ? `${matched} of ${rows.length} lookups on the same knowledge base; mean query token F1 ${mean.toFixed(3)}`
      : "neither run looked up a knowledge base",
    metadata: { matched, rows: rows.length },
  };
}

/**
 * Compares a Glassbox run with the managed agent's run of the same question: the calls aligned side by
 * side, and the trajectory (and answer) evaluators' scores with the managed run as the reference.
 *
 * @example
 * ```ts
 * const managed = managedTrajectory(await readRecording("traces/feature-request.json"));
 * const output = await agentTarget(agent)(managed.question, { signal, runKey: "compare" });
 * const comparison = await compareWithManaged(managed, output);
 * console.log(comparison.firstDivergence, comparison.scores);
 * ```
 */
export async function compareWithManaged(
  managed: ManagedTrajectory,
  output: TargetOutput,
  options: CompareOptions = {},
): Promise<ManagedComparison> {
  const retrievals = options.retrievals ?? [];
  // A kb_search call is the Glassbox side of a knowledge-base lookup, which the managed trace does not
  // list among its action-group calls: it is compared below, not in the trajectory.
  const searchCalls = new Set(retrievals.flatMap((search) => (search.toolCallId ? [search.toolCallId] : [])));
  const actions: TargetOutput =
    searchCalls.size && output.steps && !output.toolCalls
      ? {
          ...output,
          steps: output.steps.filter((step) => !("toolCallId" in step && searchCalls.has(step.toolCallId))),
        }
      : output;
  const glassboxCalls = toolCallsOf(actions);
  const calls = alignCalls(managed.toolCalls, glassboxCalls);
  const knowledgeBaseQueries = alignKnowledgeBaseQueries(managed.knowledgeBaseQueries, retrievals);
  const first = calls.findIndex((row) => row.status !== "same");
  const evaluators = options.evaluators ?? defaultComparisonEvaluators();
  const example: DatasetRow = {
    id: managed.sessionId ?? "managed",
    input: managed.question,
    ...(managed.answer ? { expectedAnswer: managed.answer } : {}),
    expectedTrajectory: managed.toolCalls,
  };
  const scores: EvaluationResult[] = [];
  for (const evaluator of evaluators) {
    const produced = await evaluator.evaluate({
      inputs: { input: managed.question },
      outputs: actions,
      referenceOutputs: {
        trajectory: managed.toolCalls,
        ...(managed.answer ? { answer: managed.answer } : {}),
      },
      example,
      run: { latencyMs: options.latencyMs ?? 0 },
      judge: options.judge ?? offlineJudge(),
    });
    scores.push(...(Array.isArray(produced) ? produced : [produced]));
  }
  scores.push(knowledgeBaseQueryScore(knowledgeBaseQueries));
  return {
    question: managed.question,
    managed: {
      toolCalls: managed.toolCalls,
      knowledgeBaseQueries: managed.knowledgeBaseQueries,
      answer: managed.answer,
      ...(managed.failure ? { failure: managed.failure } : {}),
      guardrailIntervened: managed.guardrailIntervened,
    },
    glassbox: {
      toolCalls: glassboxCalls,
      retrievals: [...retrievals],
      answer: output.answer,
      ...(output.outcome ? { outcome: output.outcome } : {}),
    },
    calls,
    knowledgeBaseQueries,
    ...(first >= 0 ? { firstDivergence: first } : {}),
    answersEqual: managed.answer.trim() === output.answer.trim(),
    scores,
  };
}
