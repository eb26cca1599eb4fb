/**
 * Evaluation runner against a rate-limited Bedrock: a 1,000-case tool-agent suite (2 Converse calls per
 * case) against `glassbox local --rpm` in its own process, run by the evaluation runner with the same
 * requests-per-minute limit, and by the peer a naive `Promise.all` of agent invocations, each against a
 * fresh server. Reports failed cases, wall time against the theoretical minimum, and the share of the
 * allowed rate used. `npx tsx bench/eval-runner.ts` runs it alone (BENCH_EVAL_CASES, BENCH_EVAL_RPM).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createToolAgent } from "../graphs/tool-agent.ts";
import type { DatasetRow } from "../src/evals/dataset.ts";
import { createEvaluator } from "../src/evals/evaluators/registry.ts";
import type { LoadedSuite } from "../src/evals/registry.ts";
import { runSuite } from "../src/evals/runner.ts";
import { defineSuite } from "../src/evals/suite.ts";
import { agentTarget } from "../src/evals/target.ts";
import { table } from "./stats.ts";

const MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const CALLS_PER_CASE = 2;

/** `glassbox local --rpm` in a child process (the server gets its own core). */
async function throttledBedrock(rpm: number, burst: number): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = fileURLToPath(new URL("../bin/glassbox.js", import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, "local", "--port", "0", "--rpm", String(rpm), "--burst", String(burst)],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    },
  );
  // Keep reading stdout to the end: the server prints more lines after the URL.
  let text = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (\S+)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", () => reject(new Error(`glassbox local did not start: ${text}`)));
  });
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** Arithmetic cases the local model answers with one calculator call. */
function cases(count: number): DatasetRow[] {
  return Array.from({ length: count }, (_, i) => {
    const a = 11 + (i % 89);
    const b = 3 + Math.floor(i / 89);
    return {
      id: `mul-${String(i).padStart(4, "0")}`,
      input: `What is ${a} times ${b}?`,
      expectedAnswer: String(a * b),
      expectedTrajectory: [{ tool: "calculator" }],
    };
  });
}

function suiteOf(rows: DatasetRow[]): LoadedSuite {
  const suite = defineSuite({
    name: "bench-tool-agent",
    target: { name: "tool_agent", create: (context) => agentTarget(createToolAgent(context)) },
    evaluators: [
      { evaluator: "contains" },
      { evaluator: "trajectory_match", toolArgsMatchMode: "ignore" },
      "latency",
    ],
  });
  return {
    suite,
    dir: "(bench)",
    dataset: { path: "(bench)", rows, sha256: `bench-${rows.length}` },
    evaluators: suite.evaluators.map((spec, i) => createEvaluator(spec as never, `evaluators[${i}]`)),
  };
}

export interface EvalRunnerBench {
  cases: number;
  rpm: number;
  burst: number;
  theoreticalMinMs: number;
  runner: {
    wallMs: number;
    failed: number;
    errors: number;
    throttles: number;
    rateUsed: number;
    wallVsMinimum: number;
  };
  promiseAll: { wallMs: number; failed: number; errors: number; rateUsed: number };
}

/** Runs the benchmark and returns its numbers (also printed). */
export async function benchEvalRunner(
  options: { cases?: number; rpm?: number } = {},
): Promise<EvalRunnerBench> {
  const count = options.cases ?? Number(process.env.BENCH_EVAL_CASES ?? 1000);
  const rpm = options.rpm ?? Number(process.env.BENCH_EVAL_RPM ?? 1000);
  const burst = Math.max(1, Math.round(rpm / 60)); // one second of requests, as the local quota defaults
  const rows = cases(count);
  const requests = count * CALLS_PER_CASE;
  // The service admits its burst at once, then rpm/60 requests per second.
  const theoreticalMinMs = (Math.max(0, requests - burst) / (rpm / 60)) * 1000;
  const rateUsed = (wallMs: number, successes: number) => successes / (wallMs / 1000) / (rpm / 60);

  console.log(
    `\nEvaluation runner: ${count} tool-agent cases (${requests} Converse calls) against the local Bedrock at ${rpm} RPM (burst ${burst})`,
  );
  let server = await throttledBedrock(rpm, burst);
  let runner: EvalRunnerBench["runner"];
  try {
    const started = performance.now();
    const run = await runSuite(suiteOf(rows), {
      outDir: mkdtempSync(join(tmpdir(), "glassbox-bench-eval-")),
      model: { modelId: MODEL_ID, endpoint: server.url, streaming: false },
      limits: { rpm },
      concurrency: 32,
      cache: false,
    });
    const wallMs = performance.now() - started;
    const failed = run.rows.filter((row) => !row.passed).length;
    const errors = run.rows.filter((row) => row.status === "error").length;
    runner = {
      wallMs,
      failed,
      errors,
      throttles: run.summary.limiter?.throttles ?? 0,
      rateUsed: rateUsed(wallMs, run.summary.limiter?.requests ?? 0),
      wallVsMinimum: wallMs / theoreticalMinMs,
    };
  } finally {
    await server.stop();
  }

  server = await throttledBedrock(rpm, burst);
  let promiseAll: EvalRunnerBench["promiseAll"];
  try {
    const agent = createToolAgent({ model: { modelId: MODEL_ID, endpoint: server.url, streaming: false } });
    const started = performance.now();
    const settled = await Promise.allSettled(rows.map((row) => agent.invoke(row.input)));
    const wallMs = performance.now() - started;
    const errors = settled.filter((result) => result.status === "rejected").length;
    const failed = settled.filter(
      (result, i) =>
        result.status === "rejected" || !result.value.answer.includes(rows[i]?.expectedAnswer ?? "?"),
    ).length;
    // Successful model calls: two per answered case; a failed case got at most its first call through.
    promiseAll = { wallMs, failed, errors, rateUsed: rateUsed(wallMs, (count - errors) * CALLS_PER_CASE) };
  } finally {
    await server.stop();
  }

  console.log(
    table(
      [
        "runner",
        "failed cases",
        "errors",
        "wall s",
        "theoretical min s",
        "wall / min",
        "allowed rate used",
        "client throttles",
      ],
      [
        [
          "glassbox eval runner (--rpm)",
          String(runner.failed),
          String(runner.errors),
          (runner.wallMs / 1000).toFixed(1),
          (theoreticalMinMs / 1000).toFixed(1),
          runner.wallVsMinimum.toFixed(3),
          `${(runner.rateUsed * 100).toFixed(1)}%`,
          String(runner.throttles),
        ],
        [
          "Promise.all(agent.invoke)",
          String(promiseAll.failed),
          String(promiseAll.errors),
          (promiseAll.wallMs / 1000).toFixed(1),
          (theoreticalMinMs / 1000).toFixed(1),
          (promiseAll.wallMs / theoreticalMinMs).toFixed(3),
          `${(promiseAll.rateUsed * 100).toFixed(1)}%`,
          "–",
        ],
      ],
    ),
  );
  console.log(`targets: 0 failed cases; ≥ 95% of the allowed rate used`);
  return { cases: count, rpm, burst, theoreticalMinMs, runner, promiseAll };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchEvalRunner();
  process.exit(0);
}
