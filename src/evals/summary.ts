import type { Usage } from "../model/usage.ts";
import { addUsage, emptyUsage } from "../model/usage.ts";
import { type AnsweredBy, modelsOf } from "./answered-by.ts";
import type { Evaluator } from "./evaluator.ts";
import { numericScore } from "./evaluator.ts";
import type { ResultRow } from "./result-row.ts";
import { bootstrapCI, median, passAtK, passHatK, quantile, wilson } from "./stats.ts";

/** One metric over a run. */
export interface MetricSummary {
  key: string;
  n: number;
  mean: number;
  low: number;
  high: number;
  /** Share of scored rows passing the evaluator's threshold (when it has one, or is boolean). */
  passRate?: number;
  lowerIsBetter: boolean;
  /** Scores for the histogram. */
  histogram: number[];
}

/** What `summary.json` holds. */
export interface RunSummary {
  suite: string;
  runId: string;
  datasetSha256: string;
  startedAt: string;
  finishedAt: string;
  wallMs: number;
  counts: { units: number; ok: number; errors: number; passed: number; failed: number; cases: number };
  passRate: number;
  passRateCI: { low: number; high: number };
  metrics: Record<string, MetricSummary>;
  repetitions?: { n: number; passAt: Record<string, number>; passHat: Record<string, number> };
  robustness?: Record<string, Record<string, { mean: number; delta: number; n: number }>>;
  target: {
    usage: Usage;
    costUsd: number | null;
    latencyMs: { p50: number; p95: number };
    cachedRows: number;
  };
  judge: { usage: Usage; costUsd: number | null; calls: number };
  /** The endpoint and the models that answered the rows. */
  answeredBy?: AnsweredBy;
  limiter?: { throttles: number; requests: number };
  thresholds: { passRate: number; metrics: Record<string, number>; failures: string[] };
  passed: boolean;
}

/** Computes the summary of a run's rows. Metrics and the pass rate count original (unperturbed) rows. */
export function summarize(input: {
  suite: string;
  runId: string;
  datasetSha256: string;
  startedAt: string;
  wallMs: number;
  rows: ResultRow[];
  evaluators: Evaluator[];
  thresholds: { passRate: number; metrics: Record<string, number> };
  repetitions: number;
  limiter?: { throttles: number; requests: number };
  /** The judge costs nothing (the offline judge): its cost is 0, not unknown. */
  freeJudge?: boolean;
  /** The endpoint that answered (the manifest's). */
  endpoint?: string;
}): RunSummary {
  const original = input.rows.filter((row) => row.variant === "original");
  const ok = original.filter((row) => row.status === "ok");
  const passed = original.filter((row) => row.passed).length;
  const byKey = new Map<
    string,
    { scores: number[]; passes: number; scored: number; lowerIsBetter: boolean }
  >();
  const evaluatorFor = (key: string) =>
    input.evaluators.find((evaluator) => evaluator.key === key || key.startsWith(`${evaluator.key}_`));
  for (const row of ok) {
    for (const result of row.scores) {
      const value = numericScore(result.score);
      if (value === undefined) continue;
      const evaluator = evaluatorFor(result.key);
      const entry = byKey.get(result.key) ?? {
        scores: [],
        passes: 0,
        scored: 0,
        lowerIsBetter: evaluator?.lowerIsBetter ?? false,
      };
      entry.scores.push(value);
      if (typeof result.score === "boolean" || evaluator?.threshold !== undefined) {
        entry.scored++;
        if (!row.failedKeys.includes(result.key)) entry.passes++;
      }
      byKey.set(result.key, entry);
    }
  }
  const metrics: Record<string, MetricSummary> = {};
  for (const [key, entry] of byKey) {
    const ci = bootstrapCI(entry.scores);
    metrics[key] = {
      key,
      n: entry.scores.length,
      mean: ci.mean,
      low: ci.low,
      high: ci.high,
      ...(entry.scored ? { passRate: entry.passes / entry.scored } : {}),
      lowerIsBetter: entry.lowerIsBetter,
      histogram: entry.scores,
    };
  }

  let usage = emptyUsage();
  let cost: number | null = 0;
  let judgeUsage = emptyUsage();
  let judgeCost: number | null = input.freeJudge ? 0 : null;
  let judgeCalls = 0;
  for (const row of input.rows) {
    if (row.usage) usage = addUsage(usage, row.usage);
    if (row.status === "ok" && !row.cached)
      cost = row.costUsd === undefined || cost === null ? null : cost + row.costUsd;
    if (row.judgeUsage) judgeUsage = addUsage(judgeUsage, row.judgeUsage);
    if (row.judgeCostUsd !== undefined) judgeCost = (judgeCost ?? 0) + row.judgeCostUsd;
    judgeCalls += row.scores.filter(
      (score) => score.metadata.judge !== undefined && !score.metadata.cached,
    ).length;
  }
  const latencies = input.rows
    .filter((row) => row.status === "ok" && !row.cached)
    .map((row) => row.latencyMs);

  const failures: string[] = [];
  const passRate = original.length ? passed / original.length : 0;
  if (passRate < input.thresholds.passRate) {
    failures.push(
      `pass rate ${(passRate * 100).toFixed(1)}% < ${(input.thresholds.passRate * 100).toFixed(1)}%`,
    );
  }
  for (const [key, limit] of Object.entries(input.thresholds.metrics)) {
    const metric = metrics[key];
    if (!metric) failures.push(`${key}: no scores`);
    else if (metric.lowerIsBetter ? metric.mean > limit : metric.mean < limit) {
      failures.push(`${key}: mean ${metric.mean.toFixed(3)} ${metric.lowerIsBetter ? ">" : "<"} ${limit}`);
    }
  }
  const errors = original.filter((row) => row.status === "error").length;
  if (errors) failures.push(`${errors} error row${errors === 1 ? "" : "s"}`);

  return {
    suite: input.suite,
    runId: input.runId,
    datasetSha256: input.datasetSha256,
    startedAt: input.startedAt,
    finishedAt: new Date().toISOString(),
    wallMs: input.wallMs,
    counts: {
      units: input.rows.length,
      ok: input.rows.filter((row) => row.status === "ok").length,
      errors: input.rows.filter((row) => row.status === "error").length,
      passed,
      failed: original.length - passed,
      cases: new Set(original.map((row) => row.caseId)).size,
    },
    passRate,
    passRateCI: wilson(passed, original.length),
    metrics,
    ...(input.repetitions > 1 ? { repetitions: repetitionStats(original, input.repetitions) } : {}),
    ...robustnessOf(input.rows),
    target: {
      usage,
      costUsd: cost,
      latencyMs: { p50: median(latencies), p95: quantile(latencies, 0.95) },
      cachedRows: input.rows.filter((row) => row.cached).length,
    },
    judge: { usage: judgeUsage, costUsd: judgeCost, calls: judgeCalls },
    ...(input.endpoint ? { answeredBy: { endpoint: input.endpoint, models: modelsOf(input.rows) } } : {}),
    ...(input.limiter ? { limiter: input.limiter } : {}),
    thresholds: { ...input.thresholds, failures },
    passed: failures.length === 0,
  };
}

/** pass@k and pass^k for k = 1..n, averaged over cases. */
function repetitionStats(rows: ResultRow[], n: number): NonNullable<RunSummary["repetitions"]> {
  const byCase = new Map<string, ResultRow[]>();
  for (const row of rows) byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row]);
  const passAt: Record<string, number> = {};
  const passHat: Record<string, number> = {};
  for (let k = 1; k <= n; k++) {
    const at: number[] = [];
    const hat: number[] = [];
    for (const list of byCase.values()) {
      if (list.length < k) continue;
      const c = list.filter((row) => row.passed).length;
      at.push(passAtK(list.length, c, k));
      hat.push(passHatK(list.length, c, k));
    }
    passAt[k] = at.reduce((a, b) => a + b, 0) / (at.length || 1);
    passHat[k] = hat.reduce((a, b) => a + b, 0) / (hat.length || 1);
  }
  return { n, passAt, passHat };
}

/** Mean score per perturbation and metric, and its delta against the same cases unperturbed. */
function robustnessOf(rows: ResultRow[]): Pick<RunSummary, "robustness"> {
  const variants = [...new Set(rows.map((row) => row.variant))].filter((variant) => variant !== "original");
  if (!variants.length) return {};
  const original = new Map(
    rows.filter((row) => row.variant === "original").map((row) => [`${row.caseId}#${row.repetition}`, row]),
  );
  const robustness: NonNullable<RunSummary["robustness"]> = {};
  for (const variant of variants) {
    const perKey: Record<string, { sum: number; deltaSum: number; n: number }> = {};
    for (const row of rows.filter((r) => r.variant === variant && r.status === "ok")) {
      const base = original.get(`${row.caseId}#${row.repetition}`);
      if (base?.status !== "ok") continue;
      for (const result of row.scores) {
        const value = numericScore(result.score);
        const before = numericScore(base.scores.find((score) => score.key === result.key)?.score ?? null);
        if (value === undefined || before === undefined) continue;
        const entry = perKey[result.key] ?? { sum: 0, deltaSum: 0, n: 0 };
        perKey[result.key] = entry;
        entry.sum += value;
        entry.deltaSum += value - before;
        entry.n++;
      }
    }
    robustness[variant] = Object.fromEntries(
      Object.entries(perKey).map(([key, entry]) => [
        key,
        { mean: entry.sum / entry.n, delta: entry.deltaSum / entry.n, n: entry.n },
      ]),
    );
  }
  return { robustness };
}
