/**
 * Glassbox Studio's UI in headless Chromium: the bundle's size, its time to interactive (navigation start
 * to the app's ready mark, a cold browser context each round) against an empty page in the same browser
 * (the floor), and how long a 500-step run's timeline takes to render (500 thought cards with their
 * actions and observations, plus the run's span waterfall), medians of interleaved rounds.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { MemorySaver } from "@langchain/langgraph";
import { createToolAgent } from "../graphs/tool-agent.ts";
import { SpanStore } from "../src/studio/span-store.ts";
import type { DrivableGraph } from "../src/studio/studio-graph.ts";
import { defaultAssetsDir, startStudioServer } from "../src/studio/studio-server.ts";
import { setupTelemetry } from "../src/telemetry/setup.ts";
import { startTestBedrock, testModel } from "../src/testing/index.ts";
import { launchChromium } from "../test/helpers/studio.ts";
import { median, table } from "./stats.ts";

/** The little of the DOM the page functions use (this file is type-checked without the DOM library). */
type PageDocument = {
  querySelectorAll(selector: string): { length: number };
  querySelector(selector: string): unknown;
};

const ROUNDS = 7;
const READY = "glassbox-studio-ready";
const STEPS = 500;

export interface StudioUiBench {
  bundle: { files: number; bytes: number; gzipBytes: number };
  timeToInteractiveMs: number;
  emptyPageMs: number;
  ratio: number;
  timeline: { steps: number; events: number; spans: number; renderMs: number; appReadyMs: number };
}

function bundleSize(dir: string) {
  const assets = join(dir, "assets");
  const files = readdirSync(assets).map((name) => join(assets, name));
  return {
    files: files.length,
    bytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
    gzipBytes: files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0),
  };
}

export async function benchStudioUi(): Promise<StudioUiBench> {
  const bundle = bundleSize(defaultAssetsDir());
  // A scripted model: 499 calculator calls, then the answer: one run of 500 ReAct steps.
  const script = [
    ...Array.from({ length: STEPS - 1 }, (_, i) => ({
      text: `Step ${i + 1}: I'll use calculator.`,
      toolUse: [{ name: "calculator", input: { expression: `${i} + 1` } }],
    })),
    { text: "Done: 500 steps." },
  ];
  const local = await startTestBedrock({ script });
  const spans = new SpanStore();
  const telemetry = setupTelemetry({ serviceName: "bench-studio", spanProcessors: [spans] });
  const agent = createToolAgent({
    name: "long_agent",
    model: testModel(local),
    limits: { maxSteps: STEPS + 10 },
    checkpointer: new MemorySaver(),
    telemetry,
  });
  const studio = await startStudioServer({
    graphs: [{ id: "long_agent", graph: agent.graph as unknown as DrivableGraph }],
    saver: agent.graph.checkpointer as MemorySaver,
    spans,
    recursionLimit: STEPS * 3,
  });
  const started = performance.now();
  const run = await studio.runs.start({
    graphId: "long_agent",
    message: "Count to 500 with the calculator.",
  });
  await studio.runs.settled(run.id);
  const produceMs = performance.now() - started;
  const runSpans = studio.runs.spansOf(run.id).length;
  const events = await (async () => {
    let n = 0;
    studio.runs.subscribe(run.id, 0, () => n++)();
    return n;
  })();

  const thoughts = (() => {
    let n = 0;
    studio.runs.subscribe(run.id, 0, (event) => {
      if (event.type === "thought") n++;
    })();
    return n;
  })();
  if (thoughts !== STEPS || studio.runs.info(run.id).status !== "done")
    throw new Error(`the long run made ${thoughts} thoughts and ended ${studio.runs.info(run.id).status}`);
  const browser = await launchChromium();
  const tti: number[] = [];
  const empty: number[] = [];
  const timeline: number[] = [];
  const ready: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of round % 2 ? ["studio", "empty", "timeline"] : ["timeline", "empty", "studio"]) {
        const context = await browser.newContext();
        const page = await context.newPage();
        if (kind === "empty") {
          await page.goto(`${studio.url}/api/info`);
          empty.push(
            Number(await page.evaluate('performance.getEntriesByType("navigation")[0].loadEventEnd')),
          );
        } else if (kind === "studio") {
          await page.goto(`${studio.url}/#/graphs`);
          await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, READY);
          tti.push(Number(await page.evaluate(`performance.getEntriesByName("${READY}")[0].startTime`)));
        } else {
          await page.goto(`${studio.url}/#/runs/${run.id}`);
          await page
            .waitForFunction(
              ({ steps, spans }) => {
                const { document } = globalThis as unknown as { document: PageDocument };
                return (
                  document.querySelectorAll(".card-step.thought").length === steps &&
                  document.querySelector(".card-step.done") !== null &&
                  document.querySelectorAll("[data-testid=waterfall] .wf-row").length === spans
                );
              },
              { steps: STEPS, spans: runSpans },
              { polling: "raf", timeout: 120_000 },
            )
            .catch((error: Error) => {
              throw new Error(`${error.message} (the ${STEPS}-step timeline did not render in time)`);
            });
          timeline.push(Number(await page.evaluate("performance.now()")));
          ready.push(Number(await page.evaluate(`performance.getEntriesByName("${READY}")[0].startTime`)));
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await studio.close();
    await telemetry.shutdown();
    await local.close();
  }
  const result: StudioUiBench = {
    bundle,
    timeToInteractiveMs: median(tti),
    emptyPageMs: median(empty),
    ratio: median(tti) / Math.max(median(empty), 0.001),
    timeline: {
      steps: STEPS,
      events,
      spans: runSpans,
      renderMs: median(timeline),
      appReadyMs: median(ready),
    },
  };
  console.log(
    `\nstudio UI (headless Chromium, ${ROUNDS} interleaved rounds, medians; the 500-step run took ${(produceMs / 1000).toFixed(1)} s to produce)\n${table(
      ["measure", "value"],
      [
        [
          "bundle",
          `${bundle.files} files, ${(bundle.bytes / 1024).toFixed(1)} KiB (${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzip)`,
        ],
        ["time to interactive", `${result.timeToInteractiveMs.toFixed(0)} ms`],
        ["empty page (floor)", `${result.emptyPageMs.toFixed(0)} ms (Studio ${result.ratio.toFixed(1)}x)`],
        [
          `${STEPS}-step timeline`,
          `${result.timeline.renderMs.toFixed(0)} ms to ${STEPS} thought cards + ${runSpans} span rows (${events} events; app ready at ${result.timeline.appReadyMs.toFixed(0)} ms)`,
        ],
      ],
    )}`,
  );
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchStudioUi();
  process.exit(0);
}
