import type { Step } from "../../graph/state.ts";
import type { ResultRow, SpanSummary } from "../result-row.ts";
import type { RunManifest } from "../runner.ts";
import type { RunSummary } from "../summary.ts";
import { type AnsweredByView, answeredByView } from "./answered-by-view.ts";

/**
 * What an evaluation report says, as plain data: the HTML file (src/evals/reports/html.ts) and the Studio
 * UI render the same model, so both say who answered, which thresholds held and why the run passed or
 * failed, what came from the cache, and leave out what does not apply to the suite.
 */
export interface ReportModel {
  suite: string;
  runId: string;
  passed: boolean;
  startedAt: string;
  wallSeconds: string;
  datasetSha256: string;
  answeredBy: AnsweredByView;
  /** Every threshold of the suite with the run's value; `ok` false for those that failed. */
  thresholds: Array<{ name: string; required: string; actual: string; ok: boolean }>;
  /** Why the run passed or failed, in a sentence. */
  verdict: string;
  cache: { cachedRows: number; rows: number; note: string };
  /** Summary cards that apply to this suite. */
  cards: Array<{ title: string; value: string; detail?: string }>;
  metrics: Array<{ key: string; mean: string; ci: string; passRate: string; n: number; better: string }>;
  robustness?: Array<{
    variant: string;
    metric: string;
    mean: string;
    delta: string;
    n: number;
    worse: boolean;
  }>;
  repetitions?: Array<{ k: string; passAt: string; passHat: string }>;
  cases: CaseView[];
}

export interface CaseView {
  state: "pass" | "fail" | "error";
  title: string;
  input: string;
  expected?: string;
  answer?: string;
  error?: string;
  /** `123 ms`, or `123 ms (recorded: from the cache)` for cached rows. */
  latency: string;
  cached: boolean;
  tokens?: string;
  cost?: string;
  attempts: number;
  failedKeys: string[];
  scores: Array<{ key: string; score: string; label?: string; comment: string; failed: boolean }>;
  steps: Step[];
  passages?: Array<{ id: string; score?: string; uri?: string; excerpt: string; cited: boolean }>;
  cited?: string[];
  spans?: SpanSummary[];
  traceId?: string;
}

export const NOT_APPLICABLE = "not applicable";

/** A number for people, or "not applicable" where there is none. */
export function fmt(value: number | null | undefined, digits = 3): string {
  return value === undefined || value === null || Number.isNaN(value)
    ? NOT_APPLICABLE
    : value.toFixed(digits);
}

/** Milliseconds, or "not applicable" (no unit) when there is no value (e.g. every row errored). */
const ms = (value: number | null | undefined) => {
  const text = fmt(value, 0);
  return text === NOT_APPLICABLE ? text : `${text} ms`;
};
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const usd = (value: number | null | undefined) =>
  value === null || value === undefined ? "unknown (no price for the model)" : `$${value.toFixed(4)}`;

const stateOf = (row: ResultRow): CaseView["state"] =>
  row.status === "error" ? "error" : row.passed ? "pass" : "fail";
const ORDER = { error: 0, fail: 1, pass: 2 } as const;

/** Builds the report model of a run. */
export function reportModel(
  summary: RunSummary,
  rows: readonly ResultRow[],
  manifest?: Partial<RunManifest> & { endpoint?: string },
): ReportModel {
  const thresholds = thresholdRows(summary);
  const failed = thresholds.filter((t) => !t.ok);
  const verdict = summary.passed
    ? `passed: all ${thresholds.length} threshold${thresholds.length === 1 ? "" : "s"} met`
    : `failed: ${failed.map((t) => `${t.name} is ${t.actual}, needs ${t.required}`).join("; ") || summary.thresholds.failures.join("; ")}`;
  const cachedRows = summary.target.cachedRows ?? rows.filter((row) => row.cached).length;
  const units = summary.counts.units;
  const cards: ReportModel["cards"] = [
    {
      title: "pass rate",
      value: pct(summary.passRate),
      detail: `95% CI [${pct(summary.passRateCI.low)}, ${pct(summary.passRateCI.high)}]`,
    },
    {
      title: "rows",
      value: String(units),
      detail: `${summary.counts.passed} passed · ${summary.counts.failed} failed · ${summary.counts.errors} errors`,
    },
  ];
  const used = summary.target.usage.totalTokens > 0 || (summary.target.costUsd ?? 0) > 0;
  if (used)
    cards.push({
      title: "target",
      value: `${summary.target.usage.totalTokens} tokens`,
      detail: `${usd(summary.target.costUsd)} · p50 ${ms(summary.target.latencyMs.p50)} · p95 ${ms(summary.target.latencyMs.p95)}`,
    });
  else
    cards.push({
      title: "latency",
      value: `p50 ${ms(summary.target.latencyMs.p50)}`,
      detail: `p95 ${ms(summary.target.latencyMs.p95)}`,
    });
  if (summary.judge.calls > 0 || summary.judge.usage.totalTokens > 0)
    cards.push({
      title: "judge",
      value: `${summary.judge.calls} calls`,
      detail: `${summary.judge.usage.totalTokens} tokens · ${usd(summary.judge.costUsd)}`,
    });
  // The limiter only matters to a team when it held requests back.
  if (summary.limiter && summary.limiter.throttles > 0)
    cards.push({
      title: "rate limiter",
      value: `${summary.limiter.requests} requests`,
      detail: `${summary.limiter.throttles} throttled`,
    });
  const sorted = [...rows].sort(
    (a, b) => ORDER[stateOf(a)] - ORDER[stateOf(b)] || a.caseId.localeCompare(b.caseId),
  );
  return {
    suite: summary.suite,
    runId: summary.runId,
    passed: summary.passed,
    startedAt: summary.startedAt,
    wallSeconds: `${(summary.wallMs / 1000).toFixed(1)} s`,
    datasetSha256: summary.datasetSha256,
    answeredBy: answeredByView(summary, manifest, rows),
    thresholds,
    verdict,
    cache: {
      cachedRows,
      rows: units,
      note: cachedRows
        ? `${cachedRows} of ${units} rows came from the cache: their answers and latencies were recorded by an earlier run`
        : `no row came from the cache: all ${units} were answered in this run`,
    },
    cards,
    metrics: Object.values(summary.metrics).map((metric) => ({
      key: metric.key,
      mean: fmt(metric.mean),
      ci: `[${fmt(metric.low)}, ${fmt(metric.high)}]`,
      passRate: metric.passRate === undefined ? NOT_APPLICABLE : pct(metric.passRate),
      n: metric.n,
      better: metric.lowerIsBetter ? "lower" : "higher",
    })),
    ...(summary.robustness
      ? {
          robustness: Object.entries(summary.robustness).flatMap(([variant, keys]) =>
            Object.entries(keys).map(([metric, value]) => ({
              variant,
              metric,
              mean: fmt(value.mean),
              delta: `${value.delta >= 0 ? "+" : ""}${fmt(value.delta)}`,
              n: value.n,
              worse: lowerIsBetter(summary, metric) ? value.delta > 0 : value.delta < 0,
            })),
          ),
        }
      : {}),
    ...(summary.repetitions
      ? {
          repetitions: Object.keys(summary.repetitions.passAt).map((k) => ({
            k,
            passAt: fmt(summary.repetitions?.passAt[k]),
            passHat: fmt(summary.repetitions?.passHat[k]),
          })),
        }
      : {}),
    cases: sorted.map(caseView),
  };
}

function lowerIsBetter(summary: RunSummary, key: string): boolean {
  return summary.metrics[key]?.lowerIsBetter ?? false;
}

/** The suite's thresholds, each with the value the run reached. */
function thresholdRows(summary: RunSummary): ReportModel["thresholds"] {
  const rows: ReportModel["thresholds"] = [
    {
      name: "pass rate",
      required: `≥ ${pct(summary.thresholds.passRate)}`,
      actual: pct(summary.passRate),
      ok: summary.passRate >= summary.thresholds.passRate,
    },
  ];
  for (const [key, limit] of Object.entries(summary.thresholds.metrics)) {
    const metric = summary.metrics[key];
    const lower = metric?.lowerIsBetter ?? false;
    rows.push({
      name: key,
      required: `${lower ? "≤" : "≥"} ${limit}`,
      actual: metric ? fmt(metric.mean) : "no scores",
      ok: metric ? (lower ? metric.mean <= limit : metric.mean >= limit) : false,
    });
  }
  rows.push({
    name: "error rows",
    required: "none",
    actual: String(summary.counts.errors),
    ok: !summary.thresholds.failures.some((failure) => /error row/.test(failure)),
  });
  return rows;
}

function caseView(row: ResultRow): CaseView {
  const title = `${row.caseId}${row.repetition > 1 ? ` #${row.repetition}` : ""}${row.variant !== "original" ? ` [${row.variant}]` : ""}`;
  const cited = new Set(row.citedIds ?? []);
  const passages = row.passages?.map((passage) => ({
    id: passage.id,
    ...(passage.score !== undefined ? { score: passage.score.toFixed(3) } : {}),
    ...(passage.uri ? { uri: passage.uri } : {}),
    excerpt: passage.excerpt,
    cited: cited.has(passage.id),
  }));
  const latency = `${fmt(row.latencyMs, 0)} ms`;
  return {
    state: stateOf(row),
    title,
    input: row.input,
    ...(row.expectedAnswer !== undefined ? { expected: row.expectedAnswer } : {}),
    ...(row.answer !== undefined ? { answer: row.answer } : {}),
    ...(row.error ? { error: `${row.error.type}: ${row.error.message}` } : {}),
    latency: row.cached ? `${latency} (recorded: from the cache)` : latency,
    cached: row.cached,
    ...(row.usage ? { tokens: `${row.usage.totalTokens} tokens` } : {}),
    ...(row.usage || row.costUsd !== undefined ? { cost: usd(row.costUsd) } : {}),
    attempts: row.attempts,
    failedKeys: row.failedKeys,
    scores: row.scores.map((score) => ({
      key: score.key,
      score:
        score.score === null || score.score === undefined
          ? NOT_APPLICABLE
          : typeof score.score === "number"
            ? fmt(score.score)
            : String(score.score),
      ...(score.label ? { label: score.label } : {}),
      comment: score.comment ?? "",
      failed: row.failedKeys.includes(score.key),
    })),
    steps: row.steps ?? [],
    ...(passages?.length ? { passages } : {}),
    ...(row.citedIds?.length ? { cited: row.citedIds } : {}),
    ...(row.spans?.length ? { spans: row.spans } : {}),
    ...(row.traceId ? { traceId: row.traceId } : {}),
  };
}
