import { describe, expect, it } from "vitest";
import { compareRuns, type StoredRun } from "../../src/evals/compare.ts";
import { type ResultRow, unitKey } from "../../src/evals/result-row.ts";
import type { RunManifest } from "../../src/evals/runner.ts";

const manifest = (runId: string): RunManifest => ({
  suite: "guardrails",
  runId,
  datasetSha256: "same",
  evaluators: [],
  target: "guardrail-engine",
  model: "none",
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
