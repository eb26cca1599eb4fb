/**
 * ReAct loop overhead: time and client CPU per episode against the local Bedrock (zero model latency, in
 * its own process) for Glassbox with tracing on and off and for every peer in the same run, interleaved
 * round by round so machine noise hits everyone alike; then heap per in-flight run with 1,000 and 10,000
 * concurrent runs at 200 ms model latency, each runner in a fresh process.
 *
 * The server counts what each runner did: every block of episodes must be exactly two Converse calls and
 * one tool result per episode, with the same system prompt, tool specs and question for every runner.
 * A runner that fails (cannot be installed, answers wrongly, does other work) loses its row, not the run.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ensureSdkPeers } from "./install-sdk-peers.ts";
import { spawnLocalBedrock } from "./local-server.ts";
import {
  AI_SDK,
  BARE,
  GLASSBOX_GRAPH_ON,
  GLASSBOX_OFF,
  GLASSBOX_ON,
  GLASSBOX_SHIPPED,
  GLASSBOX_SHIPPED_ON,
  HAND,
  PREBUILT,
  productionTelemetry,
  RUNNERS,
  type Runner,
  runnerFor,
  STRANDS,
} from "./runners.ts";
import { median, table } from "./stats.ts";

export const QUESTION = "What is 17% of 2,340 plus 12?";
export const EXPECTED = "409.8";
const SDK_PEERS = new Set<string>([STRANDS, AI_SDK]);

interface ServerCounts {
  converse: number;
  toolResults: number;
  shapes: string[];
}

async function serverCounts(url: string): Promise<ServerCounts> {
  return (await (await fetch(`${url}/bench/counts`)).json()) as ServerCounts;
}

/** Throws unless the server saw `episodes` × (2 Converse calls, 1 tool result). */
function assertWork(name: string, counts: ServerCounts, episodes: number): void {
  if (counts.converse !== 2 * episodes || counts.toolResults !== episodes)
    throw new Error(
      `${name}: the server counted ${counts.converse} Converse calls and ${counts.toolResults} tool results ` +
        `for ${episodes} episodes (expected ${2 * episodes} and ${episodes})`,
    );
}

async function episodes(url: string, names: readonly string[], rounds: number, perRound: number) {
  let spans = 0;
  const counter = {
    onStart() {},
    onEnd() {
      spans++;
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const telemetry = productionTelemetry(url, [counter]);
  const failed: Record<string, string> = {};
  const all: Record<string, Runner> = {};
  let shape: string | undefined;
  await serverCounts(url);
  for (const name of names) {
    try {
      const run = await runnerFor(name, url, 8, telemetry);
      const answer = await run(QUESTION);
      if (!answer.includes(EXPECTED)) throw new Error(`answered "${answer}", expected ${EXPECTED}`);
      const counts = await serverCounts(url);
      assertWork(name, counts, 1);
      const [mine, ...more] = counts.shapes;
      if (more.length) throw new Error("sent two different request shapes in one episode");
      shape ??= mine;
      if (mine !== shape)
        throw new Error(`sent another system prompt, tool list or question than ${names[0]}: ${mine}`);
      for (let i = 0; i < 30; i++) await run(QUESTION); // warm-up
      all[name] = run;
    } catch (error) {
      failed[name] = (error as Error).message;
      console.log(`  ${name}: left out (${failed[name]})`);
    }
    await serverCounts(url);
  }
  spans = 0;
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(all).map((name) => [name, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(all).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = Object.entries(all);
    if (round % 2) order.reverse();
    for (const [name, run] of order) {
      if (failed[name]) continue;
      try {
        const cpuBefore = process.cpuUsage();
        const wall: number[] = [];
        for (let i = 0; i < perRound; i++) {
          const started = performance.now();
          const answer = await run(QUESTION);
          wall.push(performance.now() - started);
          if (!answer.includes(EXPECTED)) throw new Error(`answered "${answer}" in round ${round}`);
        }
        // Exporting the block's spans is part of what tracing costs.
        if (TRACED.has(name)) await telemetry.forceFlush();
        const used = process.cpuUsage(cpuBefore);
        assertWork(name, await serverCounts(url), perRound);
        times[name]?.push(...wall);
        cpu[name]?.push((used.user + used.system) / 1000 / perRound);
      } catch (error) {
        failed[name] = (error as Error).message;
        console.log(`  ${name}: left out (${failed[name]})`);
        await serverCounts(url);
      }
    }
  }
  await telemetry.shutdown();
  const timed = [...TRACED].reduce((sum, name) => sum + (times[name]?.length ?? 0), 0) || 1;
  return { times, cpu, failed, spansPerEpisode: spans / timed };
}

export interface MemoryResult {
  concurrency: number;
  failures: number;
  firstError?: string;
  baseRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  heapKbPerRun: number;
  /** Runs held at the barrier (their first model call); `inFlight`: runs not finished then, held or waiting for a socket. */
  held: number;
  inFlight: number;
  /** Heap retained then per run in flight (after a full GC). */
  heldKbPerRun: number;
  wallMs: number;
}

/** The Glassbox runners that trace (their blocks include flushing their spans). */
const TRACED = new Set<string>([GLASSBOX_ON, GLASSBOX_GRAPH_ON, GLASSBOX_SHIPPED_ON]);

/** Peak memory of one runner with `concurrency` runs at once, measured in a fresh process. */
function peakMemory(name: string, url: string, concurrency: number): Promise<MemoryResult> {
  const script = fileURLToPath(new URL("./memory-process.ts", import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--expose-gc", "--max-old-space-size=8192", "--import", "tsx", script, name, url, String(concurrency)],
      {
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        timeout: 900_000,
        maxBuffer: 16 * 2 ** 20,
      },
      (error, stdout, stderr) => {
        const line = stdout.trim().split("\n").at(-1) ?? "";
        if (line.startsWith("{")) return resolve(JSON.parse(line) as MemoryResult);
        reject(new Error((stderr || String(error)).trim().split("\n").slice(-3).join(" ")));
      },
    );
  });
}

/** The runners measured for memory; "Glassbox, shipped client" uses the client createAgent builds itself. */
export const MEMORY_RUNNERS = [
  HAND,
  STRANDS,
  AI_SDK,
  BARE,
  GLASSBOX_OFF,
  GLASSBOX_ON,
  GLASSBOX_SHIPPED,
] as const;

export async function benchMemory(
  concurrencies: readonly number[],
  names: readonly string[] = MEMORY_RUNNERS,
): Promise<Record<string, Record<number, MemoryResult | { error: string }>>> {
  const slow = await spawnLocalBedrock(200, true);
  const memory: Record<string, Record<number, MemoryResult | { error: string }>> = {};
  try {
    for (const concurrency of concurrencies) {
      for (const name of names) {
        memory[name] ??= {};
        const row = memory[name];
        try {
          row[concurrency] = await peakMemory(name, slow.url, concurrency);
        } catch (error) {
          row[concurrency] = { error: (error as Error).message };
        }
        const result = row[concurrency];
        console.log(
          `  ${name} × ${concurrency}: ${"error" in result ? `failed: ${result.error}` : `${result.heldKbPerRun.toFixed(1)} KB held per run (${result.inFlight} in flight, ${result.held} at the server), peak ${result.heapKbPerRun.toFixed(1)} KB/run, ${result.failures} failed`}`,
        );
      }
    }
  } finally {
    await slow.stop();
  }
  return memory;
}

/** Runs the benchmark and returns its numbers (also printed). */
export async function benchReactLoop(
  options: { rounds?: number; perRound?: number; concurrencies?: number[] } = {},
) {
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 20);
  const perRound = options.perRound ?? Number(process.env.BENCH_PER_ROUND ?? 25);
  const concurrencies =
    options.concurrencies ?? (process.env.BENCH_CONCURRENCY ?? "1000,10000").split(",").map(Number);
  const peers = ensureSdkPeers();
  const names = RUNNERS.filter((name) => peers.ok || !SDK_PEERS.has(name));
  if (!peers.ok) console.log(`Strands and the AI SDK are left out: ${peers.reason}`);
  const fast = await spawnLocalBedrock(0);
  let timing: Awaited<ReturnType<typeof episodes>>;
  try {
    timing = await episodes(fast.url, names, rounds, perRound);
  } finally {
    await fast.stop();
  }
  const medians = Object.fromEntries(
    Object.entries(timing.times).map(([name, list]) => [name, median(list)]),
  );
  const cpuMedians = Object.fromEntries(
    Object.entries(timing.cpu).map(([name, list]) => [name, median(list)]),
  );
  const ratio = (values: Record<string, number>, name: string, peer: string) =>
    values[name] !== undefined && values[peer] !== undefined ? values[name] / values[peer] : Number.NaN;
  const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
  console.log(
    `\nReAct episode ("${QUESTION}": 2 Converse calls, 1 tool call, counted at the server), ${rounds}×${perRound} episodes per runner`,
  );
  console.log(
    "wall: median ms per episode; cpu: median client-process CPU ms per episode (less noisy: excludes the server)",
  );
  console.log(
    table(
      ["runner", "wall ms", "× hand", "cpu ms", "cpu × hand", "cpu × Strands", "cpu × AI SDK", "cpu × bare"],
      names.map((name) =>
        timing.failed[name] && !medians[name]
          ? [name, "failed", "", "", "", "", "", ""]
          : [
              name,
              fixed(medians[name] ?? Number.NaN, 3),
              fixed(ratio(medians, name, HAND)),
              fixed(cpuMedians[name] ?? Number.NaN, 3),
              fixed(ratio(cpuMedians, name, HAND)),
              fixed(ratio(cpuMedians, name, STRANDS)),
              fixed(ratio(cpuMedians, name, AI_SDK)),
              fixed(ratio(cpuMedians, name, BARE)),
            ],
      ),
    ),
  );
  const ratios = {
    cpuTracingOnVsStrands: ratio(cpuMedians, GLASSBOX_ON, STRANDS),
    cpuTracingOnVsAiSdk: ratio(cpuMedians, GLASSBOX_ON, AI_SDK),
    cpuShippedTracingOnVsStrands: ratio(cpuMedians, GLASSBOX_SHIPPED_ON, STRANDS),
    cpuShippedTracingOnVsAiSdk: ratio(cpuMedians, GLASSBOX_SHIPPED_ON, AI_SDK),
    cpuTracingOnVsHandLoop: ratio(cpuMedians, GLASSBOX_ON, HAND),
    cpuTracingOnVsBareStateGraph: ratio(cpuMedians, GLASSBOX_ON, BARE),
    cpuTracingOnVsCreateReactAgent: ratio(cpuMedians, GLASSBOX_ON, PREBUILT),
    cpuTracingOffVsStrands: ratio(cpuMedians, GLASSBOX_OFF, STRANDS),
    cpuLangGraphExecutorVsStrands: ratio(cpuMedians, GLASSBOX_GRAPH_ON, STRANDS),
    wallTracingOnVsStrands: ratio(medians, GLASSBOX_ON, STRANDS),
    wallTracingOnVsAiSdk: ratio(medians, GLASSBOX_ON, AI_SDK),
  };
  console.log(
    `Glassbox (tracing on) cpu / Strands = ${fixed(ratios.cpuTracingOnVsStrands, 3)}, / AI SDK = ` +
      `${fixed(ratios.cpuTracingOnVsAiSdk, 3)} (targets ≤ 1); ${timing.spansPerEpisode.toFixed(1)} spans per episode`,
  );
  const result = {
    medians,
    cpuMedians,
    ratios,
    failed: timing.failed,
    spansPerEpisode: timing.spansPerEpisode,
  };
  if (process.env.BENCH_SKIP_MEMORY || concurrencies.length === 0) return result;

  console.log(
    `\nHeap per in-flight run, ${concurrencies.join(" and ")} concurrent runs at 200 ms model latency ` +
      "(held: retained per run in flight while every run's first model call is held at the server or waits for a socket, after a full GC; peak: sampled peak ÷ runs)",
  );
  const chosen = process.env.BENCH_MEMORY_RUNNERS?.split(";") ?? MEMORY_RUNNERS;
  const memoryNames = chosen.filter((name) => peers.ok || !SDK_PEERS.has(name));
  const memory = await benchMemory(concurrencies, memoryNames);
  const cell = (m: MemoryResult | { error: string } | undefined, pick: (m: MemoryResult) => string) =>
    !m ? "–" : "error" in m ? "failed" : pick(m);
  console.log(
    table(
      [
        "runner",
        ...concurrencies.flatMap((n) => [
          `held KB/run @${n}`,
          `peak heap KB/run @${n}`,
          `peak RSS +MB @${n}`,
          `failed @${n}`,
          `wall s @${n}`,
        ]),
      ],
      Object.entries(memory).map(([name, row]) => [
        name,
        ...concurrencies.flatMap((n) => [
          cell(
            row[n],
            (m) => `${m.heldKbPerRun.toFixed(1)}${m.held < m.inFlight ? ` (${m.held} at the server)` : ""}`,
          ),
          cell(row[n], (m) => m.heapKbPerRun.toFixed(1)),
          cell(row[n], (m) => m.peakRssMb.toFixed(0)),
          cell(row[n], (m) => String(m.failures)),
          cell(row[n], (m) => (m.wallMs / 1000).toFixed(1)),
        ]),
      ]),
    ),
  );
  for (const [name, row] of Object.entries(memory))
    for (const [n, m] of Object.entries(row))
      if ("error" in m || m.firstError)
        console.log(
          `  ${name} @${n}: ${"error" in m ? m.error : `${m.failures} failed, first: ${m.firstError}`}`,
        );
  return { ...result, memory };
}
