/**
 * The shipped client under load: 10,000 concurrent tool-agent runs (two model calls each) at 200 ms
 * model latency, through the client createAgent builds, against the local Bedrock in its own process.
 * Reports failed runs, peak RSS and heap per run, and wall time against the theoretical minimum:
 * two sequential 200 ms calls if every run could be in flight at once, and the floor the socket pool
 * sets (calls × latency / sockets). Each configuration runs in a fresh process; a failing one becomes a
 * row with its error, and the others still run.
 */
import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DEFAULT_MAX_SOCKETS } from "../src/model/http-pool.ts";
import { spawnLocalBedrock } from "./local-server.ts";
import { table } from "./stats.ts";

const LATENCY_MS = 200;
/** A configuration still running after this long becomes an error row. */
const TIMEOUT_MS = Number(process.env.BENCH_SHIPPED_TIMEOUT_MS ?? 30 * 60_000);
const CALLS_PER_RUN = 2;

interface Measurement {
  runs: number;
  failed: number;
  wrong: number;
  errors: Record<string, number>;
  wallMs: number;
  cpuMs: number;
  baseRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  rssKbPerRun: number;
  heapKbPerRun: number;
}

export interface ShippedClientRow {
  config: string;
  maxSockets: number;
  result?: Measurement & {
    minimumMs: number;
    poolFloorMs: number;
    wallVsMinimum: number;
    wallVsPoolFloor: number;
  };
  error?: string;
}

function measure(url: string, runs: number, maxSockets?: number): Promise<Measurement> {
  const script = fileURLToPath(new URL("./shipped-client-process.ts", import.meta.url));
  const args = ["--expose-gc", "--max-old-space-size=8192", "--import", "tsx", script, url, String(runs)];
  if (maxSockets) args.push(String(maxSockets));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      {
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        timeout: TIMEOUT_MS,
        maxBuffer: 16 * 2 ** 20,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(JSON.parse(stdout));
        const why = error.killed
          ? `stopped after ${TIMEOUT_MS / 60_000} min (${error.signal})`
          : stderr.trim().split("\n").slice(-5).join(" ") || error.message;
        reject(new Error(why));
      },
    );
  });
}

/** Runs the benchmark and returns its rows (also printed). */
export async function benchShippedClient(options: { runs?: number } = {}): Promise<ShippedClientRow[]> {
  const runs = options.runs ?? Number(process.env.BENCH_SHIPPED_RUNS ?? 10_000);
  const configs = [
    { config: "createAgent's client, default pool", maxSockets: DEFAULT_MAX_SOCKETS, pass: undefined },
    { config: "createAgent's client, http.maxSockets 4096", maxSockets: 4096, pass: 4096 },
  ];
  const rows: ShippedClientRow[] = [];
  const server = await spawnLocalBedrock(LATENCY_MS);
  try {
    for (const { config, maxSockets, pass } of configs) {
      try {
        const result = await measure(server.url, runs, pass);
        const minimumMs = CALLS_PER_RUN * LATENCY_MS;
        const poolFloorMs = Math.ceil((runs * CALLS_PER_RUN) / maxSockets) * LATENCY_MS;
        rows.push({
          config,
          maxSockets,
          result: {
            ...result,
            minimumMs,
            poolFloorMs,
            wallVsMinimum: result.wallMs / minimumMs,
            wallVsPoolFloor: result.wallMs / poolFloorMs,
          },
        });
      } catch (error) {
        rows.push({ config, maxSockets, error: (error as Error).message });
      }
    }
  } finally {
    await server.stop();
  }
  console.log(
    `\nThe shipped client: ${runs.toLocaleString("en")} concurrent tool-agent runs (${CALLS_PER_RUN} model calls each) at ${LATENCY_MS} ms model latency`,
  );
  console.log(
    table(
      [
        "client",
        "failed",
        "wall s",
        "min s",
        "pool floor s",
        "wall/min",
        "client CPU s",
        "peak RSS MB",
        "RSS KB/run",
        "heap KB/run",
      ],
      rows.map((row) =>
        row.result
          ? [
              row.config,
              String(row.result.failed + row.result.wrong),
              (row.result.wallMs / 1000).toFixed(1),
              (row.result.minimumMs / 1000).toFixed(1),
              (row.result.poolFloorMs / 1000).toFixed(1),
              row.result.wallVsMinimum.toFixed(1),
              (row.result.cpuMs / 1000).toFixed(1),
              row.result.peakRssMb.toFixed(0),
              row.result.rssKbPerRun.toFixed(1),
              row.result.heapKbPerRun.toFixed(1),
            ]
          : [row.config, `error: ${row.error?.split("\n")[0]?.slice(0, 80)}`, "", "", "", "", "", "", "", ""],
      ),
    ),
  );
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchShippedClient();
  process.exit(0);
}
