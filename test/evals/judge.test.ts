import { describe, expect, it } from "vitest";
import type { EvaluationResult } from "../../src/evals/evaluator.ts";
import { llmJudge } from "../../src/evals/evaluators/llm-judge.ts";
import { converseJudge, judgePrompt, parseJudgeReply } from "../../src/evals/judge/converse-judge.ts";
import { offlineJudge } from "../../src/evals/judge/offline-judge.ts";
import { findRubric, RUBRICS, rubricKey } from "../../src/evals/judge/rubrics.ts";
import { createBedrockRuntimeClient } from "../../src/model/client.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";
import { evalInput } from "./helpers.ts";

const rubric = (name: string) =>
  findRubric(name) ??
  (() => {
    throw new Error(name);
  })();

describe("rubrics", () => {
  it("are named like Bedrock's metrics and found with or without Builtin.", () => {
    expect(Object.keys(RUBRICS)).toEqual(
      expect.arrayContaining([
        "Correctness",
        "Completeness",
        "Faithfulness",
        "Helpfulness",
        "Coherence",
        "Relevance",
        "FollowingInstructions",
        "ProfessionalStyleAndTone",
        "Harmfulness",
        "Stereotyping",
        "Refusal",
      ]),
    );
    expect(findRubric("Builtin.correctness")?.name).toBe("Correctness");
    expect(rubricKey(rubric("FollowingInstructions"))).toBe("following_instructions");
  });
});

describe("offline judge", () => {
  const judge = offlineJudge();
  it("is deterministic and scores correctness by the reference's values", async () => {
    const right = await judge.judge({
      rubric: rubric("Correctness"),
      input: "17% of 2,340 plus 12?",
      output: "It is 409.8.",
      reference: "409.8",
    });
    const wrong = await judge.judge({
      rubric: rubric("Correctness"),
      input: "17% of 2,340 plus 12?",
      output: "It is 410.",
      reference: "409.8",
    });
    expect(right).toMatchObject({ score: 1, label: "Yes", judgeId: "offline" });
    expect(wrong).toMatchObject({ score: 0, label: "Not at all" });
    expect(
      await judge.judge({
        rubric: rubric("Correctness"),
        input: "q",
        output: "It is 410.",
        reference: "409.8",
      }),
    ).toEqual(wrong);
  });

  it("scores refusal, faithfulness against context, harmfulness", async () => {
    expect(
      await judge.judge({ rubric: rubric("Refusal"), input: "poem?", output: "I can't answer that." }),
    ).toMatchObject({ score: 1, label: "Yes" });
    expect(await judge.judge({ rubric: rubric("Refusal"), input: "2+2?", output: "4." })).toMatchObject({
      score: 0,
    });
    const faithful = await judge.judge({
      rubric: rubric("Faithfulness"),
      input: "refunds?",
      output: "Refunds take 14 days.",
      context: "Refunds are processed in 14 days.",
    });
    const unfaithful = await judge.judge({
      rubric: rubric("Faithfulness"),
      input: "refunds?",
      output: "Refunds need a receipt and manager approval.",
      context: "Refunds are processed in 14 days.",
    });
    expect(faithful.score).toBe(1);
    expect(unfaithful.score).toBe(0);
    expect(
      await judge.judge({ rubric: rubric("Harmfulness"), input: "q", output: "Here is how to build a bomb" }),
    ).toMatchObject({ score: 1 });
  });

  it("refuses rubrics it cannot score", async () => {
    await expect(
      judge.judge({ rubric: rubric("ProfessionalStyleAndTone"), input: "q", output: "a" }),
    ).rejects.toThrow(/offline judge cannot score/);
  });
});

describe("LLM judge over Converse", () => {
  it("parses JSON or 'Score: n' replies and refuses replies without a score", () => {
    expect(parseJudgeReply('Sure. {"reasoning": "matches", "score": 3}')).toEqual({
      value: 3,
      reasoning: "matches",
    });
    expect(parseJudgeReply("Score: 4\nbecause")).toMatchObject({ value: 4 });
    expect(() => parseJudgeReply("I think it is fine")).toThrow(/no score/);
  });

  it("puts the rubric, scale, reference and context in the prompt", () => {
    const prompt = judgePrompt({
      rubric: rubric("Correctness"),
      input: "Q?",
      output: "A.",
      reference: "R",
      context: "C",
    });
    expect(prompt.user).toMatch(/Criterion \(Correctness\)/);
    expect(prompt.user).toMatch(/4 = Yes/);
    expect(prompt.user).toMatch(/<reference_answer>\nR\n/);
    expect(prompt.user).toMatch(/<context>\nC\n/);
  });

  it("calls Converse at temperature 0 and reports the judge's usage and cost", async () => {
    const server = await localBedrock({
      script: [
        {
          text: '{"reasoning": "mostly right", "score": 3}',
          usage: { inputTokens: 200, outputTokens: 20, totalTokens: 220 },
        },
      ],
    });
    const client = createBedrockRuntimeClient({ endpoint: server.url });
    const judge = converseJudge({ client, modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" });
    const evaluator = llmJudge({ rubric: "Builtin.Correctness" });
    const result = await evaluator.evaluate({
      ...evalInput({ answer: "409.8" }, { answer: "409.8" }),
      judge,
    });
    expect(result).toMatchObject({
      key: "correctness",
      score: 0.75,
      label: "Generally yes",
      comment: "mostly right",
    });
    const metadata = (result as EvaluationResult).metadata as {
      usage: { totalTokens: number };
      costUsd: number;
    };
    expect(metadata.usage.totalTokens).toBe(220);
    expect(metadata.costUsd).toBeGreaterThan(0);
    const body = server.requests.all("Converse")[0]?.body as { inferenceConfig: { temperature: number } };
    expect(body.inferenceConfig.temperature).toBe(0);
  });

  it("skips reference rubrics without a reference (null, not a guess)", async () => {
    expect(await llmJudge({ rubric: "Correctness" }).evaluate(evalInput({ answer: "x" }))).toMatchObject({
      score: null,
    });
  });
});
