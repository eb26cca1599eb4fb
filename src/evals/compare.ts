import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../config/config-error.ts";
import { type AnsweredBy, modelsOf } from "./answered-by.ts";
import { numericScore } from "./evaluator.ts";
import type { ResultRow } from "./result-row.ts";
import { readResults } from "./results-file.ts";
import type { RunManifest } from "./runner.ts";
import { pairedBootstrap } from "./stats.ts";
import type { RunSummary } from "./summary.ts";

/** A run read back from its directory. */
export interface StoredRun {
  dir: string;
  manifest: RunManifest;
  rows: Map<string, ResultRow>;
  /** Metrics where a lower score is better (from the run's summary, e.g. a false-positive rate). */
  lowerIsBetter?: string[];
}

/** One metric compared across two runs over the cases both scored. */
export interface MetricDelta {
  key: string;
  n: number;
  meanA: number;
  meanB: number;
  delta: number;
  low: number;
  high: number;
  pValue: number;
  lowerIsBetter: boolean;
  /** `worse` / `better` when the paired 95% CI excludes 0; else `same`. */
  verdict: "better" | "worse" | "same";
}

/** A case that passed in A and fails (or errors) in B, or the reverse. */
export interface CaseChange {
  caseId: string;
  repetition: number;
  variant: string;
  status: string;
  failedKeys: string[];
}

export interface Comparison {
  a: { runId: string; suite: string; answeredBy: AnsweredBy | null };
  b: { runId: string; suite: string; answeredBy: AnsweredBy | null };
  comparable: boolean;
  reason?: string;
  aligned: number;
  onlyInA: number;
  onlyInB: number;
  passRate: MetricDelta;
  metrics: MetricDelta[];
  regressions: CaseChange[];
  improvements: CaseChange[];
}

/** Reads a run directory (manifest and results). */
export function readRun(dir: string): StoredRun {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) throw new ConfigError(`${dir}: not a run directory (no manifest.json)`);
  const summaryPath = join(dir, "summary.json");
  const summary = existsSync(summaryPath)
    ? (JSON.parse(readFileSync(summaryPath, "utf8")) as Partial<RunSummary>)
    : undefined;
  return {
    dir,
    manifest: JSON.parse(readFileSync(manifestPath, "utf8")) as RunManifest,
    rows: readResults(join(dir, "results.jsonl")).rows,
    lowerIsBetter: Object.entries(summary?.metrics ?? {}).flatMap(([key, metric]) =>
      metric.lowerIsBetter ? [key] : [],
    ),
  };
}

/** Finds a run by directory path or id (`<outDir>/<suite>/<id>`, any suite when none is given). */
export function resolveRun(ref: string, outDir: string, suite?: string): string {
  if (existsSync(join(ref, "manifest.json"))) return ref;
  const suites = suite ? [suite] : existsSync(outDir) ? readdirSync(outDir) : [];
  for (const name of suites) {
    const dir = join(outDir, name, ref);
    if (existsSync(join(dir, "manifest.json"))) return dir;
  }
  throw new ConfigError(
    `run "${ref}" not found: pass a run directory or an id under ${outDir}${suite ? `/${suite}` : ""}`,
  );
}

const LOWER_IS_BETTER = new Set(["latency_ms", "total_tokens", "cost_usd"]);

function delta(key: string, a: number[], b: number[], lowerIsBetter: boolean): MetricDelta {
  const result = pairedBootstrap(a, b);
  const mean = (list: number[]) => list.reduce((sum, v) => sum + v, 0) / (list.length || 1);
  const improved = lowerIsBetter ? result.high < 0 : result.low > 0;
  const worsened = lowerIsBetter ? result.low > 0 : result.high < 0;
  return {
    key,
    n: a.length,
    meanA: mean(a),
    meanB: mean(b),
    ...result,
    lowerIsBetter,
    verdict: improved ? "better" : worsened ? "worse" : "same",
  };
}

/** Options of {@link compareRuns}. */
export interface CompareOptions {
  /** Compare runs answered by different endpoints or models (a model migration); default false. */
  acrossModels?: boolean;
}

/**
 * Aligns two runs by (case, repetition, variant) and compares them: paired bootstrap CIs of the pass
 * rate and of every metric both runs scored, and the cases that regressed or improved. Runs answered by
 * different endpoints or models are not comparable unless `acrossModels` says to compare across them.
 */
export function compareRuns(a: StoredRun, b: StoredRun, options: CompareOptions = {}): Comparison {
  const keys = [...a.rows.keys()].filter((key) => b.rows.has(key));
  const answered = (run: StoredRun): AnsweredBy | null =>
    run.manifest.endpoint === undefined
      ? null
      : {
          endpoint: run.manifest.endpoint,
          models: modelsOf(keys.flatMap((key) => run.rows.get(key) ?? [])),
        };
  const header = {
    a: { runId: a.manifest.runId, suite: a.manifest.suite, answeredBy: answered(a) },
    b: { runId: b.manifest.runId, suite: b.manifest.suite, answeredBy: answered(b) },
  };
  const empty = delta("pass_rate", [], [], false);
  const base = {
    ...header,
    aligned: keys.length,
    onlyInA: a.rows.size - keys.length,
    onlyInB: b.rows.size - keys.length,
    passRate: empty,
    metrics: [],
    regressions: [],
    improvements: [],
  };
  if (a.manifest.suite !== b.manifest.suite) {
    return {
      ...base,
      comparable: false,
      reason: `different suites: ${a.manifest.suite} vs ${b.manifest.suite}`,
    };
  }
  if (!keys.length) return { ...base, comparable: false, reason: "the runs share no cases" };
  const backends = options.acrossModels ? undefined : differentBackends(header.a, header.b);
  if (backends) return { ...base, comparable: false, reason: backends };

  const pairs = keys.map((key) => [a.rows.get(key), b.rows.get(key)] as [ResultRow, ResultRow]);
  const passRate = delta(
    "pass_rate",
    pairs.map(([x]) => (x.passed ? 1 : 0)),
    pairs.map(([, y]) => (y.passed ? 1 : 0)),
    false,
  );
  const metricKeys = new Set(
    pairs.flatMap(([x, y]) =>
      [...x.scores.map((s) => s.key)].filter((k) => y.scores.some((s) => s.key === k)),
    ),
  );
  if (!metricKeys.size && pairs.some(([x, y]) => x.status === "ok" && y.status === "ok")) {
    return { ...base, comparable: false, reason: "the runs share no metrics" };
  }
  const lower = new Set([...LOWER_IS_BETTER, ...(a.lowerIsBetter ?? []), ...(b.lowerIsBetter ?? [])]);
  const metrics: MetricDelta[] = [];
  for (const key of metricKeys) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [x, y] of pairs) {
      const vx = numericScore(x.scores.find((s) => s.key === key)?.score ?? null);
      const vy = numericScore(y.scores.find((s) => s.key === key)?.score ?? null);
      if (vx !== undefined && vy !== undefined) {
        xs.push(vx);
        ys.push(vy);
      }
    }
    if (xs.length) metrics.push(delta(key, xs, ys, lower.has(key)));
  }
  const change = (row: ResultRow): CaseChange => ({
    caseId: row.caseId,
    repetition: row.repetition,
    variant: row.variant,
    status: row.status,
    failedKeys: row.failedKeys,
  });
  return {
    ...base,
    comparable: true,
    passRate,
    metrics: metrics.sort((m, n) => m.key.localeCompare(n.key)),
    regressions: pairs.filter(([x, y]) => x.passed && !y.passed).map(([, y]) => change(y)),
    improvements: pairs.filter(([x, y]) => !x.passed && y.passed).map(([, y]) => change(y)),
  };
}

const ACROSS = "pass --allow-model-change to compare across them";

/** Why two runs were answered by different setups, or undefined when the same endpoint and models answered. */
function differentBackends(a: Comparison["a"], b: Comparison["b"]): string | undefined {
  for (const run of [a, b]) {
    if (!run.answeredBy)
      return `run ${run.runId} does not record which endpoint answered it (made before Glassbox recorded it): re-run it, or ${ACROSS}`;
  }
  const x = a.answeredBy as AnsweredBy;
  const y = b.answeredBy as AnsweredBy;
  if (x.endpoint !== y.endpoint)
    return `answered by different endpoints: ${a.runId} by ${x.endpoint}, ${b.runId} by ${y.endpoint}; ${ACROSS}`;
  const models = (answered: AnsweredBy) => Object.keys(answered.models).sort().join(", ");
  if (models(x) !== models(y))
    return `answered by different models: ${a.runId} by ${models(x) || "none"}, ${b.runId} by ${models(y) || "none"}; ${ACROSS}`;
  return undefined;
}

/** Gate outcome for CI: 0 pass, 1 regression, 3 not comparable (2, usage, is the CLI's). */
export function gateExitCode(
  comparison: Comparison,
  options: { maxRegressions?: number; metrics?: "quality" | "all" } = {},
): 0 | 1 | 3 {
  if (!comparison.comparable) return 3;
  if (comparison.regressions.length > (options.maxRegressions ?? 0)) return 1;
  if (comparison.passRate.verdict === "worse") return 1;
  const gated = comparison.metrics.filter((metric) => options.metrics === "all" || !metric.lowerIsBetter);
  return gated.some((metric) => metric.verdict === "worse") ? 1 : 0;
}

/** The comparison as text for a terminal. */
export function formatComparison(comparison: Comparison): string {
  const by = (answeredBy: AnsweredBy | null) =>
    answeredBy
      ? `${answeredBy.endpoint} · ${Object.keys(answeredBy.models).join(", ") || "no model"}`
      : "not recorded";
  const lines = [
    `compare ${comparison.a.runId} → ${comparison.b.runId} (${comparison.a.suite})`,
    `  A answered by ${by(comparison.a.answeredBy)}`,
    `  B answered by ${by(comparison.b.answeredBy)}`,
  ];
  if (!comparison.comparable) return `${lines.join("\n")}\nnot comparable: ${comparison.reason}\n`;
  lines.push(
    `aligned ${comparison.aligned} rows (only in A: ${comparison.onlyInA}, only in B: ${comparison.onlyInB})`,
  );
  const row = (m: MetricDelta) =>
    `  ${m.key.padEnd(28)} ${m.meanA.toFixed(3).padStart(9)} ${m.meanB.toFixed(3).padStart(9)} ${`${m.delta >= 0 ? "+" : ""}${m.delta.toFixed(3)}`.padStart(9)}  [${m.low.toFixed(3)}, ${m.high.toFixed(3)}]  ${m.verdict}`;
  lines.push(
    `  ${"metric".padEnd(28)} ${"A".padStart(9)} ${"B".padStart(9)} ${"Δ".padStart(9)}  95% CI (paired bootstrap)`,
  );
  lines.push(row(comparison.passRate), ...comparison.metrics.map(row));
  lines.push(`regressions (${comparison.regressions.length}):`);
  for (const r of comparison.regressions)
    lines.push(
      `  ${r.caseId}${r.repetition > 1 ? ` #${r.repetition}` : ""}${r.variant !== "original" ? ` [${r.variant}]` : ""}: ${r.status === "error" ? "error" : `failed ${r.failedKeys.join(", ")}`}`,
    );
  if (comparison.improvements.length)
    lines.push(
      `improvements (${comparison.improvements.length}): ${comparison.improvements.map((r) => r.caseId).join(", ")}`,
    );
  return `${lines.join("\n")}\n`;
}
