/**
 * One measurement of the shipped client: N concurrent runs of the tool agent built by createAgent
 * (its own Bedrock client: the pooled keep-alive handler, timeouts and adaptive rate), in a fresh process
 * so RSS starts clean. Usage: shipped-client-process.ts <url> <runs> [maxSockets]; prints one JSON line.
 */
import { createToolAgent } from "../graphs/tool-agent.ts";
import { startMemorySampler } from "./memory-sampler.ts";

const [url = "", runsText = "10000", maxSockets] = process.argv.slice(2);
const runs = Number(runsText);
const agent = createToolAgent({
  model: {
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    endpoint: url,
    ...(maxSockets ? { http: { maxSockets: Number(maxSockets) } } : {}),
  },
});
const question = "What is 17% of 2,340 plus 12?";
await agent.invoke(question); // warm: modules loaded, first connection made
globalThis.gc?.();
const memory = startMemorySampler();
const { base } = memory;
const cpu = process.cpuUsage();
const started = performance.now();
const settled = await Promise.allSettled(Array.from({ length: runs }, () => agent.invoke(question)));
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
const peak = memory.stop();
const errors = new Map<string, number>();
let wrong = 0;
for (const outcome of settled) {
  if (outcome.status === "rejected") {
    const message = String((outcome.reason as Error)?.message ?? outcome.reason).slice(0, 160);
    errors.set(message, (errors.get(message) ?? 0) + 1);
  } else if (!outcome.value.answer.includes("409.8")) wrong++;
}
process.stdout.write(
  `${JSON.stringify({
    runs,
    failed: settled.filter((outcome) => outcome.status === "rejected").length,
    wrong,
    errors: Object.fromEntries(errors),
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    baseRssMb: base.rss / 2 ** 20,
    peakRssMb: peak.rssBytes / 2 ** 20,
    peakHeapMb: peak.heapBytes / 2 ** 20,
    rssKbPerRun: peak.rssBytes / 1024 / runs,
    heapKbPerRun: peak.heapBytes / 1024 / runs,
  })}\n`,
);
process.exit(0);
