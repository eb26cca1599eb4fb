/**
 * `glassbox serve` under load and its own cost:
 * 1. Scale-out: 500 concurrent sessions through nginx in front of three `glassbox serve` workers that
 *    share one PostgreSQL thread store, the local Bedrock answering each model call after 200 ms
 *    (in its own process). Each session sends turns back to back; invocations per second, p50 and p99.
 * 2. Overhead: the same ReAct episode through `POST /invocations` on an in-process `serve(agent)` versus
 *    `agent.invoke` in-process, at zero model latency, interleaved round by round; medians.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { Agent as HttpAgent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { MemorySaver } from "@langchain/langgraph";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { createToolAgent } from "../graphs/tool-agent.ts";
import { serve } from "../src/serve/index.ts";
import { createCheckpointer } from "../src/threads/index.ts";
import { startNginx } from "../test/helpers/nginx.ts";
import { freePort } from "../test/helpers/ports.ts";
import { startWorker } from "../test/helpers/serve-workers.ts";
import { spawnLocalBedrock } from "./local-server.ts";
import { median, percentile, table } from "./stats.ts";

const QUESTION = "What is 17% of 2,340 plus 12?";
const EXPECTED = "409.8";
const SESSION = "x-amzn-bedrock-agentcore-runtime-session-id";

/** A PostgreSQL server: GLASSBOX_TEST_POSTGRES_URL, or a private one started with scripts/postgres.sh. */
async function postgres(): Promise<{ url: string; stop(): void }> {
  const given = process.env.GLASSBOX_TEST_POSTGRES_URL;
  const script = new URL("../scripts/postgres.sh", import.meta.url).pathname;
  if (given) return { url: given, stop: () => {} };
  const dir = mkdtempSync(join(tmpdir(), "glassbox-bench-pg-"));
  chmodSync(dir, 0o755); // as root, the server runs as the postgres user, which must reach its folder
  const url = execFileSync(script, ["start", join(dir, "data"), String(await freePort())], {
    encoding: "utf8",
  }).trim();
  return {
    url,
    stop: () => {
      execFileSync(script, ["stop", join(dir, "data")]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freshDatabase(url: string, name: string): Promise<string> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name}`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return fresh.toString();
}

async function post(url: string, session: string): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/invocations`, {
    method: "POST",
    headers: { "content-type": "application/json", [SESSION]: session },
    body: JSON.stringify({ prompt: QUESTION }),
  });
  const body = (await response.json()) as { answer?: string };
  return {
    ok: response.status === 200 && String(body.answer).includes(EXPECTED),
    ms: performance.now() - started,
  };
}

/** 500 sessions at once through nginx and three workers; each sends `turns` turns back to back. */
async function scaleOut(sessions: number, turns: number) {
  const pg = await postgres();
  const bedrock = await spawnLocalBedrock(200);
  const dir = mkdtempSync(join(tmpdir(), "glassbox-bench-serve-"));
  const workers: Awaited<ReturnType<typeof startWorker>>[] = [];
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    const database = await freshDatabase(pg.url, "glassbox_bench_serve");
    await (await createCheckpointer(database)).close();
    for (let i = 0; i < 3; i++)
      workers.push(
        await startWorker({
          checkpointer: database,
          endpoint: bedrock.url,
          effects: join(dir, "effects.log"),
          args: ["--max-concurrency", String(sessions)],
        }),
      );
    nginx = await startNginx(workers.map((worker) => worker.port));
    const url = nginx.url;
    for (let i = 0; i < 30; i++) await post(url, `bench-warmup-${i}-${"0".repeat(30)}`); // warm-up
    const latencies: number[] = [];
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: sessions }, async (_, s) => {
        const session = `bench-session-${s}-${crypto.randomUUID()}`;
        for (let t = 0; t < turns; t++) {
          const { ok, ms } = await post(url, session);
          if (ok) latencies.push(ms);
          else failed++;
        }
      }),
    );
    const wallS = (performance.now() - started) / 1000;
    return {
      sessions,
      invocations: sessions * turns,
      failed,
      invocationsPerSecond: (sessions * turns) / wallS,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      wallS,
    };
  } finally {
    await nginx?.stop();
    await Promise.all(workers.map((worker) => worker.stop()));
    await bedrock.stop();
    pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The peer measured in the same run: the same sessions and turns as `agent.invoke` calls in this one
 * process (no HTTP, no balancer, threads in memory), against the same 200 ms local Bedrock. It shows
 * what this machine does with no serving at all.
 */
async function inProcessPeer(sessions: number, turns: number) {
  const bedrock = await spawnLocalBedrock(200);
  try {
    // As many sockets to the model as the three workers have together (the SDK's default is 50 each).
    const client = new BedrockRuntimeClient({
      region: "us-east-1",
      endpoint: bedrock.url,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      requestHandler: new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 150 }) }),
    });
    const agent = createToolAgent({
      client,
      model: { modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" },
      checkpointer: new MemorySaver(),
    });
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: sessions }, async () => {
        const threadId = crypto.randomUUID();
        for (let t = 0; t < turns; t++) {
          const begun = performance.now();
          const result = await agent.invoke(QUESTION, { threadId });
          if (!result.answer.includes(EXPECTED)) throw new Error(`in-process run answered ${result.answer}`);
          latencies.push(performance.now() - begun);
        }
      }),
    );
    const wallS = (performance.now() - started) / 1000;
    return {
      invocationsPerSecond: (sessions * turns) / wallS,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      wallS,
    };
  } finally {
    await bedrock.stop();
  }
}

/** The server's own cost per invocation: HTTP + payload + thread check + JSON, over `agent.invoke`. */
async function overhead(rounds: number, perRound: number) {
  const bedrock = await spawnLocalBedrock(0);
  const model = {
    endpoint: bedrock.url,
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    streaming: false,
  };
  const direct = createToolAgent({ model, checkpointer: new MemorySaver() });
  const served = createToolAgent({ model, checkpointer: new MemorySaver() });
  const server = await serve(served, { port: 0, log: () => {}, maxConcurrency: 1000 });
  const runDirect = async () => {
    const result = await direct.invoke(QUESTION, { threadId: crypto.randomUUID() });
    if (!result.answer.includes(EXPECTED)) throw new Error(`in-process run answered ${result.answer}`);
  };
  const runServed = async () => {
    const { ok } = await post(server.url, `bench-overhead-${crypto.randomUUID()}`);
    if (!ok) throw new Error("the served run failed");
  };
  try {
    for (let i = 0; i < 30; i++) {
      await runDirect();
      await runServed();
    }
    const times: Record<"direct" | "served", number[]> = { direct: [], served: [] };
    // Process CPU per invocation: both paths run in this process (the served one: client, server and
    // agent), so the difference is the server's own work, with less scheduling noise than wall time.
    const cpu: Record<"direct" | "served", number[]> = { direct: [], served: [] };
    for (let round = 0; round < rounds; round++) {
      const order: Array<["direct" | "served", () => Promise<void>]> = [
        ["direct", runDirect],
        ["served", runServed],
      ];
      if (round % 2) order.reverse();
      for (const [name, run] of order) {
        const before = process.cpuUsage();
        for (let i = 0; i < perRound; i++) {
          const started = performance.now();
          await run();
          times[name].push(performance.now() - started);
        }
        const used = process.cpuUsage(before);
        cpu[name].push((used.user + used.system) / 1000 / perRound);
      }
    }
    const directMs = median(times.direct);
    const servedMs = median(times.served);
    const directCpuMs = median(cpu.direct);
    const servedCpuMs = median(cpu.served);
    return {
      directMs,
      servedMs,
      overheadMs: servedMs - directMs,
      ratio: servedMs / directMs,
      directCpuMs,
      servedCpuMs,
      overheadCpuMs: servedCpuMs - directCpuMs,
    };
  } finally {
    await server.close();
    await bedrock.stop();
  }
}

/** Runs both parts and prints them. */
export async function benchServe(options: { sessions?: number; turns?: number; rounds?: number } = {}) {
  const sessions = options.sessions ?? Number(process.env.BENCH_SERVE_SESSIONS ?? 500);
  const turns = options.turns ?? Number(process.env.BENCH_SERVE_TURNS ?? 2);
  const cost = await overhead(options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 20), 20);
  console.log(
    `\nglassbox serve overhead, "${QUESTION}" (2 model calls, 1 tool call) at 0 ms model latency, medians`,
  );
  console.log(
    table(
      ["path", "wall ms", "× in-process", "cpu ms"],
      [
        ["agent.invoke in-process", cost.directMs.toFixed(2), "1.00", cost.directCpuMs.toFixed(2)],
        [
          "POST /invocations (fetch → serve → agent)",
          cost.servedMs.toFixed(2),
          cost.ratio.toFixed(2),
          cost.servedCpuMs.toFixed(2),
        ],
      ],
    ),
  );
  console.log(
    `server overhead per invocation: ${cost.overheadMs.toFixed(2)} ms wall, ${cost.overheadCpuMs.toFixed(2)} ms cpu (client included)`,
  );
  const load = await scaleOut(sessions, turns);
  const peer = await inProcessPeer(sessions, turns);
  console.log(
    `\nScale-out: ${sessions} concurrent sessions × ${turns} turns through nginx → 3 glassbox serve workers → one PostgreSQL, 200 ms per model call (2 calls per turn)`,
  );
  console.log(
    table(
      ["path", "invocations", "failed", "invocations/s", "p50 ms", "p99 ms", "wall s"],
      [
        [
          "nginx → 3 × glassbox serve → PostgreSQL",
          String(load.invocations),
          String(load.failed),
          load.invocationsPerSecond.toFixed(1),
          load.p50Ms.toFixed(0),
          load.p99Ms.toFixed(0),
          load.wallS.toFixed(1),
        ],
        [
          "peer: agent.invoke in one process (memory threads)",
          String(load.invocations),
          "0",
          peer.invocationsPerSecond.toFixed(1),
          peer.p50Ms.toFixed(0),
          peer.p99Ms.toFixed(0),
          peer.wallS.toFixed(1),
        ],
      ],
    ),
  );
  const { loadavg } = await import("node:os");
  console.log(
    `served / in-process throughput = ${(load.invocationsPerSecond / peer.invocationsPerSecond).toFixed(2)}; load average during the run ${loadavg()[0]?.toFixed(1)} on ${(await import("node:os")).cpus().length} cores`,
  );
  return { overhead: cost, scaleOut: load, inProcessPeer: peer };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchServe();
  process.exit(0);
}
