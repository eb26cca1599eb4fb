import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/create-agent.ts";
import { compareRuns, gateExitCode, readRun } from "../../src/evals/compare.ts";
import { loadSuite } from "../../src/evals/registry.ts";
import { runSuite } from "../../src/evals/runner.ts";
import { agentTarget } from "../../src/evals/target.ts";
import { builtinTools } from "../../tools/index.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { memorySuite } from "./helpers.ts";

const EVALS = join(import.meta.dirname, "../../evals");
const modelCalls = (server: Awaited<ReturnType<typeof localBedrock>>) =>
  server.requests.all("ConverseStream").length + server.requests.all("Converse").length;

describe("the evaluation cache keys on everything that decides an answer", () => {
  it("a run against another endpoint or another model is not served from the first run's cache", async () => {
    const outDir = tempDir();
    const loaded = await loadSuite(EVALS, "tool-agent");
    const first = await localBedrock();
    const second = await localBedrock();
    const a = await runSuite(loaded, { outDir, model: localModel(first), limit: 3 });
    expect(a.summary.answeredBy).toEqual({
      endpoint: first.url,
      models: { "us.anthropic.claude-sonnet-4-5-20250929-v1:0": 3 },
    });

    const otherEndpoint = await runSuite(loaded, { outDir, model: localModel(second), limit: 3 });
    expect(otherEndpoint.summary.target.cachedRows).toBe(0);
    expect(modelCalls(second)).toBeGreaterThanOrEqual(6);
    expect(otherEndpoint.summary.answeredBy?.endpoint).toBe(second.url);

    const before = modelCalls(first);
    const otherModel = await runSuite(loaded, {
      outDir,
      model: localModel(first, { modelId: "us.amazon.nova-pro-v1:0" }),
      limit: 3,
    });
    expect(otherModel.summary.target.cachedRows).toBe(0);
    expect(modelCalls(first)).toBeGreaterThan(before);
    expect(Object.keys(otherModel.summary.answeredBy?.models ?? {})).toEqual(["us.amazon.nova-pro-v1:0"]);

    // The same setup again is served from the cache, and says so.
    const again = await runSuite(loaded, { outDir, model: localModel(first), limit: 3 });
    expect(again.summary.target.cachedRows).toBe(3);
    const manifest = JSON.parse(readFileSync(join(again.runDir, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ endpoint: first.url, glassbox: expect.any(String) });

    // A gate between runs answered by different endpoints or models says so.
    expect(gateExitCode(compareRuns(readRun(a.runDir), readRun(otherEndpoint.runDir)))).toBe(3);
    expect(gateExitCode(compareRuns(readRun(a.runDir), readRun(otherModel.runDir)))).toBe(3);
    expect(compareRuns(readRun(a.runDir), readRun(again.runDir)).comparable).toBe(true);
  }, 60_000);

  it("a run with another system prompt is not served from the first run's cache", async () => {
    const server = await localBedrock();
    const outDir = tempDir();
    let prompt = "You are a careful calculator.";
    const loaded = memorySuite(
      {
        name: "prompted",
        target: {
          name: "prompted_agent",
          create: ({ client, model, telemetry }) =>
            agentTarget(createAgent({ client, model, telemetry, tools: builtinTools, systemPrompt: prompt })),
        },
        evaluators: [{ evaluator: "contains" }],
      },
      [{ id: "sum", input: "What is 2+2?", expectedAnswer: "4" }],
    );
    const model = localModel(server);
    await runSuite(loaded, { outDir, model });
    const calls = modelCalls(server);
    prompt = "You are a terse calculator.";
    const changed = await runSuite(loaded, { outDir, model });
    expect(changed.summary.target.cachedRows).toBe(0);
    expect(modelCalls(server)).toBeGreaterThan(calls);
    prompt = "You are a careful calculator.";
    expect((await runSuite(loaded, { outDir, model })).summary.target.cachedRows).toBe(1);
  });

  it("glassbox eval --local, then --endpoint <nothing listening>: no row comes from the local run's cache", async () => {
    const out = tempDir();
    const local = await runCli(["eval", "tool-agent", "--local", "--limit", "3", "--out", out]);
    expect(local.code).toBe(0);
    expect(local.stdout).toMatch(
      /answered by local Bedrock \(in-process\) · us\.anthropic\.claude-sonnet-4-5-20250929-v1:0 · 0 of 3 rows from the cache/,
    );
    const dead = await runCli([
      "eval",
      "tool-agent",
      "--endpoint",
      "http://127.0.0.1:9",
      "--limit",
      "3",
      "--out",
      out,
    ]);
    expect(dead.code).toBe(1);
    expect(dead.stdout).toMatch(/FAILED: 0\/3 passed .*, 3 errors/);
    expect(dead.stdout).toMatch(/answered by http:\/\/127\.0\.0\.1:9 · .* · 0 of 3 rows from the cache/);
    const html = readFileSync(
      join(out, "tool-agent", /run (\S+):/.exec(dead.stdout)?.[1] ?? "", "report.html"),
      "utf8",
    );
    expect(html).toContain("answered by http://127.0.0.1:9");
  }, 60_000);
});
