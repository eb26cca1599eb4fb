import { describe, expect, it } from "vitest";
import { NOT_APPLICABLE, reportModel } from "../../src/evals/reports/report-model.ts";
import type { ResultRow } from "../../src/evals/result-row.ts";
import { summarize } from "../../src/evals/summary.ts";

const row = (caseId: string, extra: Partial<ResultRow> = {}): ResultRow => ({
  caseId,
  repetition: 1,
  variant: "original",
  status: "ok",
  passed: true,
  input: `question ${caseId}`,
  answer: "42",
  scores: [{ key: "exact", score: true, comment: "", metadata: {} }],
  failedKeys: [],
  latencyMs: 12,
  attempts: 1,
  cached: false,
  finishedAt: "2026-01-01T00:00:00Z",
  ...extra,
});

describe("report model", () => {
  it("writes not applicable for missing scores, keeps only cards that apply, marks cached latencies as recorded", () => {
    const rows = [
      row("a", { scores: [{ key: "grounding", score: null, comment: "no sources", metadata: {} }] }),
      row("b", { cached: true }),
    ];
    const summary = summarize({
      suite: "s",
      runId: "r",
      datasetSha256: "0".repeat(64),
      startedAt: "2026-01-01T00:00:00Z",
      wallMs: 1000,
      rows,
      evaluators: [],
      thresholds: { passRate: 0.5, metrics: { exact: 1 } },
      repetitions: 1,
      limiter: { throttles: 0, requests: 2 },
      freeJudge: true,
    });
    const model = reportModel(summary, rows, {
      model: "m-1",
      endpoint: "https://bedrock-runtime.us-east-1.amazonaws.com",
    });
    expect(model.cases.find((c) => c.title === "a")?.scores[0]?.score).toBe(NOT_APPLICABLE);
    expect(model.cards.map((card) => card.title)).toEqual(["pass rate", "rows", "latency"]);
    expect(model.cases.find((c) => c.title === "b")?.latency).toBe("12 ms (recorded: from the cache)");
    expect(model.cache.note).toBe(
      "1 of 2 rows came from the cache: their answers and latencies were recorded by an earlier run",
    );
    expect(model.answeredBy).toMatchObject({
      local: false,
      label: "answered by https://bedrock-runtime.us-east-1.amazonaws.com · m-1",
    });
    // A loopback endpoint alone is no sign of the local model (it may be a proxy to Bedrock).
    expect(
      reportModel(summary, rows, { model: "m-1", endpoint: "http://127.0.0.1:8443" }).answeredBy.local,
    ).toBe(false);
    expect(model.thresholds.find((t) => t.name === "exact")).toEqual({
      name: "exact",
      required: "≥ 1",
      actual: "1.000",
      ok: true,
    });
    expect(model.verdict).toBe("passed: all 3 thresholds met");
  });

  it("reads who answered from what newer runners record (summary.answeredBy)", () => {
    const rows = [row("a")];
    const summary = {
      ...summarize({
        suite: "s",
        runId: "r",
        datasetSha256: "0".repeat(64),
        startedAt: "2026-01-01T00:00:00Z",
        wallMs: 1,
        rows,
        evaluators: [],
        thresholds: { passRate: 1, metrics: {} },
        repetitions: 1,
      }),
      answeredBy: { endpoint: "local Bedrock (in-process)", models: { "us.anthropic.claude-sonnet-4-5": 1 } },
    };
    expect(reportModel(summary, rows).answeredBy.label).toBe(
      "answered by local Bedrock (in-process) · us.anthropic.claude-sonnet-4-5: the local rule-based model (Glassbox's offline stand-in for Bedrock), not an LLM",
    );
  });
});
