/**
 * ReAct loop overhead: median time per episode against the local Bedrock (zero model latency, in its own
 * process) for Glassbox with tracing on and off and for three peers in the same run, interleaved round
 * by round so machine noise hits everyone alike; then peak memory with 1,000 concurrent runs at 200 ms
 * model latency.
 */
import { Agent as HttpAgent } from "node:http";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { createToolAgent, TOOL_AGENT_PROMPT } from "../graphs/tool-agent.ts";
import { setupTelemetry } from "../src/index.ts";
import { builtinTools } from "../tools/index.ts";
import { spawnLocalBedrock } from "./local-server.ts";
import { createHandLoop } from "./peers/hand-loop.ts";
import { createBareGraph, createPrebuiltAgent } from "./peers/langgraph.ts";
import { median, table } from "./stats.ts";

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const QUESTION = "What is 17% of 2,340 plus 12?";
const EXPECTED = "409.8";

function client(url: string, maxSockets: number) {
  return new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true, maxSockets }) }),
  });
}

type Runner = (question: string) => Promise<string>;

function runners(url: string, maxSockets: number, withTracingOn: boolean) {
  const c = client(url, maxSockets);
  const telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
  const glassbox = (traced: boolean): Runner => {
    const agent = createToolAgent({
      client: c,
      model: { modelId: MODEL, streaming: false },
      ...(traced ? { telemetry } : {}),
    });
    return async (question) => (await agent.invoke(question)).answer;
  };
  const all: Record<string, Runner> = {
    "hand-written Converse loop": createHandLoop(c, MODEL, builtinTools, TOOL_AGENT_PROMPT),
    "bare StateGraph + ToolNode": createBareGraph(c, MODEL, builtinTools, TOOL_AGENT_PROMPT),
    createReactAgent: createPrebuiltAgent(c, MODEL, builtinTools, TOOL_AGENT_PROMPT),
    "Glassbox, tracing off": glassbox(false),
  };
  if (withTracingOn) all["Glassbox, tracing on"] = glassbox(true);
  return { all, telemetry };
}

async function episodes(url: string, rounds: number, perRound: number) {
  const { all, telemetry } = runners(url, 8, true);
  for (const [name, run] of Object.entries(all)) {
    const answer = await run(QUESTION);
    if (!answer.includes(EXPECTED)) throw new Error(`${name} answered "${answer}", expected ${EXPECTED}`);
    for (let i = 0; i < 30; i++) await run(QUESTION); // warm-up
  }
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(all).map((name) => [name, []]));
  let spans = 0;
  for (let round = 0; round < rounds; round++) {
    const order = Object.entries(all);
    if (round % 2) order.reverse();
    for (const [name, run] of order) {
      for (let i = 0; i < perRound; i++) {
        const started = performance.now();
        await run(QUESTION);
        times[name]?.push(performance.now() - started);
      }
    }
    spans += telemetry.memory?.getFinishedSpans().length ?? 0;
    telemetry.memory?.reset();
  }
  await telemetry.shutdown();
  return { times, spansPerEpisode: spans / (rounds * perRound) };
}

async function peakMemory(url: string, concurrency: number) {
  const results: Record<string, { peakRssMb: number; peakHeapMb: number; wallMs: number; perRunKb: number }> =
    {};
  for (const name of ["Glassbox, tracing off", "bare StateGraph + ToolNode"]) {
    const run = runners(url, concurrency, false).all[name] as Runner;
    await run(QUESTION);
    globalThis.gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 10);
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: concurrency }, () => run(QUESTION)));
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    const wrong = answers.filter((answer) => !answer.includes(EXPECTED)).length;
    if (wrong) throw new Error(`${wrong} of ${concurrency} concurrent runs answered wrongly`);
    results[name] = {
      peakRssMb: (peakRss - base.rss) / 2 ** 20,
      peakHeapMb: (peakHeap - base.heapUsed) / 2 ** 20,
      wallMs,
      perRunKb: (peakHeap - base.heapUsed) / 1024 / concurrency,
    };
  }
  return results;
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
  const floor = medians["hand-written Converse loop"] ?? 1;
  const bare = medians["bare StateGraph + ToolNode"] ?? 1;
  const prebuilt = medians.createReactAgent ?? 1;
  console.log(
    `\nReAct episode ("${QUESTION}": 2 model calls, 1 tool call), ${rounds}×${perRound} episodes per runner`,
  );
  console.log(
    table(
      ["runner", "median ms", "× hand loop", "× bare StateGraph"],
      Object.entries(medians).map(([name, ms]) => [
        name,
        ms.toFixed(3),
        (ms / floor).toFixed(2),
        (ms / bare).toFixed(2),
      ]),
    ),
  );
  const on = medians["Glassbox, tracing on"] ?? 0;
  const ratios = {
    tracingOnVsBareStateGraph: on / bare,
    tracingOnVsCreateReactAgent: on / prebuilt,
    bareVsHandLoop: bare / floor,
    createReactAgentVsHandLoop: prebuilt / floor,
  };
  console.log(
    `Glassbox (tracing on) / bare StateGraph = ${ratios.tracingOnVsBareStateGraph.toFixed(3)} (target ≤ 1.15); ` +
      `/ createReactAgent = ${ratios.tracingOnVsCreateReactAgent.toFixed(3)} (target < 1); ` +
      `${timing.spansPerEpisode.toFixed(1)} spans per episode`,
  );

  const slow = await spawnLocalBedrock(200);
  let memory: Awaited<ReturnType<typeof peakMemory>>;
  try {
    memory = await peakMemory(slow.url, concurrency);
  } finally {
    await slow.stop();
  }
  console.log(
    `\nPeak memory, ${concurrency} concurrent runs at 200 ms model latency (above the idle baseline)`,
  );
  console.log(
    table(
      ["runner", "peak RSS MB", "peak heap MB", "heap KB/run", "wall ms"],
      Object.entries(memory).map(([name, m]) => [
        name,
        m.peakRssMb.toFixed(1),
        m.peakHeapMb.toFixed(1),
        m.perRunKb.toFixed(1),
        m.wallMs.toFixed(0),
      ]),
    ),
  );
  return { medians, ratios, spansPerEpisode: timing.spansPerEpisode, memory };
}
