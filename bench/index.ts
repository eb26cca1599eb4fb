/** `npm run bench`: every benchmark, numbers printed and saved to bench/results/. */
import { mkdir, writeFile } from "node:fs/promises";
import { benchEvalRunner } from "./eval-runner.ts";
import { benchModelFeatures } from "./model-features.ts";
import { benchPii, formatPiiBench } from "./pii.ts";
import { benchReactLoop } from "./react-loop.ts";
import { benchRetrieval } from "./retrieval.ts";
import { benchServe } from "./serve.ts";
import { benchTelemetry } from "./telemetry.ts";

const reactLoop = await benchReactLoop();
const pii = await benchPii();
console.log(`\n${formatPiiBench(pii)}`);
const results = {
  date: new Date().toISOString(),
  node: process.version,
  reactLoop,
  pii,
  retrieval: await benchRetrieval(),
  evalRunner: await benchEvalRunner(),
  modelFeatures: await benchModelFeatures(),
  telemetry: await benchTelemetry(),
  serve: await benchServe(),
};
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(new URL("./results/latest.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log("\nsaved bench/results/latest.json");
process.exit(0);
