/**
 * Telemetry overhead: client-process CPU per ReAct episode against the local Bedrock (its own process,
 * with an OTLP sink) for the same agent with tracing off and with traces + metrics + logs exported over
 * OTLP/HTTP protobuf (plus, for reference, the agentcore profile with content events), interleaved round
 * by round in the same run; the medians' ratio is the claim (target ≤ 1.05).
 */
import { Agent as HttpAgent } from "node:http";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { createToolAgent } from "../graphs/tool-agent.ts";
import { createLogger } from "../src/telemetry/logger.ts";
import { setupTelemetry, type Telemetry } from "../src/telemetry/setup.ts";
import { spawnLocalBedrock } from "./local-server.ts";
import { MODEL } from "./runners.ts";
import { median, table } from "./stats.ts";

const QUESTION = "What is 17% of 2,340 plus 12?";

type Episode = () => Promise<void>;

function runner(url: string, telemetry?: Telemetry): Episode {
  const client = new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 8 }) }),
  });
  const agent = createToolAgent({
    client,
    model: { modelId: MODEL, streaming: false },
    ...(telemetry ? { telemetry } : {}),
  });
  // One structured log line per run, as the CLI and the server write (exported as an OTLP log record).
  const log = telemetry
    ? createLogger({ name: "bench", format: "json", write: () => {}, telemetry })
    : undefined;
  return async () => {
    const result = await agent.invoke(QUESTION, { threadId: `t-${Math.random()}` });
    if (!result.answer.includes("409.8")) throw new Error(`unexpected answer "${result.answer}"`);
    log?.info("run finished", {
      outcome: result.outcome,
      trace_id: result.trace?.traceId,
      span_id: result.trace?.spanId,
    });
  };
}

/** Runs the benchmark and returns its numbers (also printed). */
export async function benchTelemetry(options: { rounds?: number; perRound?: number } = {}) {
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 20);
  const perRound = options.perRound ?? 25;
  const server = await spawnLocalBedrock(0);
  const env = {};
  const full = setupTelemetry({
    env,
    exporters: [{ type: "otlp", url: server.otlpUrl }],
    metricExportIntervalMs: 5_000,
  });
  const agentcore = setupTelemetry({
    env,
    profile: "agentcore",
    agentcore: { logGroup: "/aws/bedrock-agentcore/runtimes/bench" },
    captureContent: true,
    exporters: [{ type: "otlp", url: server.otlpUrl }],
    metricExportIntervalMs: 5_000,
  });
  const runners: Record<string, Episode> = {
    "tracing off": runner(server.url),
    "traces + metrics + logs (OTLP protobuf)": runner(server.url, full),
    "agentcore profile, content events": runner(server.url, agentcore),
  };
  let reports: Array<Awaited<ReturnType<Telemetry["shutdown"]>>> = [];
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(runners).map((name) => [name, []]));
  try {
    for (const run of Object.values(runners)) for (let i = 0; i < 30; i++) await run(); // warm-up
    for (let round = 0; round < rounds; round++) {
      const order = Object.entries(runners);
      if (round % 2) order.reverse();
      for (const [name, run] of order) {
        const before = process.cpuUsage();
        for (let i = 0; i < perRound; i++) await run();
        const used = process.cpuUsage(before);
        cpu[name]?.push((used.user + used.system) / 1000 / perRound);
      }
    }
  } finally {
    reports = await Promise.all([full.shutdown(), agentcore.shutdown()]);
    await server.stop();
  }
  const failures = reports.flatMap((report) => report.failures);
  if (failures.length) throw new Error(`OTLP exports failed in the benchmark: ${JSON.stringify(failures)}`);
  const medians = Object.fromEntries(Object.entries(cpu).map(([name, list]) => [name, median(list)]));
  const off = medians["tracing off"] ?? 1;
  console.log(`\nTelemetry overhead ("${QUESTION}"), ${rounds}×${perRound} episodes per runner, interleaved`);
  console.log(
    table(
      ["runner", "cpu ms/episode", "× off"],
      Object.entries(medians).map(([name, value]) => [name, value.toFixed(3), (value / off).toFixed(3)]),
    ),
  );
  const result = {
    cpuMsPerEpisode: medians,
    fullVsOff: (medians["traces + metrics + logs (OTLP protobuf)"] ?? 0) / off,
    agentcoreVsOff: (medians["agentcore profile, content events"] ?? 0) / off,
  };
  console.log(
    `traces + metrics + logs / off = ${result.fullVsOff.toFixed(3)} cpu (target ≤ 1.05); agentcore with content = ${result.agentcoreVsOff.toFixed(3)}`,
  );
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTelemetry();
