/**
 * Start-up cost of the compiled package, as CPU time (user + system, every thread) of whole processes,
 * against `node -e 0` measured in the same run: `glassbox --help`, `glassbox --version`,
 * `import("glassbox")` and the README's quick-start run (offline, on the in-process local Bedrock).
 * Rounds are interleaved (each round runs every command once) and each ratio is the median over rounds of
 * the command's CPU time over that round's `node -e 0`. `npx tsx bench/startup.ts` runs it alone
 * (BENCH_STARTUP_ROUNDS, default 7); it needs the build (`npm run build`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, table } from "./stats.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PROBE = fileURLToPath(new URL("./cpu-probe.cjs", import.meta.url));
const BIN = join(ROOT, "bin", "glassbox.js");
const QUESTION = "What is 17% of 2,340 plus 12?";

interface Case {
  name: string;
  args: string[];
  /** The most CPU time it may take, as a multiple of `node -e 0`. */
  target?: number;
}

const CASES: Case[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "glassbox --help", args: [BIN, "--help"], target: 3 },
  { name: "glassbox --version", args: [BIN, "--version"], target: 2 },
  // A package may import itself by name: this resolves "glassbox" through package.json exports to dist/.
  { name: 'import("glassbox")', args: ["--input-type=module", "-e", 'await import("glassbox")'], target: 12 },
  { name: "glassbox run (quick start)", args: [BIN, "run", QUESTION], target: 18 },
];

/** One process's CPU time in milliseconds, from the probe it was started with. */
function cpuMs(args: string[], env: NodeJS.ProcessEnv): number {
  const child = spawnSync(process.execPath, ["-r", PROBE, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`${args.join(" ")} exited with ${child.status}: ${child.stderr}`);
  const micros = Number(String(child.output[3]).trim());
  if (!Number.isFinite(micros)) throw new Error(`${args.join(" ")}: no CPU time from the probe`);
  return micros / 1000;
}

export interface StartupRow {
  name: string;
  medianCpuMs: number;
  ratio: number;
  target?: number;
  met?: boolean;
}

/** Runs the rounds and returns one row per command (the first is the `node -e 0` baseline). */
export function benchStartup(rounds = Number(process.env.BENCH_STARTUP_ROUNDS ?? 7)): StartupRow[] {
  if (!existsSync(join(ROOT, "dist", "src", "cli", "main.js")))
    throw new Error("bench/startup.ts measures the compiled build: run npm run build first");
  // No AWS credentials and a HOME without ~/.aws, as on a fresh machine: the quick start runs offline.
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("AWS_")) env[key] = value;
  Object.assign(env, {
    HOME: mkdtempSync(join(tmpdir(), "glassbox-startup-")),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  for (const { args } of CASES) cpuMs(args, env); // warm-up: disk cache, compile cache
  const samples = CASES.map(() => [] as number[]);
  const ratios = CASES.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    const times = CASES.map(({ args }) => cpuMs(args, env));
    times.forEach((ms, i) => {
      samples[i]?.push(ms);
      ratios[i]?.push(ms / (times[0] as number));
    });
  }
  return CASES.map((c, i) => {
    const ratio = median(ratios[i] ?? []);
    return {
      name: c.name,
      medianCpuMs: median(samples[i] ?? []),
      ratio,
      ...(c.target !== undefined ? { target: c.target, met: ratio <= c.target } : {}),
    };
  });
}

/** The rows as a table. */
export function formatStartup(rows: StartupRow[]): string {
  return table(
    ["process", "median CPU ms", "× node -e 0", "target"],
    rows.map((row) => [
      row.name,
      row.medianCpuMs.toFixed(0),
      row.ratio.toFixed(2),
      row.target === undefined ? "" : `≤ ${row.target}× ${row.met ? "met" : "NOT MET"}`,
    ]),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatStartup(benchStartup()));
}
