import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSuite } from "../../src/evals/registry.ts";
import { writeReports } from "../../src/evals/reports/write.ts";
import { runSuite } from "../../src/evals/runner.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { CHROMIUM, launchChromium, watchPage } from "../helpers/studio.ts";

describe("HTML report", () => {
  it("opens in headless Chromium without console errors or network, failures first, with steps and charts", async () => {
    expect(existsSync(CHROMIUM), "needs Debian's Chromium at /usr/bin/chromium: run npm run test:deps").toBe(
      true,
    );
    const server = await localBedrock();
    const loaded = await loadSuite(join(import.meta.dirname, "../../evals"), "tool-agent");
    // One wrong expectation, so the report has a failure to put first.
    loaded.dataset.rows = loaded.dataset.rows
      .slice(0, 5)
      .map((row, i) => (i === 3 ? { ...row, expectedAnswer: "not the answer" } : row));
    const run = await runSuite(loaded, { outDir: tempDir(), model: localModel(server), cache: false });
    const files = writeReports(run.runDir, run.summary, run.rows);
    const html = readFileSync(files.html, "utf8");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    expect(readFileSync(files.junit, "utf8")).toMatch(/<failure message="answer_contains=false/);
    expect(JSON.parse(readFileSync(files.summary, "utf8"))).toMatchObject({
      suite: "tool-agent",
      counts: { units: 5, failed: 1 },
    });

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const { problems, requests } = watchPage(page);
      await page.goto(pathToFileURL(files.html).href);
      expect(await page.title()).toMatch(/tool-agent/);
      const states = await page.$$eval("details.case", (items) =>
        items.map((item) => item.getAttribute("data-state")),
      );
      expect(states).toHaveLength(5);
      expect(states[0]).toBe("fail");
      expect(states.slice(1).every((state) => state === "pass")).toBe(true);
      const first = page.locator("details.case").first();
      await expect(first.getAttribute("open")).resolves.not.toBeNull();
      expect(await first.locator(".step.thought").count()).toBeGreaterThan(0);
      expect(await first.locator(".step.action").count()).toBeGreaterThan(0);
      expect(await first.locator(".step.observation").count()).toBeGreaterThan(0);
      expect(await page.locator("svg[aria-label='answer_contains']").count()).toBe(1);
      expect(await page.locator("svg[aria-label='target latency (ms)']").count()).toBe(1);
      expect(await page.locator("svg[aria-label='spans']").count()).toBe(5);
      await page.locator("#filter input[value=pass]").uncheck();
      expect(await page.locator("details.case[data-state=pass]:visible").count()).toBe(0);
      const screenshot = join(run.runDir, "report.png");
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(20_000);
      expect(problems).toEqual([]);
      expect(requests.every((url) => url.startsWith("file:") || url.startsWith("data:"))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe("HTML report a team can act on", () => {
  it("says who answered, which thresholds held and why, what came from the cache, and leaves out what does not apply", async () => {
    const server = await localBedrock();
    const loaded = await loadSuite(join(import.meta.dirname, "../../evals"), "tool-agent");
    loaded.dataset.rows = loaded.dataset.rows
      .slice(0, 3)
      .map((row, i) => (i === 1 ? { ...row, expectedAnswer: "not the answer" } : row));
    const outDir = tempDir();
    const first = await runSuite(loaded, { outDir, model: localModel(server) });
    const fresh = readFileSync(writeReports(first.runDir, first.summary, first.rows).html, "utf8");
    expect(fresh).toMatch(
      /<p id="answered-by" class="answered-by">answered by http:\/\/127\.0\.0\.1:\d+ · us\.anthropic\.\S+: the local rule-based model \(Glassbox's offline stand-in for Bedrock\), not an LLM<\/p>/,
    );
    expect(fresh).toMatch(/<b>Why:<\/b> failed: pass rate is 66\.7%, needs ≥ /);
    expect(fresh).toMatch(
      /<tr><td>pass rate<\/td><td>≥ [\d.]+%<\/td><td>66\.7%<\/td><td class="failkey">not met<\/td><\/tr>/,
    );
    expect(fresh).toMatch(/<tr><td>error rows<\/td><td>none<\/td><td>0<\/td><td class="ok">met<\/td><\/tr>/);
    expect(fresh).toContain("no row came from the cache: all 3 were answered in this run");
    // The offline judge costs nothing and the local model has list prices: no judge-cost card, no "null".
    expect(fresh).not.toMatch(/>null</);
    expect(fresh).not.toContain("rate limiter");

    // The same cases again: every row from the cache, latencies marked as recorded.
    const second = await runSuite(loaded, { outDir, model: localModel(server) });
    const cached = readFileSync(writeReports(second.runDir, second.summary, second.rows).html, "utf8");
    expect(cached).toContain(
      "3 of 3 rows came from the cache: their answers and latencies were recorded by an earlier run",
    );
    expect(cached).toMatch(/\d+ ms \(recorded: from the cache\)/);
    expect(cached).toContain("from cache");
  }, 60_000);

  it("shows a RAG case's retrieved passages with scores and URIs, and which the answer cited", async () => {
    const server = await localBedrock();
    const loaded = await loadSuite(join(import.meta.dirname, "../../evals"), "doc-qa");
    loaded.dataset.rows = loaded.dataset.rows.slice(0, 2);
    const run = await runSuite(loaded, { outDir: tempDir(), model: localModel(server), cache: false });
    const html = readFileSync(writeReports(run.runDir, run.summary, run.rows).html, "utf8");
    expect(html).toMatch(/<h4>Retrieved passages <span class="muted">\(cited: S\d/);
    expect(html).toMatch(
      /<div class="passage cited"><b>S\d+<\/b> <span class="muted">score [\d.]+ · s3:\/\/larkspur-policies\/\S+ · cited/,
    );
  }, 60_000);
});
