/**
 * A focused pairwise check: Glassbox (tracing off) against the bare StateGraph, client CPU per episode,
 * 30 interleaved rounds, nothing else in the process. `npm run bench:pair` (add `als` to register the
 * OpenTelemetry AsyncLocalStorage context manager first).
 */
import { setupTelemetry } from "../src/telemetry/index.ts";
import { spawnLocalBedrock } from "./local-server.ts";
import { runnerFor } from "./runners.ts";
import { median } from "./stats.ts";

if (process.argv[2] === "als") setupTelemetry({});
const server = await spawnLocalBedrock(0);
const question = "What is 17% of 2,340 plus 12?";
const runners = {
  bare: runnerFor("bare StateGraph + ToolNode", server.url, 8),
  glassbox: runnerFor("Glassbox, tracing off", server.url, 8),
};
const cpu: Record<string, number[]> = { bare: [], glassbox: [] };
for (const run of Object.values(runners)) for (let i = 0; i < 40; i++) await run(question);
for (let round = 0; round < 30; round++) {
  for (const [name, run] of Object.entries(runners)) {
    const before = process.cpuUsage();
    for (let i = 0; i < 20; i++) await run(question);
    const used = process.cpuUsage(before);
    cpu[name]?.push((used.user + used.system) / 1000 / 20);
  }
}
const bare = median(cpu.bare ?? []);
const glassbox = median(cpu.glassbox ?? []);
console.log(
  `client CPU ms/episode: bare StateGraph ${bare.toFixed(3)}, Glassbox ${glassbox.toFixed(3)}, ratio ${(glassbox / bare).toFixed(3)}`,
);
await server.stop();
process.exit(0);
