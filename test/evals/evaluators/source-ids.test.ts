import { describe, expect, it } from "vitest";
import type { AgentResult } from "../../../src/agent/events.ts";
import {
  citationCoverage,
  citationPrecision,
  contextPrecision,
  contextRecall,
  ndcg,
  sourceAliases,
} from "../../../src/evals/evaluators/retrieval.ts";
import { agentOutput } from "../../../src/evals/target.ts";
import { evalInput } from "../helpers.ts";

const source = (id: string, file: string, text = `passage about ${file}`) => ({
  id,
  text,
  location: { type: "S3", s3Location: { uri: `s3://docs/${file}` } },
  metadata: {
    "x-amz-bedrock-kb-source-uri": `s3://docs/${file}`,
    "x-amz-bedrock-kb-chunk-id": `chunk-${file}`,
  },
});
const refs = (...ids: string[]) => ({ contexts: ids.map((id) => ({ id })) });

describe("reference contexts by stable document ids", () => {
  it("a source answers to its run id, its document URI, the file name and its chunk id", () => {
    expect(sourceAliases(source("S2", "vacation.md"))).toEqual([
      "S2",
      "s3://docs/vacation.md",
      "vacation.md",
      "chunk-vacation.md",
    ]);
    expect(sourceAliases({ id: "S1", text: "x" })).toEqual(["S1"]);
  });

  it("retrieval metrics and citation precision match references by URI, whatever the run ids", async () => {
    const sources = [source("S1", "sick.md"), source("S2", "vacation.md"), source("S3", "vacation.md")];
    const input = evalInput({ sources, citedIds: ["S2", "S1"] }, refs("s3://docs/vacation.md"));
    expect(((await contextPrecision().evaluate(input)) as { score: number }).score).toBeCloseTo(
      (1 / 2 + 2 / 3) / 2,
      6,
    );
    expect(await contextRecall().evaluate(input)).toMatchObject({ score: 1 });
    // Two chunks of the same document count once.
    expect(((await ndcg({ k: 3 }).evaluate(input)) as { score: number }).score).toBeCloseTo(
      1 / Math.log2(3),
      6,
    );
    expect(await citationPrecision().evaluate(input)).toMatchObject({ score: 0.5 });
    expect(
      await contextRecall().evaluate(evalInput({ sources }, refs("vacation.md", "travel.md"))),
    ).toMatchObject({ score: 0.5, metadata: { missing: ["travel.md"] } });
  });

  it("nothing to cite and nothing cited is not applicable, not a failure", async () => {
    const input = evalInput({ answer: "The documents do not answer this.", sources: [source("S1", "a.md")] });
    expect(await citationPrecision().evaluate(input)).toMatchObject({ score: null });
    expect(await citationCoverage().evaluate(input)).toMatchObject({ score: null });
    expect(
      await citationPrecision().evaluate(evalInput({ sources: [source("S1", "a.md")] }, refs("a.md"))),
    ).toMatchObject({ score: 0 });
  });
});

describe("agentOutput", () => {
  it("carries the run's sources and the ids its citations point at", () => {
    const sources = [source("S1", "a.md"), source("S2", "b.md")];
    const result = {
      answer: "A. B.",
      outcome: "answered",
      steps: [],
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
      latencyMs: 1,
      modelId: "m",
      messages: [],
      sources,
      citations: [{ sourceIds: ["S2"] }, { sourceIds: ["S2", "S1"] }],
    } as unknown as AgentResult;
    const output = agentOutput(result);
    expect(output.sources).toBe(sources);
    expect(output.citedIds).toEqual(["S2", "S1"]);
    expect(agentOutput({ ...result, citations: undefined } as AgentResult).citedIds).toBeUndefined();
  });
});
