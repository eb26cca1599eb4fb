/** `npm run bench`: every benchmark, numbers printed and saved to bench/results/. */
import { mkdir, writeFile } from "node:fs/promises";
import { benchEvalRunner } from "./eval-runner.ts";
import { benchPii, formatPiiBench } from "./pii.ts";
import { benchPromptAttack, formatPromptAttackBench } from "./prompt-attack.ts";
import { benchReactLoop } from "./react-loop.ts";
import { benchRetrieval } from "./retrieval.ts";
import { benchServe } from "./serve.ts";
import { benchStartup, formatStartup } from "./startup.ts";
import { benchStudioUi } from "./studio-ui.ts";
import { benchTelemetry } from "./telemetry.ts";
import { benchToolBoundaries } from "./tool-boundaries.ts";

// First, while nothing else of the benchmark has warmed the machine up.
const startup = benchStartup();
console.log(`startup (CPU time of whole processes against node -e 0)\n${formatStartup(startup)}\n`);

const reactLoop = await benchReactLoop();
const pii = await benchPii();
console.log(`\n${formatPiiBench(pii)}`);
const promptAttack = await benchPromptAttack();
console.log(`\n${formatPromptAttackBench(promptAttack)}`);
const results = {
  date: new Date().toISOString(),
  node: process.version,
  startup,
  reactLoop,
  pii,
  promptAttack,
  retrieval: await benchRetrieval(),
  evalRunner: await benchEvalRunner(),
  toolBoundaries: await benchToolBoundaries(),
  telemetry: await benchTelemetry(),
  serve: await benchServe(),
  studioUi: await benchStudioUi(),
};
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(new URL("./results/latest.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log("\nsaved bench/results/latest.json");
process.exit(0);
