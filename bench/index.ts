/**
 * `npm run bench`: every benchmark, numbers printed and saved to bench/results/. Each section runs on its
 * own: one that fails is recorded with its error, the others still run, and the results file is
 * rewritten after every section, so the rows already measured are kept whatever happens later.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { benchEvalRunner } from "./eval-runner.ts";
import { benchModelFeatures } from "./model-features.ts";
import { benchPii, formatPiiBench } from "./pii.ts";
import { benchPromptAttack, formatPromptAttackBench } from "./prompt-attack.ts";
import { benchReactLoop } from "./react-loop.ts";
import { benchRetrieval } from "./retrieval.ts";
import { benchServe } from "./serve.ts";
import { benchShippedClient } from "./shipped-client.ts";
import { benchStartup, formatStartup } from "./startup.ts";
import { benchStudioUi } from "./studio-ui.ts";
import { benchTelemetry } from "./telemetry.ts";
import { benchToolBoundaries } from "./tool-boundaries.ts";

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
const file = new URL("./results/latest.json", import.meta.url);
await mkdir(new URL("./results/", import.meta.url), { recursive: true });

async function section(name: string, run: () => Promise<unknown>): Promise<void> {
  try {
    results[name] = await run();
  } catch (error) {
    console.error(`\n${name} failed: ${(error as Error).stack ?? error}`);
    results[name] = { error: (error as Error).message };
  }
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}

// First, while nothing else of the benchmark has warmed the machine up.
await section("startup", async () => {
  const startup = benchStartup();
  console.log(`startup (CPU time of whole processes against node -e 0)\n${formatStartup(startup)}\n`);
  return startup;
});
await section("reactLoop", () => benchReactLoop());
await section("pii", async () => {
  const pii = await benchPii();
  console.log(`\n${formatPiiBench(pii)}`);
  return pii;
});
await section("promptAttack", async () => {
  const promptAttack = await benchPromptAttack();
  console.log(`\n${formatPromptAttackBench(promptAttack)}`);
  return promptAttack;
});
await section("retrieval", () => benchRetrieval());
await section("evalRunner", () => benchEvalRunner());
await section("toolBoundaries", () => benchToolBoundaries());
await section("modelFeatures", () => benchModelFeatures());
await section("telemetry", () => benchTelemetry());
await section("serve", () => benchServe());
await section("shippedClient", () => benchShippedClient());
await section("studioUi", () => benchStudioUi());
console.log("\nsaved bench/results/latest.json");
process.exit(0);
