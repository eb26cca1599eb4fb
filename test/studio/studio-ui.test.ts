import { existsSync, statSync } from "node:fs";
import { get as httpGet } from "node:http";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolAgent } from "../../graphs/tool-agent.ts";
import { loadSuite } from "../../src/evals/registry.ts";
import { writeReports } from "../../src/evals/reports/write.ts";
import { runSuite } from "../../src/evals/runner.ts";
import { parseExporterSpec } from "../../src/telemetry/exporter-spec.ts";
import { setupTelemetry } from "../../src/telemetry/setup.ts";
import { testModel } from "../../src/testing/index.ts";
import {
  artifactsDir,
  CHROMIUM,
  launchChromium,
  startTestStudio,
  type TestStudio,
  watchPage,
} from "../helpers/studio.ts";
import { tempDirKept } from "../helpers/temp.ts";

// One Studio, one browser for the file: each costs seconds on two shared cores.
let dir: string;
let env: TestStudio;
let browser: Browser;
let traceFile: string;
const shots = artifactsDir();

beforeAll(async () => {
  expect(existsSync(CHROMIUM), "CI installs Debian's chromium (.ci/run)").toBe(true);
  dir = tempDirKept("glassbox-studio-ui-");
  env = await startTestStudio(dir, { only: ["approval_agent", "react_agent"], evalsDir: join(dir, "evals") });
  // Two evaluation runs of three cases; the second expects a wrong answer once (a regression).
  const suite = await loadSuite(join(import.meta.dirname, "../../evals"), "tool-agent");
  const rows = suite.dataset.rows.slice(0, 3);
  for (const [i, runId] of ["20260101T000000Z-aaaaaa", "20260102T000000Z-bbbbbb"].entries()) {
    suite.dataset.rows = rows.map((row, j) =>
      i === 1 && j === 1 ? { ...row, expectedAnswer: "not the answer" } : row,
    );
    const run = await runSuite(suite, {
      outDir: join(dir, "evals"),
      runId,
      model: testModel(env.local),
      cache: false,
    });
    writeReports(run.runDir, run.summary, run.rows);
  }
  // A trace file as `--trace jsonl=…` writes it (OTLP/JSON lines).
  traceFile = join(dir, "trace.jsonl");
  const telemetry = setupTelemetry({
    serviceName: "trace-file-test",
    exporters: [parseExporterSpec(`jsonl=${traceFile}`)],
  });
  await createToolAgent({ model: testModel(env.local), telemetry }).invoke("What is 3 + 4?");
  await telemetry.shutdown();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** A fresh page on the Studio, checked for console errors and requests off loopback at the end. */
async function withPage(name: string, body: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // Waits fail well before the test's own timeout, so the error names the selector.
  page.setDefaultTimeout(12_000);
  const { problems, requests } = watchPage(page);
  try {
    await page.goto(`${env.studio.url}/#/runs`);
    await page.waitForSelector(".app[data-ready=true]");
    await body(page);
  } finally {
    // Saved on failure too: the picture says where the flow stopped.
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true }).catch(() => {});
    await page.close();
  }
  expect(problems).toEqual([]);
  const outside = requests.filter((url) => !url.startsWith(`${env.studio.url}/`) && !url.startsWith("data:"));
  expect(outside).toEqual([]);
}

/** A GET with a forged Host header (DNS rebinding); fetch does not let a caller set Host. */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers: { Host: host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
  });
}

describe("Glassbox Studio in Chromium", () => {
  it("serves the UI with a strict CSP on its own origin and refuses other origins", async () => {
    const page = await fetch(`${env.studio.url}/`);
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'self'; script-src 'self'/);
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);
    const forged = await fetch(`${env.studio.url}/api/runs`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "http://evil.example" },
      body: JSON.stringify({ graphId: "react_agent", message: "What is 1 + 1?" }),
    });
    expect(forged.status).toBe(403);
    expect(await statusWithHost(`${env.studio.url}/api/graphs`, "attacker.example")).toBe(403);
    expect((await (await fetch(`${env.studio.url}/api/runs`)).json()) as unknown[]).toEqual([]);
  });

  it("runs the approval agent: pauses, edits the arguments in the schema form, approves, shows the answer and the waterfall", async () => {
    await withPage("approval-run", async (page) => {
      await page.selectOption("#run-graph", "approval_agent");
      await page.fill("#run-message", "What is 6 * 7?");
      await page.click("form.start button[type=submit]");
      await page.waitForSelector("[data-testid=decisions] [data-call=calculator]");
      await page.click("[data-testid=edit]");
      // The form is generated from the tool's schema and pre-filled with the model's arguments.
      await expect(page.inputValue("#field-expression")).resolves.toBe("6 * 7");
      await page.fill("#field-expression", "");
      await page.click("text=Use these arguments");
      await page.waitForSelector(".field.invalid >> text=expression: required");
      await page.fill("#field-expression", "6 * 9");
      await page.click("text=Use these arguments");
      await page.waitForSelector("[data-call=calculator] .tag.decided.edit");
      await page.click("[data-testid=send-decisions]");
      const done = page.locator(".card-step.done");
      await done.waitFor();
      await expect(done.locator(".answer").textContent()).resolves.toContain("54");
      const action = page.locator(".card-step.action");
      await expect(action.locator(".tag").textContent()).resolves.toBe("edited");
      await expect(action.textContent()).resolves.toContain('the model asked for {"expression":"6 * 7"}');
      await page.waitForSelector("[data-testid=waterfall] .wf-row[data-span^='invoke_agent']");
      expect(await page.locator("[data-testid=waterfall] .wf-row").count()).toBeGreaterThan(2);
      await page.locator("[data-testid=waterfall] .wf-row[data-span^='execute_tool']").first().click();
      await page.waitForSelector("[data-testid=span-detail] >> text=gen_ai.tool.name");
    });
  });

  it("sets a breakpoint before act by clicking the graph, steps, then continues to the answer", async () => {
    await withPage("breakpoint-step", async (page) => {
      await page.goto(`${env.studio.url}/#/graphs/react_agent`);
      await page.click("[data-node=act] rect");
      await page.waitForSelector("[data-node=act].bp-before");
      await page.click("[data-tab=runs]");
      await page.selectOption("#run-graph", "react_agent");
      await page.fill("#run-message", "What is 12 * 12?");
      await page.click("form.start button[type=submit]");
      await page.waitForSelector("[data-testid=breakpoint] >> text=Breakpoint before act");
      await page.waitForSelector(".pending-call >> text=calculator");
      await page.click("[data-testid=step]");
      // One step runs act (the observation) and stops before the next node.
      await page.waitForSelector(".card-step.observation");
      await page.waitForSelector("[data-testid=breakpoint] >> text=Breakpoint before think");
      await page.click("[data-testid=continue]");
      const done = page.locator(".card-step.done .answer");
      await done.waitFor();
      await expect(done.textContent()).resolves.toContain("144");
    });
  });

  it("forks a thread from an earlier checkpoint and shows the branch in the checkpoint tree", async () => {
    await withPage("fork-branch", async (page) => {
      const runs = (await (await fetch(`${env.studio.url}/api/runs`)).json()) as Array<{
        graphId: string;
        threadId: string;
      }>;
      const thread = runs.find((run) => run.graphId === "react_agent")?.threadId as string;
      await page.goto(`${env.studio.url}/#/threads/${thread}`);
      await page.selectOption("#thread-graph", "react_agent");
      await page.waitForSelector(".checkpoint[data-fork=rerun]");
      expect(await page.locator(".checkpoint.branch-start").count()).toBe(0);
      // Only valid fork points are offered: the input checkpoint has no fork button.
      await page.locator(".checkpoint[data-fork=none] button").first().click();
      await page.waitForSelector("[data-testid=checkpoint-detail] >> text=nothing to fork from");
      await page.locator(".checkpoint[data-fork=rerun] button").first().click();
      await page.click("[data-testid=rerun]");
      await page.waitForSelector("[data-testid=fork-run][data-status=done]");
      await page.waitForSelector(".checkpoint.branch-start");
      expect(await page.locator(".checkpoint[data-depth='1']").count()).toBeGreaterThan(0);
    });
  });

  it("opens a JSONL trace file and shows its spans with attributes", async () => {
    await withPage("trace-file", async (page) => {
      await page.click("[data-tab=spans]");
      await page.setInputFiles("#trace-open", traceFile);
      await page.waitForSelector("[data-testid=trace-source] >> text=trace.jsonl");
      await page.waitForSelector("[data-testid=waterfall] .wf-row[data-span^='invoke_agent']");
      await page.locator(".wf-row[data-span^='chat']").first().click();
      await page.waitForSelector("[data-testid=span-detail] >> text=gen_ai.usage.input_tokens");
    });
  });

  it("opens an evaluation run's report and compares two runs with the regression first", async () => {
    await withPage("eval-compare", async (page) => {
      await page.click("[data-tab=evals]");
      await page.waitForSelector("[data-eval]");
      expect(await page.locator("[data-eval]").count()).toBe(2);
      await page.click("text=20260102T000000Z-bbbbbb");
      const report = page.locator("[data-testid=eval-report]");
      await report.waitFor();
      await expect(report.locator("[data-testid=answered-by]").textContent()).resolves.toContain(
        "local rule-based model",
      );
      await expect(report.locator("[data-testid=verdict]").textContent()).resolves.toMatch(
        /failed: pass rate is 66\.7%/,
      );
      await expect(report.locator("details.case").first().getAttribute("data-state")).resolves.toBe("fail");
      await page.click("[data-tab=evals]");
      await page.check("[aria-label='compare tool-agent/20260101T000000Z-aaaaaa']");
      await page.check("[aria-label='compare tool-agent/20260102T000000Z-bbbbbb']");
      await page.click("[data-testid=compare]");
      await page.waitForSelector(
        "[data-testid=comparison] [data-testid=regressions] >> text=Regressions (1)",
      );
      await expect(page.locator("tr.regression td").first().textContent()).resolves.toBe("arith-times");
    });
    expect(statSync(join(shots, "eval-compare.png")).size).toBeGreaterThan(10_000);
  });
});
