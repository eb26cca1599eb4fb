import { setMaxListeners } from "node:events";
import { join } from "node:path";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { DEFAULT_MODEL_ID } from "../model/catalog.ts";
import { connectionOf, createBedrockRuntimeClient } from "../model/client.ts";
import type { ModelConfigInput } from "../model/config.ts";
import { limitClient, RateLimiter, type RateLimits } from "../model/rate-limiter.ts";
import { glassboxPackage } from "../package-root.ts";
import type { ExporterSpec } from "../telemetry/exporter-spec.ts";
import { setupTelemetry, type Telemetry } from "../telemetry/setup.ts";
import { endpointLabel } from "./answered-by.ts";
import { type EvalCache, noCache, openCache } from "./cache.ts";
import { cachedJudge } from "./cached-judge.ts";
import { converseJudge } from "./judge/converse-judge.ts";
import type { Judge } from "./judge/judge.ts";
import { offlineJudge } from "./judge/offline-judge.ts";
import { createPool } from "./pool.ts";
import type { LoadedSuite } from "./registry.ts";
import type { ResultRow } from "./result-row.ts";
import { openResults, type ResultsFile } from "./results-file.ts";
import type { Perturbation } from "./robustness.ts";
import {
  assertRunId,
  finishedRow,
  newRunId,
  openRunDir,
  planUnits,
  targetName,
  type Unit,
} from "./run-dir.ts";
import { evaluateUnit, type UnitDeps, unitInput } from "./run-unit.ts";
import { SpanCollector } from "./span-collector.ts";
import { type RunSummary, summarize } from "./summary.ts";

export type { RunManifest } from "./run-dir.ts";

/** Options of one evaluation run. */
export interface EvalRunOptions {
  /**
   * Root of run directories and the cache.
   * @default ".glassbox/evals"
   */
  outDir?: string;
  /** A new run's id (default: time-stamped), or the run to resume with `resume`. */
  runId?: string;
  resume?: boolean;
  repetitions?: number;
  /**
   * Cases in flight against the target (the suite's `defaults.concurrency` first).
   * @default 8
   */
  concurrency?: number;
  /**
   * Judge calls in flight.
   * @default 4
   */
  judgeConcurrency?: number;
  /** Target model requests per minute and tokens per minute. */
  limits?: RateLimits;
  judgeLimits?: RateLimits;
  /**
   * Extra attempts of a case whose target call failed, after the model layer's own retries.
   * @default 2
   */
  retries?: number;
  /**
   * Use and fill the content-addressed cache.
   * @default true
   */
  cache?: boolean;
  /** On resume, run error rows again. */
  retryErrors?: boolean;
  /** Only the first n dataset rows. */
  limit?: number;
  robustness?: Perturbation[];
  /** Model settings for the target (model id, endpoint, region...). */
  model?: ModelConfigInput;
  /**
   * How the endpoint is named in the manifest and in cache keys, when its URL does not say it (the CLI
   * names its in-process local Bedrock, whose port changes every run). Default: the URL, or Amazon Bedrock
   * and its region.
   */
  endpointLabel?: string;
  /**
   * `offline` (a deterministic judge, no model calls) or a Bedrock model id for the LLM judge.
   * @default "offline"
   */
  judge?: string;
  /** Extra span exporters (the run always keeps span summaries in its rows). */
  exporters?: ExporterSpec[];
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/** Progress of a run, for the progress bar. */
export interface Progress {
  total: number;
  done: number;
  skipped: number;
  errors: number;
  passed: number;
  costUsd: number;
  startedAt: number;
}

/** What a finished run returns. */
export interface EvalRun {
  runId: string;
  runDir: string;
  rows: ResultRow[];
  summary: RunSummary;
  /** Rows already finished before this process (resume). */
  skipped: number;
}

/** The defaults of {@link EvalRunOptions}, in one place. */
const DEFAULTS = {
  outDir: join(".glassbox", "evals"),
  concurrency: 8,
  judgeConcurrency: 4,
  retries: 2,
  judge: "offline",
  cache: true,
} satisfies EvalRunOptions;

/**
 * Runs a suite: every (case × repetition × perturbation) unit through the target and the evaluators,
 * with separate pools and rate limiters for target and judge, a persistent cache, and an append-only
 * results file that a later run with `resume` completes.
 *
 * @example
 * ```ts
 * import { loadSuite, runSuite, writeReports } from "glassbox/evals";
 *
 * const suite = await loadSuite("evals", "support");
 * const run = await runSuite(suite, { model: { endpoint: local.url }, concurrency: 4 });
 * writeReports(run.runDir, run.summary, run.rows);
 * console.log(run.summary.passRate, run.summary.passed ? "passed" : "failed");
 * ```
 */
export async function runSuite(loaded: LoadedSuite, options: EvalRunOptions = {}): Promise<EvalRun> {
  const settings = { ...DEFAULTS, ...dropUndefined(options) };
  const { suite, dataset, evaluators } = loaded;
  const runId = options.runId ?? newRunId();
  assertRunId(runId, options.resume ? "--resume" : "--run-id");
  const modelId = options.model?.modelId ?? DEFAULT_MODEL_ID;
  const targetLimiter = new RateLimiter(options.limits ?? {});
  const targetClient = limitClient(client(options), targetLimiter);
  const endpoint = await endpointLabel({
    label: options.endpointLabel,
    endpoint: options.model?.endpoint,
    client: targetClient,
  });
  const { manifest, runDir } = openRunDir(
    join(settings.outDir, suite.name, runId),
    {
      suite: suite.name,
      runId,
      datasetSha256: dataset.sha256,
      evaluators: evaluators.map((evaluator) => ({ key: evaluator.key, ...evaluator.config })),
      target: targetName(suite),
      model: modelId,
      endpoint,
      glassbox: glassboxPackage().version,
      judge: settings.judge,
      repetitions: options.repetitions ?? suite.defaults.repetitions ?? 1,
      robustness: options.robustness ?? suite.defaults.robustness ?? [],
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      createdAt: new Date().toISOString(),
    },
    options.resume ?? false,
  );
  const units = planUnits(dataset.rows, manifest);
  const results = openResults(join(runDir, "results.jsonl"));
  const cache: EvalCache = settings.cache ? openCache(join(settings.outDir, "cache.sqlite")) : noCache();
  const collector = new SpanCollector();
  const telemetry = setupTelemetry({
    serviceName: "glassbox-eval",
    exporters: options.exporters ?? [],
    spanProcessors: [collector],
  });
  // Every case in flight listens to the run's signal.
  const signal = options.signal ?? new AbortController().signal;
  setMaxListeners(0, signal);
  const pending = units.filter((unit) => {
    const done = finishedRow(results.rows, unit);
    return !done || (options.retryErrors && done.status === "error");
  });
  const progress = startProgress(units.length, units.length - pending.length, options.onProgress);
  try {
    const deps: UnitDeps = {
      suite: suite.name,
      target: await openTarget(loaded, options, modelId, telemetry, targetClient),
      fingerprint: suite.target.fingerprint ?? manifest.target,
      modelId,
      endpoint: manifest.endpoint ?? endpoint,
      evaluators,
      judge: cachedJudge(judgeFor(settings.judge, options), {
        cache,
        pool: createPool(settings.judgeConcurrency),
        signal: options.signal,
      }),
      cache,
      retries: settings.retries,
      signal,
    };
    const runUnit = async (unit: Unit) => {
      const row = await tracedUnit(deps, unit, { runId, tracer: telemetry.tracer, collector });
      if (options.signal?.aborted && row.status === "error") return; // cancelled, not failed: left for resume
      record(results, progress, row);
    };
    const pool = createPool(options.concurrency ?? suite.defaults.concurrency ?? settings.concurrency);
    await Promise.all(
      pending.map((unit) =>
        pool.run(async () => {
          if (!options.signal?.aborted) await runUnit(unit);
        }),
      ),
    );
  } finally {
    results.close();
    cache.close();
    await telemetry.shutdown();
  }
  options.signal?.throwIfAborted();
  const rows = units.flatMap((unit) => finishedRow(results.rows, unit) ?? []);
  const summary = summarize({
    suite: suite.name,
    runId,
    datasetSha256: dataset.sha256,
    startedAt: manifest.createdAt,
    wallMs: Date.now() - progress.state.startedAt,
    rows,
    evaluators,
    thresholds: suite.thresholds,
    repetitions: manifest.repetitions,
    limiter: { throttles: targetLimiter.stats.throttles, requests: targetLimiter.stats.requests },
    freeJudge: manifest.judge === "offline",
    endpoint: manifest.endpoint ?? endpoint,
  });
  return { runId, runDir, rows, summary, skipped: progress.state.skipped };
}

/** Evaluates a unit under its own `evaluate {suite}` span; the row keeps the run's span tree. */
async function tracedUnit(
  deps: UnitDeps,
  unit: Unit,
  trace: { runId: string; tracer: Telemetry["tracer"]; collector: SpanCollector },
): Promise<ResultRow> {
  const span = trace.tracer.startSpan(`evaluate ${deps.suite}`, {
    attributes: {
      "glassbox.eval.suite": deps.suite,
      "glassbox.eval.run_id": trace.runId,
      "glassbox.eval.case_id": unit.row.id,
      "glassbox.eval.repetition": unit.repetition,
      "glassbox.eval.variant": unit.variant,
    },
  });
  const traceId = span.spanContext().traceId;
  trace.collector.watch(traceId);
  const row = await evaluateUnit(deps, unit, unitInput(unit), span);
  span.end();
  const spans = trace.collector.take(traceId);
  return { ...row, ...(spans.length && !row.cached ? { spans, traceId } : {}) };
}

function client(options: EvalRunOptions): BedrockRuntimeClient {
  return createBedrockRuntimeClient(connectionOf(options.model ?? {}));
}

/** The suite's target, built with the run's (rate-limited) client, model settings and tracer. */
async function openTarget(
  loaded: LoadedSuite,
  options: EvalRunOptions,
  modelId: string,
  telemetry: Telemetry,
  limited: BedrockRuntimeClient,
) {
  return loaded.suite.target.create({ client: limited, model: { ...options.model, modelId }, telemetry });
}

function judgeFor(judgeId: string, options: EvalRunOptions): Judge {
  if (judgeId === "offline") return offlineJudge();
  return converseJudge({
    client: limitClient(client(options), new RateLimiter(options.judgeLimits ?? {})),
    modelId: judgeId,
  });
}

function startProgress(total: number, skipped: number, onProgress?: (progress: Progress) => void) {
  const state: Progress = {
    total,
    done: skipped,
    skipped,
    errors: 0,
    passed: 0,
    costUsd: 0,
    startedAt: Date.now(),
  };
  onProgress?.({ ...state });
  return { state, report: () => onProgress?.({ ...state }) };
}

/** Appends a finished row and counts it. */
function record(results: ResultsFile, progress: ReturnType<typeof startProgress>, row: ResultRow): void {
  results.append(row);
  const state = progress.state;
  state.done++;
  if (row.status === "error") state.errors++;
  if (row.passed) state.passed++;
  state.costUsd += (row.cached ? 0 : (row.costUsd ?? 0)) + (row.judgeCostUsd ?? 0);
  progress.report();
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
