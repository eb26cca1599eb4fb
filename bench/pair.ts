/**
 * A focused comparison of a few runners' client CPU per episode, interleaved rounds, nothing else in the
 * process: `npm run bench:pair -- "<runner>" "<runner>" ...` (default: the bare StateGraph and Glassbox
 * with tracing off and on). Runner names are those of bench/runners.ts.
 */
import { spawnLocalBedrock } from "./local-server.ts";
import { EXPECTED, QUESTION } from "./react-loop.ts";
import { BARE, GLASSBOX_OFF, GLASSBOX_ON, productionTelemetry, runnerFor } from "./runners.ts";
import { median } from "./stats.ts";

const names = process.argv.slice(2).length ? process.argv.slice(2) : [BARE, GLASSBOX_OFF, GLASSBOX_ON];
const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
const perRound = Number(process.env.BENCH_PER_ROUND ?? 20);
const server = await spawnLocalBedrock(0);
const telemetry = productionTelemetry(server.url);
const runners = await Promise.all(names.map((name) => runnerFor(name, server.url, 8, telemetry)));
const cpu: number[][] = names.map(() => []);
for (const run of runners) {
  const answer = await run(QUESTION);
  if (!answer.includes(EXPECTED)) throw new Error(`wrong answer: ${answer}`);
  for (let i = 0; i < 40; i++) await run(QUESTION);
}
for (let round = 0; round < rounds; round++) {
  const order = names.map((_, i) => i);
  if (round % 2) order.reverse();
  for (const i of order) {
    const before = process.cpuUsage();
    for (let n = 0; n < perRound; n++) await runners[i]?.(QUESTION);
    if (names[i] === GLASSBOX_ON) await telemetry.forceFlush();
    const used = process.cpuUsage(before);
    cpu[i]?.push((used.user + used.system) / 1000 / perRound);
  }
}
const medians = cpu.map((list) => median(list));
const first = medians[0] ?? 1;
for (const [i, name] of names.entries())
  console.log(
    `${name.padEnd(36)} ${medians[i]?.toFixed(3)} ms cpu/episode  ×${((medians[i] ?? 0) / first).toFixed(3)}`,
  );
await telemetry.shutdown();
await server.stop();
process.exit(0);
