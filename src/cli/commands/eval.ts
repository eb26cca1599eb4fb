import { join, resolve } from "node:path";
import { formatAnsweredBy } from "../../evals/answered-by.ts";
import { compareRuns, formatComparison, gateExitCode, readRun, resolveRun } from "../../evals/compare.ts";
import { listSuites, loadSuite, suitesDir } from "../../evals/registry.ts";
import { writeReports } from "../../evals/reports/write.ts";
import { PERTURBATIONS, type Perturbation } from "../../evals/robustness.ts";
import { runSuite } from "../../evals/runner.ts";
import { resolveConnection } from "../../model/connection.ts";
import { parseExporterSpec } from "../../telemetry/exporter-spec.ts";
import { numberFlag, parseFlags } from "../args.ts";
import { UsageError } from "../errors.ts";
import { createProgressBar } from "../eval-progress.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";

const FLAGS = {
  help: { type: "boolean", short: "h" },
  local: { type: "boolean" },
  endpoint: { type: "string" },
  model: { type: "string" },
  region: { type: "string" },
  profile: { type: "string" },
  repetitions: { type: "string" },
  concurrency: { type: "string" },
  "judge-concurrency": { type: "string" },
  rpm: { type: "string" },
  tpm: { type: "string" },
  "judge-rpm": { type: "string" },
  "judge-tpm": { type: "string" },
  judge: { type: "string" },
  retries: { type: "string" },
  "no-cache": { type: "boolean" },
  resume: { type: "string" },
  "run-id": { type: "string" },
  "retry-errors": { type: "boolean" },
  limit: { type: "string" },
  robustness: { type: "string" },
  baseline: { type: "string" },
  "max-regressions": { type: "string" },
  "allow-model-change": { type: "boolean" },
  out: { type: "string" },
  suites: { type: "string" },
  trace: { type: "string", multiple: true },
  json: { type: "boolean" },
  record: { type: "string" },
  upstream: { type: "string" },
  replay: { type: "string" },
} as const;

const NOT_COMPARABLE = 3;

/** `glassbox eval <suite> | list | compare <a> <b>`. */
export async function evalCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags("eval", args, FLAGS);
  const [first, ...rest] = positionals;
  if (values.help || !first) {
    io.stdout(HELP.eval);
    return first || values.help ? 0 : 2;
  }
  const outDir = resolve(values.out ?? join(".glassbox", "evals"));
  const dir = values.suites ? resolve(values.suites) : suitesDir(io.env);

  if (first === "list") {
    const names = listSuites(dir);
    if (!names.length) io.stdout(`no suites in ${dir}\n`);
    for (const name of names) {
      const { suite, dataset, evaluators } = await loadSuite(dir, name);
      io.stdout(
        `${name.padEnd(20)} ${String(dataset.rows.length).padStart(4)} cases  ${evaluators.length} evaluators  ${suite.description ?? ""}\n`,
      );
    }
    return 0;
  }

  if (first === "compare") {
    if (rest.length !== 2)
      throw new UsageError("eval compare needs two runs: glassbox eval compare <runA> <runB>");
    const comparison = compareRuns(
      readRun(resolveRun(rest[0] as string, outDir)),
      readRun(resolveRun(rest[1] as string, outDir)),
      { acrossModels: values["allow-model-change"] ?? false },
    );
    io.stdout(values.json ? `${JSON.stringify(comparison, null, 2)}\n` : formatComparison(comparison));
    return gateExitCode(comparison, {
      maxRegressions: numberFlag("max-regressions", values["max-regressions"], { min: 0, integer: true }),
    });
  }

  if (rest.length)
    throw new UsageError(`eval takes one suite, got "${positionals.join(" ")}" (see glassbox eval --help)`);
  const loaded = await loadSuite(dir, first);
  const baselineDir = values.baseline ? resolveRun(values.baseline, outDir, loaded.suite.name) : undefined;
  const robustness = parseRobustness(values.robustness);
  const limits = {
    rpm: numberFlag("rpm", values.rpm, { min: 1 }),
    tpm: numberFlag("tpm", values.tpm, { min: 1 }),
  };
  const judgeLimits = {
    rpm: numberFlag("judge-rpm", values["judge-rpm"], { min: 1 }),
    tpm: numberFlag("judge-tpm", values["judge-tpm"], { min: 1 }),
  };
  const options = {
    repetitions: numberFlag("repetitions", values.repetitions, { min: 1, max: 100, integer: true }),
    concurrency: numberFlag("concurrency", values.concurrency, { min: 1, max: 1000, integer: true }),
    judgeConcurrency: numberFlag("judge-concurrency", values["judge-concurrency"], {
      min: 1,
      max: 1000,
      integer: true,
    }),
    retries: numberFlag("retries", values.retries, { min: 0, max: 10, integer: true }),
    limit: numberFlag("limit", values.limit, { min: 1, integer: true }),
  };
  if (values.resume && values["run-id"])
    throw new UsageError("pass either --resume <runId> or --run-id <id>, not both");
  const exporters = (values.trace ?? []).map(parseExporterSpec);

  const cassetteFlags = { record: values.record, replay: values.replay, upstream: values.upstream };
  const usesCassette = values.record !== undefined || values.replay !== undefined;
  if (usesCassette && (values.endpoint !== undefined || values.local))
    throw new UsageError(
      `--${values.record !== undefined ? "record" : "replay"} starts its own endpoint: it does not go with --${values.local ? "local" : "endpoint"}`,
    );
  if (values.replay !== undefined && values.profile !== undefined)
    throw new UsageError("--replay answers from the cassette: it does not go with --profile");
  const cassette = usesCassette
    ? await (await import("../cassette-endpoint.ts")).startCassetteEndpoint(
        { ...cassetteFlags, region: values.region, profile: values.profile },
        io.env,
      )
    : undefined;
  if (!usesCassette && values.upstream !== undefined)
    throw new UsageError("--upstream goes with --record <dir>");
  const connection = cassette
    ? { endpoint: cassette.url, local: cassette }
    : await resolveConnection({
        local: values.local,
        endpoint: values.endpoint,
        profile: values.profile,
        env: io.env,
      });
  if (cassette) for (const line of cassette.banner) io.stderr(`glassbox: ${line}\n`);
  if ("notice" in connection && connection.notice) io.stderr(`glassbox: ${connection.notice}\n`);
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", onSignal);
  const bar = createProgressBar(io.stderr, Boolean(process.stderr.isTTY) && io.env.CI === undefined);
  try {
    const run = await runSuite(loaded, {
      outDir,
      ...(values.resume
        ? { runId: values.resume, resume: true }
        : values["run-id"]
          ? { runId: values["run-id"] }
          : {}),
      ...dropUndefined(options),
      limits,
      judgeLimits,
      // A recording must reach the upstream, and a replay must prove the cassette answers every call.
      cache: !values["no-cache"] && !cassette,
      retryErrors: values["retry-errors"] ?? false,
      ...(robustness ? { robustness } : {}),
      model: {
        ...(values.model ? { modelId: values.model } : {}),
        ...(values.region ? { region: values.region } : {}),
        ...(values.profile && !cassette ? { profile: values.profile } : {}),
        ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
      },
      // The in-process local Bedrock listens on a new port every run: name it, not its URL.
      ...(cassette
        ? { endpointLabel: cassette.label }
        : connection.local
          ? { endpointLabel: "local Bedrock (in-process)" }
          : {}),
      ...(values.judge ? { judge: values.judge } : {}),
      exporters,
      onProgress: (progress) => bar.update(progress),
      signal: controller.signal,
    });
    const files = writeReports(run.runDir, run.summary, run.rows);
    const { summary } = run;
    if (values.json)
      io.stdout(
        `${JSON.stringify({ ...summary, metrics: undefined, files, ...(cassette ? { cassette: cassette.summary() } : {}) }, null, 2)}\n`,
      );
    else {
      io.stdout(
        `${summary.suite} ${summary.passed ? "PASSED" : "FAILED"}: ${summary.counts.passed}/${summary.counts.passed + summary.counts.failed} passed (${(summary.passRate * 100).toFixed(1)}%), ${summary.counts.errors} errors${run.skipped ? `, ${run.skipped} rows resumed` : ""}\n`,
      );
      for (const metric of Object.values(summary.metrics)) {
        io.stdout(
          `  ${metric.key.padEnd(30)} ${metric.mean.toFixed(3).padStart(10)}  [${metric.low.toFixed(3)}, ${metric.high.toFixed(3)}]${metric.passRate !== undefined ? `  pass ${(metric.passRate * 100).toFixed(0)}%` : ""}\n`,
        );
      }
      for (const [variant, metrics] of Object.entries(summary.robustness ?? {})) {
        const deltas = Object.entries(metrics)
          .filter(([key]) => !["latency_ms", "total_tokens", "cost_usd"].includes(key))
          .map(([key, value]) => `${key} ${value.delta >= 0 ? "+" : ""}${value.delta.toFixed(3)}`);
        io.stdout(`  robustness ${variant}: ${deltas.join(", ")}\n`);
      }
      for (const failure of summary.thresholds.failures) io.stdout(`  threshold: ${failure}\n`);
      io.stdout(
        `  ${formatAnsweredBy(summary.answeredBy, summary.target.cachedRows, summary.counts.units)}\n`,
      );
      io.stdout(`run ${run.runId}: ${files.html}\n`);
      if (cassette) io.stdout(`${cassette.summary()}\n`);
    }
    if (baselineDir) {
      const comparison = compareRuns(readRun(baselineDir), readRun(run.runDir), {
        acrossModels: values["allow-model-change"] ?? false,
      });
      io.stdout(formatComparison(comparison));
      const code = gateExitCode(comparison, {
        maxRegressions: numberFlag("max-regressions", values["max-regressions"], { min: 0, integer: true }),
      });
      if (code === NOT_COMPARABLE) return code;
      return code === 1 || !summary.passed ? 1 : 0;
    }
    return summary.passed ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    await connection.local?.close();
  }
}

function parseRobustness(value: string | undefined): Perturbation[] | undefined {
  if (value === undefined) return undefined;
  if (value === "all") return [...PERTURBATIONS];
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(PERTURBATIONS as readonly string[]).includes(name));
  if (unknown.length || !names.length) {
    throw new UsageError(
      `--robustness expects "all" or a comma list of ${PERTURBATIONS.join(", ")}; got "${value}"`,
    );
  }
  return names as Perturbation[];
}

function dropUndefined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
