import { context, type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Source } from "../graph/state.ts";
import { sourceTitle } from "../kb/sources.ts";
import { classifyError } from "../model/retry.ts";
import { addUsage, emptyUsage, type Usage } from "../model/usage.ts";
import { glassboxPackage } from "../package-root.ts";
import { answeringModel } from "./answered-by.ts";
import { type EvalCache, targetCacheKey } from "./cache.ts";
import { recordEvaluations } from "./evaluation-events.ts";
import {
  type EvaluationResult,
  type Evaluator,
  passes,
  type TargetOutput,
  toolCallsOf,
} from "./evaluator.ts";
import type { Judge } from "./judge/judge.ts";
import type { ResultRow } from "./result-row.ts";
import { perturb } from "./robustness.ts";
import type { Unit } from "./run-dir.ts";
import type { TargetFn } from "./target.ts";
import { withRetries } from "./with-retries.ts";

/** What evaluating one unit needs: the target and its cache key parts, the evaluators and the judge. */
export interface UnitDeps {
  suite: string;
  target: TargetFn;
  /** Cache key parts that decide the target's output besides the input. */
  fingerprint: string;
  modelId: string;
  /** The endpoint that answers (see `endpointLabel`): part of every cache key. */
  endpoint: string;
  evaluators: readonly Evaluator[];
  judge: Judge;
  cache: EvalCache;
  /** Extra attempts of a failed target call. */
  retries: number;
  signal: AbortSignal;
}

/** A unit's input: the case's, or its perturbed variant (the same on every run, so it hits the cache). */
export function unitInput(unit: Unit): string {
  return unit.variant === "original" ? unit.row.input : perturb(unit.row.input, unit.variant, seedOf(unit));
}

/**
 * Evaluates one unit under `span`: the target's output (from the cache, else called with retries and
 * cached), then every evaluator. A failed target call is an `error` row; an evaluator that throws makes
 * the row an error and keeps the other scores.
 */
export async function evaluateUnit(
  deps: UnitDeps,
  unit: Unit,
  input: string,
  span: Span,
): Promise<ResultRow> {
  const base = {
    caseId: unit.row.id,
    repetition: unit.repetition,
    variant: unit.variant,
    input,
    ...(unit.row.expectedAnswer !== undefined ? { expectedAnswer: unit.row.expectedAnswer } : {}),
  };
  const called = await callTarget(deps, unit, input, span);
  if ("error" in called) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: called.error.message });
    return {
      ...base,
      status: "error",
      passed: false,
      scores: [],
      failedKeys: [],
      latencyMs: 0,
      attempts: called.attempts,
      cached: false,
      modelId: called.modelId,
      error: called.error,
      finishedAt: new Date().toISOString(),
    };
  }
  const { output, latencyMs, attempts, cached, modelId } = called;
  const scored = await score(deps, unit, input, output, latencyMs);
  recordEvaluations(span, scored.scores);
  if (scored.error) span.setStatus({ code: SpanStatusCode.ERROR, message: scored.error.message });
  return {
    ...base,
    status: scored.error ? "error" : "ok",
    passed: !scored.error && scored.failedKeys.length === 0,
    answer: output.answer,
    ...(output.outcome ? { outcome: output.outcome } : {}),
    toolCalls: toolCallsOf(output),
    ...(output.steps ? { steps: output.steps } : {}),
    ...(output.sources
      ? { retrievedIds: output.sources.map((source) => source.id), passages: output.sources.map(passageOf) }
      : {}),
    ...(output.citedIds ? { citedIds: output.citedIds } : {}),
    scores: scored.scores,
    failedKeys: scored.failedKeys,
    latencyMs: Math.round(latencyMs * 10) / 10,
    ...(output.usage ? { usage: output.usage } : {}),
    ...(output.costUsd !== undefined ? { costUsd: output.costUsd } : {}),
    ...(scored.judgeUsage ? { judgeUsage: scored.judgeUsage } : {}),
    ...(scored.judgeCostUsd !== undefined ? { judgeCostUsd: scored.judgeCostUsd } : {}),
    attempts,
    cached,
    modelId: answeringModel(output.steps, modelId),
    ...(scored.error ? { error: scored.error } : {}),
    finishedAt: new Date().toISOString(),
  };
}

type Called =
  | { output: TargetOutput; latencyMs: number; attempts: number; cached: boolean; modelId: string }
  | { error: { type: string; message: string }; attempts: number; modelId: string };

async function callTarget(deps: UnitDeps, unit: Unit, input: string, span: Span): Promise<Called> {
  const runKey = `${deps.suite}/${unit.row.id}#${unit.repetition}`;
  // The agent's fingerprint for this case: the model it routes to, its prompt, tools and settings.
  const described = deps.target.describe?.(runKey);
  const modelId = described?.modelId ?? deps.modelId;
  const key = targetCacheKey({
    endpoint: deps.endpoint,
    modelId,
    target: described ?? null,
    suiteFingerprint: deps.fingerprint,
    glassbox: glassboxPackage().version,
    input,
    repetition: unit.repetition,
  });
  const hit = deps.cache.get<{ output: TargetOutput; latencyMs: number }>("target", key);
  if (hit) return { ...hit, attempts: 0, cached: true, modelId };
  try {
    const started = performance.now();
    const call = { signal: deps.signal, runKey };
    const result = await withRetries(
      () => context.with(trace.setSpan(context.active(), span), () => deps.target(input, call)),
      deps.retries,
      deps.signal,
    );
    const latencyMs = performance.now() - started;
    deps.cache.put("target", key, { output: result.value, latencyMs });
    return { output: result.value, latencyMs, attempts: result.attempts, cached: false, modelId };
  } catch (error) {
    const failure = error as Error & { attempts?: number };
    return {
      attempts: failure.attempts ?? 1,
      modelId,
      error: { type: classifyError(error).errorType || failure.name || "Error", message: failure.message },
    };
  }
}

async function score(deps: UnitDeps, unit: Unit, input: string, output: TargetOutput, latencyMs: number) {
  const scores: EvaluationResult[] = [];
  const failedKeys: string[] = [];
  let judgeUsage: Usage | undefined;
  let judgeCostUsd: number | undefined;
  let error: { type: string; message: string } | undefined;
  const referenceOutputs = {
    ...(unit.row.expectedAnswer !== undefined ? { answer: unit.row.expectedAnswer } : {}),
    ...(unit.row.expectedTrajectory ? { trajectory: unit.row.expectedTrajectory } : {}),
    ...(unit.row.referenceContexts ? { contexts: unit.row.referenceContexts } : {}),
  };
  for (const evaluator of deps.evaluators) {
    try {
      const produced = await evaluator.evaluate({
        inputs: { input },
        outputs: output,
        referenceOutputs,
        example: unit.row,
        run: { latencyMs },
        judge: deps.judge,
      });
      for (const result of Array.isArray(produced) ? produced : [produced]) {
        scores.push(result);
        if (!passes(result, evaluator)) failedKeys.push(result.key);
        const usage = result.metadata.usage as Usage | undefined;
        if (usage && !result.metadata.cached) judgeUsage = addUsage(judgeUsage ?? emptyUsage(), usage);
        const spent = result.metadata.costUsd as number | undefined;
        if (spent !== undefined && !result.metadata.cached) judgeCostUsd = (judgeCostUsd ?? 0) + spent;
      }
    } catch (thrown) {
      error ??= { type: "EvaluatorError", message: `${evaluator.key}: ${(thrown as Error).message}` };
    }
  }
  return { scores, failedKeys, judgeUsage, judgeCostUsd, error };
}

/** A stable seed per unit, so a perturbed input is the same on every run. */
function seedOf(unit: Unit): number {
  let hash = 2166136261;
  for (const char of `${unit.row.id}#${unit.repetition}#${unit.variant}`)
    hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/** A retrieved passage as the report shows it: label, score, URI and the start of the text. */
function passageOf(source: Source): NonNullable<ResultRow["passages"]>[number] {
  return {
    id: source.id,
    ...(source.score !== undefined ? { score: source.score } : {}),
    uri: sourceTitle(source),
    excerpt: source.text.replace(/\s+/g, " ").trim().slice(0, 400),
  };
}
