import { describe, expect, it } from "vitest";
import { compareRuns, formatComparison, gateExitCode, type StoredRun } from "../../src/evals/compare.ts";
import { type ResultRow, unitKey } from "../../src/evals/result-row.ts";
import type { RunManifest } from "../../src/evals/runner.ts";

const manifest = (runId: string): RunManifest => ({
  suite: "guardrails",
  runId,
  datasetSha256: "same",
  evaluators: [],
  target: "guardrail-engine",
  model: "none",
  endpoint: "local Bedrock (in-process)",
  judge: "offline",
  repetitions: 1,
  robustness: [],
  createdAt: "2026-11-25T00:00:00.000Z",
});

/** A run where each of 20 cases scores `fpr` on the false-positive rate. */
function run(runId: string, fpr: (i: number) => number, lowerIsBetter?: string[]): StoredRun {
  const rows = new Map<string, ResultRow>();
  for (let i = 0; i < 20; i++) {
    rows.set(unitKey({ caseId: `c${i}`, repetition: 0, variant: "original" }), {
      caseId: `c${i}`,
      repetition: 0,
      variant: "original",
      status: "ok",
      passed: true,
      input: "x",
      scores: [{ key: "false_positive_rate", score: fpr(i), comment: "", metadata: {} }],
      failedKeys: [],
      latencyMs: 1,
      attempts: 1,
      cached: false,
      modelId: "m1",
      finishedAt: "2026-11-25T00:00:00.000Z",
    });
  }
  return { dir: runId, manifest: manifest(runId), rows, ...(lowerIsBetter ? { lowerIsBetter } : {}) };
}

describe("compareRuns", () => {
  it("reads a metric's direction from the runs: a rising false-positive rate is worse", () => {
    const before = run("a", () => 0, ["false_positive_rate"]);
    const after = run("b", (i) => (i % 2 ? 1 : 0), ["false_positive_rate"]);
    const [metric] = compareRuns(before, after).metrics;
    expect(metric).toMatchObject({ key: "false_positive_rate", lowerIsBetter: true, verdict: "worse" });
  });

  it("treats a metric without a direction as higher-is-better", () => {
    const [metric] = compareRuns(
      run("a", () => 0),
      run("b", (i) => (i % 2 ? 1 : 0)),
    ).metrics;
    expect(metric).toMatchObject({ lowerIsBetter: false, verdict: "better" });
  });
});

describe("compareRuns across endpoints and models", () => {
  const same = (i: number) => (i < 2 ? 1 : 0);
  const withBackend = (runId: string, endpoint: string | undefined, modelId: string): StoredRun => {
    const stored = run(runId, same);
    const manifested = { ...stored.manifest };
    if (endpoint === undefined) delete manifested.endpoint;
    else manifested.endpoint = endpoint;
    for (const row of stored.rows.values()) row.modelId = modelId;
    return { ...stored, manifest: manifested };
  };

  it("says runs answered by different endpoints are not comparable (exit 3), unless asked to compare across", () => {
    const local = withBackend("a", "local Bedrock (in-process)", "m1");
    const bedrock = withBackend("b", "Amazon Bedrock us-east-1", "m1");
    const comparison = compareRuns(local, bedrock);
    expect(comparison.comparable).toBe(false);
    expect(comparison.reason).toBe(
      "answered by different endpoints: a by local Bedrock (in-process), b by Amazon Bedrock us-east-1; pass --allow-model-change to compare across them",
    );
    expect(gateExitCode(comparison)).toBe(3);
    expect(formatComparison(comparison)).toContain("A answered by local Bedrock (in-process) · m1");
    const across = compareRuns(local, bedrock, { acrossModels: true });
    expect(across.comparable).toBe(true);
    expect(gateExitCode(across)).toBe(0);
    expect(formatComparison(across)).toContain("B answered by Amazon Bedrock us-east-1 · m1");
  });

  it("says runs answered by different models are not comparable", () => {
    const comparison = compareRuns(
      withBackend("a", "Amazon Bedrock us-east-1", "anthropic.claude-v1"),
      withBackend("b", "Amazon Bedrock us-east-1", "amazon.nova-pro-v1:0"),
    );
    expect(comparison.reason).toMatch(
      /^answered by different models: a by anthropic\.claude-v1, b by amazon\.nova-pro-v1:0/,
    );
    expect(gateExitCode(comparison)).toBe(3);
  });

  it("refuses to vouch for a run that does not record its endpoint", () => {
    const comparison = compareRuns(
      withBackend("old", undefined, "m1"),
      withBackend("new", "local Bedrock (in-process)", "m1"),
    );
    expect(comparison.comparable).toBe(false);
    expect(comparison.reason).toMatch(/run old does not record which endpoint answered it/);
  });
});
