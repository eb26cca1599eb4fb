import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { context, type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import { ConfigError } from "../config/config-error.ts";
import type { Source } from "../graph/state.ts";
import { sourceTitle } from "../kb/sources.ts";
import { DEFAULT_MODEL_ID } from "../model/catalog.ts";
import { createBedrockRuntimeClient } from "../model/client.ts";
import type { ModelConfigInput } from "../model/config.ts";
import { abortableSleep, classifyError } from "../model/retry.ts";
import { addUsage, emptyUsage, type Usage } from "../model/usage.ts";
import type { ExporterSpec } from "../telemetry/exporter-spec.ts";
import { setupTelemetry } from "../telemetry/setup.ts";
import { cacheKey, type EvalCache, noCache, openCache } from "./cache.ts";
import type { DatasetRow } from "./dataset.ts";
import { recordEvaluations } from "./evaluation-events.ts";
import { type EvaluationResult, passes, type TargetOutput, toolCallsOf } from "./evaluator.ts";
import { findGraph } from "./graphs.ts";
import { converseJudge } from "./judge/converse-judge.ts";
import type { Judge } from "./judge/judge.ts";
import { offlineJudge } from "./judge/offline-judge.ts";
import { createPool } from "./pool.ts";
import { limitClient, RateLimiter, type RateLimits } from "./rate-limiter.ts";
import type { LoadedSuite } from "./registry.ts";
import { type ResultRow, unitKey } from "./result-row.ts";
import { openResults } from "./results-file.ts";
import { type Perturbation, perturb } from "./robustness.ts";
import { SpanCollector } from "./span-collector.ts";
import { type RunSummary, summarize } from "./summary.ts";
import { agentTarget, type TargetContext, type TargetFn } from "./target.ts";

/** Options of one evaluation run. */
export interface EvalRunOptions {
  /** Root of run directories and the cache (default `.glassbox/evals`). */
  outDir?: string;
  /** A new run's id (default: time-stamped), or the run to resume with `resume`. */
  runId?: string;
  resume?: boolean;
  repetitions?: number;
  /** Cases in flight against the target (default 8). */
  concurrency?: number;
  /** Judge calls in flight (default 4). */
  judgeConcurrency?: number;
  /** Target model requests per minute and tokens per minute. */
  limits?: RateLimits;
  judgeLimits?: RateLimits;
  /** Extra attempts of a case whose target call failed (default 2), after the model layer's own retries. */
  retries?: number;
  /** Use and fill the content-addressed cache (default true). */
  cache?: boolean;
  /** On resume, run error rows again. */
  retryErrors?: boolean;
  /** Only the first n dataset rows. */
  limit?: number;
  robustness?: Perturbation[];
  /** Model settings for the target (model id, endpoint, region...). */
  model?: ModelConfigInput;
  /** `offline` (default) or a Bedrock model id for the LLM judge. */
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

/** The run's manifest: what must match for a resume or a comparison to make sense. */
export interface RunManifest {
  suite: string;
  runId: string;
  datasetSha256: string;
  evaluators: Array<Record<string, unknown>>;
  target: string;
  model: string;
  judge: string;
  repetitions: number;
  robustness: Perturbation[];
  limit?: number;
  createdAt: string;
}

interface Unit {
  row: DatasetRow;
  repetition: number;
  variant: "original" | Perturbation;
}

/** A new run id: sortable by time, unique. */
export function newRunId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}-${randomUUID().slice(0, 6)}`;
}

function readManifest(runDir: string): RunManifest {
  const path = join(runDir, "manifest.json");
  if (!existsSync(path))
    throw new ConfigError(`cannot resume: ${runDir} has no manifest.json (is it a run directory?)`);
  return JSON.parse(readFileSync(path, "utf8")) as RunManifest;
}

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
  const { suite, dataset, evaluators } = loaded;
  const outDir = options.outDir ?? join(".glassbox", "evals");
  const runId = options.runId ?? newRunId();
  const runDir = join(outDir, suite.name, runId);
  const modelId = options.model?.modelId ?? DEFAULT_MODEL_ID;
  const judgeId = options.judge ?? "offline";
  const targetName =
    "graph" in suite.target ? `graph:${suite.target.graph}` : `function:${suite.target.name}`;
  const fingerprint = suite.target.fingerprint ?? targetName;

  let manifest: RunManifest = {
    suite: suite.name,
    runId,
    datasetSha256: dataset.sha256,
    evaluators: evaluators.map((evaluator) => ({ key: evaluator.key, ...evaluator.config })),
    target: targetName,
    model: modelId,
    judge: judgeId,
    repetitions: options.repetitions ?? suite.defaults.repetitions ?? 1,
    robustness: options.robustness ?? suite.defaults.robustness ?? [],
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    createdAt: new Date().toISOString(),
  };
  if (options.resume) {
    const previous = readManifest(runDir);
    if (previous.datasetSha256 !== dataset.sha256) {
      throw new ConfigError(
        `cannot resume ${runId}: the dataset changed since the run started (sha256 differs)`,
      );
    }
    if (JSON.stringify(previous.evaluators) !== JSON.stringify(manifest.evaluators)) {
      throw new ConfigError(`cannot resume ${runId}: the suite's evaluators changed since the run started`);
    }
    manifest = { ...previous };
  } else {
    if (existsSync(join(runDir, "manifest.json")))
      throw new ConfigError(`run ${runId} already exists: pass --resume to continue it`);
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  const rows = manifest.limit !== undefined ? dataset.rows.slice(0, manifest.limit) : dataset.rows;
  const units: Unit[] = [];
  for (const row of rows) {
    for (let repetition = 1; repetition <= manifest.repetitions; repetition++) {
      units.push({ row, repetition, variant: "original" });
      for (const variant of manifest.robustness) units.push({ row, repetition, variant });
    }
  }

  const results = openResults(join(runDir, "results.jsonl"));
  const cache: EvalCache = options.cache === false ? noCache() : openCache(join(outDir, "cache.sqlite"));
  const collector = new SpanCollector();
  const telemetry = setupTelemetry({
    serviceName: "glassbox-eval",
    exporters: options.exporters ?? [],
    spanProcessors: [collector],
  });
  const tracer = telemetry.tracer;

  const targetLimiter = new RateLimiter(options.limits ?? {});
  const judgeLimiter = new RateLimiter(options.judgeLimits ?? {});
  const connection = {
    endpoint: options.model?.endpoint,
    region: options.model?.region,
    profile: options.model?.profile,
  };
  const client: BedrockRuntimeClient = limitClient(createBedrockRuntimeClient(connection), targetLimiter);
  const targetContext: TargetContext = { client, model: { ...options.model, modelId }, telemetry };
  const target: TargetFn =
    "graph" in suite.target
      ? agentTarget(await findGraph(suite.target.graph, `suite ${suite.name}: target`)(targetContext))
      : await suite.target.create(targetContext);

  const baseJudge: Judge =
    judgeId === "offline"
      ? offlineJudge()
      : converseJudge({
          client: limitClient(createBedrockRuntimeClient(connection), judgeLimiter),
          modelId: judgeId,
        });
  const judgePool = createPool(options.judgeConcurrency ?? 4);
  const judge: Judge = {
    id: baseJudge.id,
    async judge(request) {
      const key = cacheKey({ judge: baseJudge.id, ...request });
      const hit = cache.get<Awaited<ReturnType<Judge["judge"]>>>("judge", key);
      if (hit) return { ...hit, cached: true };
      const verdict = await withRetries(
        () => judgePool.run(() => baseJudge.judge(request)),
        3,
        options.signal,
      );
      cache.put("judge", key, verdict.value);
      return verdict.value;
    },
  };

  const pending = units.filter((unit) => {
    const done = results.rows.get(
      unitKey({ caseId: unit.row.id, repetition: unit.repetition, variant: unit.variant }),
    );
    return !done || (options.retryErrors && done.status === "error");
  });
  // Every case in flight listens to the run's signal.
  const signal = options.signal ?? new AbortController().signal;
  setMaxListeners(0, signal);
  const startedAt = Date.now();
  const progress: Progress = {
    total: units.length,
    done: units.length - pending.length,
    skipped: units.length - pending.length,
    errors: 0,
    passed: 0,
    costUsd: 0,
    startedAt,
  };
  options.onProgress?.({ ...progress });

  const runUnit = async (unit: Unit): Promise<void> => {
    const input =
      unit.variant === "original" ? unit.row.input : perturb(unit.row.input, unit.variant, seedOf(unit));
    const span = tracer.startSpan(`evaluate ${suite.name}`, {
      attributes: {
        "glassbox.eval.suite": suite.name,
        "glassbox.eval.run_id": runId,
        "glassbox.eval.case_id": unit.row.id,
        "glassbox.eval.repetition": unit.repetition,
        "glassbox.eval.variant": unit.variant,
      },
    });
    const traceId = span.spanContext().traceId;
    collector.watch(traceId);
    const row = await evaluateUnit(unit, input, span);
    span.end();
    const spans = collector.take(traceId);
    if (options.signal?.aborted && row.status === "error") return; // cancelled, not failed: left for resume
    results.append({ ...row, ...(spans.length && !row.cached ? { spans, traceId } : {}) });
    progress.done++;
    if (row.status === "error") progress.errors++;
    if (row.passed) progress.passed++;
    progress.costUsd += (row.cached ? 0 : (row.costUsd ?? 0)) + (row.judgeCostUsd ?? 0);
    options.onProgress?.({ ...progress });
  };

  const evaluateUnit = async (unit: Unit, input: string, span: Span): Promise<ResultRow> => {
    const key = cacheKey({ target: fingerprint, model: modelId, input, repetition: unit.repetition });
    const base = {
      caseId: unit.row.id,
      repetition: unit.repetition,
      variant: unit.variant,
      input,
      ...(unit.row.expectedAnswer !== undefined ? { expectedAnswer: unit.row.expectedAnswer } : {}),
    };
    let output: TargetOutput;
    let latencyMs: number;
    let attempts = 0;
    const hit = cache.get<{ output: TargetOutput; latencyMs: number }>("target", key);
    if (hit) {
      ({ output, latencyMs } = hit);
    } else {
      try {
        const started = performance.now();
        const result = await withRetries(
          () =>
            context.with(trace.setSpan(context.active(), span), () =>
              target(input, {
                signal: options.signal ?? new AbortController().signal,
                runKey: `${suite.name}/${unit.row.id}#${unit.repetition}`,
              }),
            ),
          options.retries ?? 2,
          options.signal,
        );
        attempts = result.attempts;
        output = result.value;
        latencyMs = performance.now() - started;
        cache.put("target", key, { output, latencyMs });
      } catch (error) {
        const failure = error as Error & { attempts?: number };
        span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
        return {
          ...base,
          status: "error",
          passed: false,
          scores: [],
          failedKeys: [],
          latencyMs: 0,
          attempts: failure.attempts ?? 1,
          cached: false,
          error: {
            type: classifyError(error).errorType || failure.name || "Error",
            message: failure.message,
          },
          finishedAt: new Date().toISOString(),
        };
      }
    }

    const scores: EvaluationResult[] = [];
    const failedKeys: string[] = [];
    let judgeUsage: Usage | undefined;
    let judgeCostUsd: number | undefined;
    let evaluatorError: { type: string; message: string } | undefined;
    for (const evaluator of evaluators) {
      try {
        const produced = await evaluator.evaluate({
          inputs: { input },
          outputs: output,
          referenceOutputs: {
            ...(unit.row.expectedAnswer !== undefined ? { answer: unit.row.expectedAnswer } : {}),
            ...(unit.row.expectedTrajectory ? { trajectory: unit.row.expectedTrajectory } : {}),
            ...(unit.row.referenceContexts ? { contexts: unit.row.referenceContexts } : {}),
          },
          example: unit.row,
          run: { latencyMs },
          judge,
        });
        for (const result of Array.isArray(produced) ? produced : [produced]) {
          scores.push(result);
          if (!passes(result, evaluator)) failedKeys.push(result.key);
          const usage = result.metadata.usage as Usage | undefined;
          if (usage && !result.metadata.cached) judgeUsage = addUsage(judgeUsage ?? emptyUsage(), usage);
          const spent = result.metadata.costUsd as number | undefined;
          if (spent !== undefined && !result.metadata.cached) judgeCostUsd = (judgeCostUsd ?? 0) + spent;
        }
      } catch (error) {
        evaluatorError ??= {
          type: "EvaluatorError",
          message: `${evaluator.key}: ${(error as Error).message}`,
        };
      }
    }
    recordEvaluations(span, scores);
    if (evaluatorError) span.setStatus({ code: SpanStatusCode.ERROR, message: evaluatorError.message });
    return {
      ...base,
      status: evaluatorError ? "error" : "ok",
      passed: !evaluatorError && failedKeys.length === 0,
      answer: output.answer,
      ...(output.outcome ? { outcome: output.outcome } : {}),
      toolCalls: toolCallsOf(output),
      ...(output.steps ? { steps: output.steps } : {}),
      ...(output.sources
        ? { retrievedIds: output.sources.map((source) => source.id), passages: output.sources.map(passageOf) }
        : {}),
      ...(output.citedIds ? { citedIds: output.citedIds } : {}),
      scores,
      failedKeys,
      latencyMs: Math.round(latencyMs * 10) / 10,
      ...(output.usage ? { usage: output.usage } : {}),
      ...(output.costUsd !== undefined ? { costUsd: output.costUsd } : {}),
      ...(judgeUsage ? { judgeUsage } : {}),
      ...(judgeCostUsd !== undefined ? { judgeCostUsd } : {}),
      attempts,
      cached: Boolean(hit),
      ...(evaluatorError ? { error: evaluatorError } : {}),
      finishedAt: new Date().toISOString(),
    };
  };

  const pool = createPool(options.concurrency ?? suite.defaults.concurrency ?? 8);
  try {
    await Promise.all(
      pending.map((unit) =>
        pool.run(async () => {
          if (options.signal?.aborted) return;
          await runUnit(unit);
        }),
      ),
    );
  } finally {
    results.close();
    cache.close();
    await telemetry.shutdown();
  }
  options.signal?.throwIfAborted();

  const finished = units.flatMap((unit) => {
    const row = results.rows.get(
      unitKey({ caseId: unit.row.id, repetition: unit.repetition, variant: unit.variant }),
    );
    return row ? [row] : [];
  });
  const summary = summarize({
    suite: suite.name,
    runId,
    datasetSha256: dataset.sha256,
    startedAt: manifest.createdAt,
    wallMs: Date.now() - startedAt,
    rows: finished,
    evaluators,
    thresholds: suite.thresholds,
    repetitions: manifest.repetitions,
    limiter: { throttles: targetLimiter.stats.throttles, requests: targetLimiter.stats.requests },
    freeJudge: manifest.judge === "offline",
  });
  return { runId, runDir, rows: finished, summary, skipped: progress.skipped };
}

/** A retrieved passage as the report shows it. */
function passageOf(source: Source): NonNullable<ResultRow["passages"]>[number] {
  return {
    id: source.id,
    ...(source.score !== undefined ? { score: source.score } : {}),
    uri: sourceTitle(source),
    excerpt: source.text.replace(/\s+/g, " ").trim().slice(0, 400),
  };
}

/** A stable seed per unit, so a perturbed input is the same on every run (and hits the cache). */
function seedOf(unit: Unit): number {
  let hash = 2166136261;
  for (const char of `${unit.row.id}#${unit.repetition}#${unit.variant}`)
    hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/** Calls `task`, retrying retryable failures with jittered exponential back-off. */
async function withRetries<T>(
  task: () => Promise<T>,
  retries: number,
  signal?: AbortSignal,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await task(), attempts: attempt };
    } catch (error) {
      const { retryable } = classifyError(error);
      if (!retryable || attempt > retries || signal?.aborted) {
        Object.assign(error as object, { attempts: attempt });
        throw error;
      }
      await abortableSleep(Math.random() * Math.min(8_000, 500 * 2 ** attempt), signal);
    }
  }
}
