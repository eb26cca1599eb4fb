/**
 * Measures one runner's memory with N concurrent runs, in a fresh process so RSS starts clean.
 * Usage: memory-process.ts <runner> <url> <concurrency>; prints one JSON line. The URL is the barrier
 * proxy of bench/local-server-process.ts: it holds the first Converse call of every run until all N are
 * waiting, so "held" heap is what N runs in flight at the same point retain (after a full GC), and the
 * sampled peak is the most the process used (garbage included). Every run is counted: a rejected run
 * or a wrong answer is a failure (and the first error is reported), never a crash.
 */

import { startMemorySampler } from "./memory-sampler.ts";
import { EXPECTED, QUESTION } from "./react-loop.ts";
import { runnerFor } from "./runners.ts";

const [name = "", url = "", concurrencyText = "1000"] = process.argv.slice(2);
const concurrency = Number(concurrencyText);

const run = await runnerFor(name, url, concurrency);
await run(QUESTION);
globalThis.gc?.();
const memory = startMemorySampler();
const { base } = memory;
const post = (path: string) => fetch(`${url}${path}`, { method: "POST" }).then((response) => response.json());
await post(`/bench/barrier?n=${concurrency}`);
const started = performance.now();
let done = 0;
const all = Promise.allSettled(
  Array.from({ length: concurrency }, () =>
    run(QUESTION).finally(() => {
      done++;
    }),
  ),
);
// Wait until every run that is still going has its first model call held at the proxy, or, for a client
// with a bounded socket pool (the shipped one), until the number held stops growing: the other runs then
// wait for a socket, in flight all the same.
let held = 0;
let steadySince = performance.now();
while (performance.now() - started < 600_000) {
  const pending = ((await (await fetch(`${url}/bench/pending`)).json()) as { pending: number }).pending;
  if (pending !== held) steadySince = performance.now();
  held = pending;
  if (held + done >= concurrency) break;
  if (held > 0 && performance.now() - steadySince > 3_000) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const inFlight = concurrency - done;
globalThis.gc?.();
const heldHeap = process.memoryUsage().heapUsed - base.heapUsed;
await post("/bench/release");
const settled = await all;
const wallMs = performance.now() - started;
const peak = memory.stop();
let failures = 0;
let firstError: string | undefined;
for (const outcome of settled) {
  const problem =
    outcome.status === "rejected"
      ? `${(outcome.reason as Error)?.name}: ${(outcome.reason as Error)?.message ?? outcome.reason}`
      : outcome.value.includes(EXPECTED)
        ? undefined
        : `wrong answer: ${outcome.value.slice(0, 120)}`;
  if (problem) {
    failures++;
    firstError ??= problem;
  }
}
process.stdout.write(
  `${JSON.stringify({
    concurrency,
    failures,
    ...(firstError ? { firstError } : {}),
    baseRssMb: base.rss / 2 ** 20,
    peakRssMb: peak.rssBytes / 2 ** 20,
    peakHeapMb: peak.heapBytes / 2 ** 20,
    heapKbPerRun: peak.heapBytes / 1024 / concurrency,
    held,
    inFlight,
    heldKbPerRun: inFlight ? heldHeap / 1024 / inFlight : 0,
    wallMs,
  })}\n`,
);
process.exit(0);
