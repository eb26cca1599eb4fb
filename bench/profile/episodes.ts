/**
 * Runs N episodes of one runner against a local Bedrock in its own process, for profiling:
 * `npx tsx bench/profile/episodes.ts "<runner>" [episodes] --cpu <file.cpuprofile>` profiles only the
 * episodes (not start-up; V8's sampling profiler through the inspector, as `node --cpu-prof` does), then
 * `npx tsx bench/profile/summarize.ts <file.cpuprofile>` groups self time by package.
 * With `--heap <file>` it takes a heap snapshot while N runs are in flight at 200 ms model latency instead
 * (and `<file>.base` before they start); `heap-summary.ts <file> <N> <file>.base` shows what a run holds.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { writeHeapSnapshot } from "node:v8";
import { spawnLocalBedrock } from "../local-server.ts";
import { EXPECTED, QUESTION } from "../react-loop.ts";
import { runnerFor } from "../runners.ts";

const [name = "Glassbox, tracing on", countText = "200", flag, file] = process.argv.slice(2);
const count = Number(countText);
const heap = flag === "--heap";
const server = await spawnLocalBedrock(heap ? 200 : 0);
try {
  const run = await runnerFor(name, server.url, heap ? count : 8);
  for (let i = 0; i < (heap ? 1 : 50); i++) await run(QUESTION);
  if (heap) {
    globalThis.gc?.();
    console.log(`baseline: ${writeHeapSnapshot(`${file}.base`)}`);
    const runs = Array.from({ length: count }, () => run(QUESTION));
    await new Promise((resolve) => setTimeout(resolve, 120));
    console.log(`snapshot: ${writeHeapSnapshot(file)}`);
    await Promise.all(runs);
  } else {
    const session = flag === "--cpu" ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 100 });
      await session.post("Profiler.start");
    }
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      const answer = await run(QUESTION);
      if (!answer.includes(EXPECTED)) throw new Error(`wrong answer: ${answer}`);
    }
    const used = process.cpuUsage(cpu);
    if (session && file) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(file, JSON.stringify(profile));
    }
    console.log(
      `${name}: ${((performance.now() - started) / count).toFixed(3)} ms wall, ` +
        `${((used.user + used.system) / 1000 / count).toFixed(3)} ms cpu per episode`,
    );
  }
} finally {
  await server.stop();
}
process.exit(0);
