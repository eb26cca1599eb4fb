/**
 * ReAct loop overhead: median time per episode against the local Bedrock (zero model latency, in its own
 * process) for Glassbox with tracing on and off and for three peers in the same run, interleaved round
 * by round so machine noise hits everyone alike; then peak memory with 1,000 concurrent runs at 200 ms
 * model latency.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { spawnLocalBedrock } from "./local-server.ts";
import { productionTelemetry, RUNNERS, type Runner, runnerFor } from "./runners.ts";
import { median, table } from "./stats.ts";

const QUESTION = "What is 17% of 2,340 plus 12?";
const EXPECTED = "409.8";

async function episodes(url: string, rounds: number, perRound: number) {
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
  const all: Record<string, Runner> = Object.fromEntries(
    RUNNERS.map((name) => [name, runnerFor(name, url, 8, telemetry)]),
  );
  for (const [name, run] of Object.entries(all)) {
    const answer = await run(QUESTION);
    if (!answer.includes(EXPECTED)) throw new Error(`${name} answered "${answer}", expected ${EXPECTED}`);
    for (let i = 0; i < 30; i++) await run(QUESTION); // warm-up
  }
  spans = 0;
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(all).map((name) => [name, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(all).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = Object.entries(all);
    if (round % 2) order.reverse();
    for (const [name, run] of order) {
      const cpuBefore = process.cpuUsage();
      for (let i = 0; i < perRound; i++) {
        const started = performance.now();
        await run(QUESTION);
        times[name]?.push(performance.now() - started);
      }
      const used = process.cpuUsage(cpuBefore);
      cpu[name]?.push((used.user + used.system) / 1000 / perRound);
    }
  }
  await telemetry.shutdown();
  return { times, cpu, spansPerEpisode: spans / (rounds * perRound) };
}

interface MemoryResult {
  wrong: number;
  baseRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  heapKbPerRun: number;
  wallMs: number;
}

/** Peak memory of one runner with `concurrency` runs at once, measured in a fresh process. */
function peakMemory(name: string, url: string, concurrency: number): Promise<MemoryResult> {
  const script = fileURLToPath(new URL("./memory-process.ts", import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--expose-gc", "--import", "tsx", script, name, url, String(concurrency)],
      { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }, timeout: 300_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr || String(error))) : resolve(JSON.parse(stdout)),
    );
  });
}

/** Runs the benchmark and returns its numbers (also printed). */
export async function benchReactLoop(
  options: { rounds?: number; perRound?: number; concurrency?: number } = {},
) {
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 20);
  const perRound = options.perRound ?? 25;
  const concurrency = options.concurrency ?? 1000;
  const fast = await spawnLocalBedrock(0);
  let timing: Awaited<ReturnType<typeof episodes>>;
  try {
    timing = await episodes(fast.url, rounds, perRound);
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
    (values[name] ?? 0) / (values[peer] ?? 1);
  const HAND = "hand-written Converse loop";
  const BARE = "bare StateGraph + ToolNode";
  const ON = "Glassbox, tracing on";
  console.log(
    `\nReAct episode ("${QUESTION}": 2 model calls, 1 tool call), ${rounds}×${perRound} episodes per runner`,
  );
  console.log(
    "wall: median ms per episode; cpu: median client-process CPU ms per episode (less noisy: excludes the server)",
  );
  console.log(
    table(
      ["runner", "wall ms", "× hand", "× bare", "cpu ms", "× hand", "× bare"],
      Object.keys(medians).map((name) => [
        name,
        (medians[name] ?? 0).toFixed(3),
        ratio(medians, name, HAND).toFixed(2),
        ratio(medians, name, BARE).toFixed(2),
        (cpuMedians[name] ?? 0).toFixed(3),
        ratio(cpuMedians, name, HAND).toFixed(2),
        ratio(cpuMedians, name, BARE).toFixed(2),
      ]),
    ),
  );
  const ratios = {
    tracingOnVsBareStateGraph: ratio(medians, ON, BARE),
    tracingOnVsCreateReactAgent: ratio(medians, ON, "createReactAgent"),
    cpuTracingOnVsBareStateGraph: ratio(cpuMedians, ON, BARE),
    cpuTracingOnVsCreateReactAgent: ratio(cpuMedians, ON, "createReactAgent"),
    bareVsHandLoop: ratio(medians, BARE, HAND),
    createReactAgentVsHandLoop: ratio(medians, "createReactAgent", HAND),
  };
  console.log(
    `Glassbox (tracing on) / bare StateGraph = ${ratios.tracingOnVsBareStateGraph.toFixed(3)} wall, ` +
      `${ratios.cpuTracingOnVsBareStateGraph.toFixed(3)} cpu (target ≤ 1.15); / createReactAgent = ` +
      `${ratios.tracingOnVsCreateReactAgent.toFixed(3)} wall, ${ratios.cpuTracingOnVsCreateReactAgent.toFixed(3)} cpu (target < 1); ` +
      `${timing.spansPerEpisode.toFixed(1)} spans per episode`,
  );

  if (process.env.BENCH_SKIP_MEMORY)
    return { medians, cpuMedians, ratios, spansPerEpisode: timing.spansPerEpisode };
  const slow = await spawnLocalBedrock(200);
  const memory: Record<string, MemoryResult | { error: string }> = {};
  try {
    for (const name of [
      "Glassbox, tracing off",
      "Glassbox, tracing on",
      "bare StateGraph + ToolNode",
      "createReactAgent",
    ]) {
      // A runner that fails (or answers wrongly) becomes a row with its error; the others still run.
      try {
        const measured = await peakMemory(name, slow.url, concurrency);
        memory[name] = measured.wrong
          ? { error: `${measured.wrong} of ${concurrency} concurrent runs answered wrongly` }
          : measured;
      } catch (error) {
        memory[name] = { error: (error as Error).message.split("\n")[0] ?? String(error) };
      }
    }
  } finally {
    await slow.stop();
  }
  console.log(
    `\nPeak memory, ${concurrency} concurrent runs at 200 ms model latency (above the idle baseline)`,
  );
  console.log(
    table(
      ["runner", "idle RSS MB", "peak RSS +MB", "peak heap +MB", "heap KB/run", "wall ms"],
      Object.entries(memory).map(([name, m]) =>
        "error" in m
          ? [name, `error: ${m.error.slice(0, 80)}`, "", "", "", ""]
          : [
              name,
              m.baseRssMb.toFixed(0),
              m.peakRssMb.toFixed(1),
              m.peakHeapMb.toFixed(1),
              m.heapKbPerRun.toFixed(1),
              m.wallMs.toFixed(0),
            ],
      ),
    ),
  );
  return { medians, cpuMedians, ratios, spansPerEpisode: timing.spansPerEpisode, memory };
}
