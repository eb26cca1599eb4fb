import { describe, expect, it } from "vitest";
import { grounding, tokenOverlapScorer } from "../../../src/evals/evaluators/grounding.ts";
import { cost, latency, tokenUsage } from "../../../src/evals/evaluators/performance.ts";
import { createEvaluator, evaluatorNames } from "../../../src/evals/evaluators/registry.ts";
import {
  citationCoverage,
  citationPrecision,
  contextPrecision,
  contextRecall,
  ndcg,
} from "../../../src/evals/evaluators/retrieval.ts";
import { toolParameterAccuracy, toolSelectionAccuracy } from "../../../src/evals/evaluators/tool-calls.ts";
import { evalInput } from "../helpers.ts";

const sources = (...ids: string[]) => ids.map((id) => ({ id, text: `passage ${id}` }));
const refs = (...ids: string[]) => ({ contexts: ids.map((id) => ({ id })) });

describe("tool selection and parameter accuracy", () => {
  it("scores tool names as an F1 and expected arguments by value", async () => {
    const input = evalInput(
      {
        toolCalls: [
          { tool: "calculator", args: { expression: "2+2" } },
          { tool: "search", args: {} },
        ],
      },
      {
        trajectory: [
          { tool: "calculator", args: { expression: "2 + 2" } },
          { tool: "day_of_week", args: { date: "2026-07-04" } },
        ],
      },
    );
    const selection = (await toolSelectionAccuracy().evaluate(input)) as { score: number };
    expect(selection.score).toBeCloseTo(0.5, 6);
    const parameters = (await toolParameterAccuracy().evaluate(input)) as { score: number; comment: string };
    expect(parameters.score).toBe(0.5); // "2+2" equals "2 + 2" once normalised; day_of_week was never called
    expect(parameters.comment).toMatch(/day_of_week\.date/);
    const right = evalInput(
      { toolCalls: [{ tool: "convert_units", args: { value: 5.0000001, from: "Miles", to: "km" } }] },
      { trajectory: [{ tool: "convert_units", args: { value: 5, from: "miles", to: "km" } }] },
    );
    expect(await toolParameterAccuracy().evaluate(right)).toMatchObject({ score: 1 });
    expect(await toolSelectionAccuracy().evaluate(evalInput({}, { trajectory: [] }))).toMatchObject({
      score: 1,
    });
  });
});

describe("retrieval and citations", () => {
  it("context precision is rank-aware; recall and nDCG by ids", async () => {
    const early = evalInput({ sources: sources("a", "x", "y") }, refs("a"));
    const late = evalInput({ sources: sources("x", "y", "a") }, refs("a"));
    expect(await contextPrecision().evaluate(early)).toMatchObject({ score: 1 });
    expect(((await contextPrecision().evaluate(late)) as { score: number }).score).toBeCloseTo(1 / 3, 6);
    expect(
      await contextRecall().evaluate(evalInput({ sources: sources("a", "x") }, refs("a", "b"))),
    ).toMatchObject({ score: 0.5 });
    expect(((await ndcg({ k: 3 }).evaluate(late)) as { score: number }).score).toBeCloseTo(
      1 / Math.log2(4),
      6,
    );
    expect(await ndcg({ k: 2 }).evaluate(late)).toMatchObject({ score: 0 });
    expect(await contextRecall().evaluate(evalInput({ sources: sources("a") }))).toMatchObject({
      score: null,
    });
  });

  it("citation precision by ids; coverage from cited passage text", async () => {
    expect(await citationPrecision().evaluate(evalInput({ citedIds: ["a", "x"] }, refs("a")))).toMatchObject({
      score: 0.5,
    });
    expect(await citationPrecision().evaluate(evalInput({ citedIds: [] }, refs("a")))).toMatchObject({
      score: 0,
    });
    const answer = "Refunds take 14 days. Shipping is free on weekends.";
    const output = {
      answer,
      citedIds: ["p1"],
      sources: [
        { id: "p1", text: "Refunds are processed within 14 days of the request." },
        { id: "p2", text: "Shipping is free on weekends." },
      ],
    };
    expect(await citationCoverage().evaluate(evalInput(output))).toMatchObject({ score: 0.5 });
    expect(await citationCoverage().evaluate(evalInput({ ...output, citedIds: ["p1", "p2"] }))).toMatchObject(
      { score: 1 },
    );
  });
});

describe("grounding", () => {
  it("the offline scorer measures answer words found in sources, and query words addressed", async () => {
    const scores = await tokenOverlapScorer(
      "Paris is the capital",
      [{ id: "1", text: "The capital of France is Paris." }],
      "capital of France?",
    );
    expect(scores.grounding).toBe(1);
    expect(scores.relevance).toBe(1);
    const ungrounded = await tokenOverlapScorer(
      "Berlin has 4 million people",
      [{ id: "1", text: "Paris is large." }],
      "Berlin?",
    );
    expect(ungrounded.grounding).toBe(0);
  });

  it("takes a pluggable scorer, grounds on tool observations without sources, and labels by threshold", async () => {
    const calls: unknown[] = [];
    const evaluator = grounding({
      scorer: async (answer, srcs, query) => {
        calls.push({ answer, ids: srcs.map((s) => s.id), query });
        return { grounding: 0.6, relevance: 0.9 };
      },
    });
    const steps = [
      {
        kind: "observation" as const,
        step: 1,
        toolCallId: "t1",
        tool: "calculator",
        status: "success" as const,
        content: '{"result":4}',
        sizeBytes: 12,
        durationMs: 1,
      },
    ];
    const results = (await evaluator.evaluate(evalInput({ answer: "4", steps }, {}, "2+2?"))) as Array<{
      key: string;
      score: number;
      label: string;
    }>;
    expect(calls).toEqual([{ answer: "4", ids: ["t1"], query: "2+2?" }]);
    expect(results.map((r) => [r.key, r.score, r.label])).toEqual([
      ["grounding", 0.6, "ungrounded"],
      ["grounding_relevance", 0.9, "relevant"],
    ]);
    expect(await evaluator.evaluate(evalInput({ answer: "x" }))).toEqual([
      expect.objectContaining({ score: null }),
    ]);
  });
});

describe("latency, tokens and cost", () => {
  it("reports raw values, lower is better, unknown cost is null rather than 0", async () => {
    const usage = {
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 0,
    };
    expect(await latency({ max: 10 }).evaluate(evalInput({}))).toMatchObject({
      key: "latency_ms",
      score: 12,
    });
    expect(latency({ max: 10 })).toMatchObject({ lowerIsBetter: true, threshold: 10 });
    expect(await tokenUsage().evaluate(evalInput({ usage }))).toMatchObject({ score: 15 });
    expect(await cost().evaluate(evalInput({}))).toMatchObject({ score: null, comment: "unknown price" });
    expect(await cost().evaluate(evalInput({ costUsd: 0.002 }))).toMatchObject({ score: 0.002 });
  });
});

describe("evaluator registry", () => {
  it("builds evaluators by name and rejects unknown names and bad options before running", () => {
    expect(evaluatorNames()).toEqual(
      expect.arrayContaining(["token_f1", "Builtin.Correctness", "Builtin.ToolSelectionAccuracy"]),
    );
    expect(createEvaluator("Builtin.CitationPrecision").key).toBe("citation_precision");
    expect(createEvaluator({ evaluator: "judge", rubric: "Faithfulness" }).key).toBe("faithfulness");
    expect(() => createEvaluator("bleu", "suite.ts: evaluators[3]")).toThrow(
      /suite\.ts: evaluators\[3\]: unknown evaluator "bleu": expected one of/,
    );
    expect(() => createEvaluator({ evaluator: "regex" })).toThrow(/pattern/);
    expect(() => createEvaluator({ evaluator: "contains", vlues: ["x"] })).toThrow(/vlues/);
    expect(() => createEvaluator({ evaluator: "judge", rubric: "Niceness" })).toThrow(
      /unknown rubric "Niceness"/,
    );
  });
});
