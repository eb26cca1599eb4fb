/**
 * Measures one runner's peak memory with N concurrent runs, in a fresh process so RSS starts clean.
 * Usage: memory-process.ts <runner> <url> <concurrency>; prints one JSON line.
 */
import { runnerFor } from "./runners.ts";

const [name = "", url = "", concurrencyText = "1000"] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const run = runnerFor(name, url, concurrency);
await run("What is 17% of 2,340 plus 12?");
globalThis.gc?.();
const base = process.memoryUsage();
let peakRss = base.rss;
let peakHeap = base.heapUsed;
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  peakRss = Math.max(peakRss, now.rss);
  peakHeap = Math.max(peakHeap, now.heapUsed);
}, 5);
const started = performance.now();
const answers = await Promise.all(
  Array.from({ length: concurrency }, () => run("What is 17% of 2,340 plus 12?")),
);
const wallMs = performance.now() - started;
clearInterval(sampler);
const wrong = answers.filter((answer) => !answer.includes("409.8")).length;
process.stdout.write(
  `${JSON.stringify({
    wrong,
    baseRssMb: base.rss / 2 ** 20,
    peakRssMb: (peakRss - base.rss) / 2 ** 20,
    peakHeapMb: (peakHeap - base.heapUsed) / 2 ** 20,
    heapKbPerRun: (peakHeap - base.heapUsed) / 1024 / concurrency,
    wallMs,
  })}\n`,
);
process.exit(0);
