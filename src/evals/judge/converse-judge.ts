import { type BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { costOf, priceFor } from "../../model/pricing.ts";
import { usageFromConverse } from "../../model/usage.ts";
import { type Judge, type JudgeRequest, verdictFor } from "./judge.ts";

/** The prompt a model judge reads (system and user text). */
export function judgePrompt(request: JudgeRequest): { system: string; user: string } {
  const { rubric } = request;
  const scale = rubric.scale
    .map((level) => `${level.value} = ${level.label}: ${level.definition}`)
    .join("\n");
  const system =
    "You are an impartial evaluator. Judge only what you are asked, on the scale given. " +
    'Reply with one JSON object and nothing else: {"reasoning": "<one or two sentences>", "score": <a scale value>}.';
  const parts = [
    `Criterion (${rubric.name}): ${rubric.instructions}`,
    `Scale:\n${scale}`,
    `<question>\n${request.input}\n</question>`,
    ...(request.context ? [`<context>\n${request.context}\n</context>`] : []),
    ...(request.reference ? [`<reference_answer>\n${request.reference}\n</reference_answer>`] : []),
    `<response>\n${request.output}\n</response>`,
  ];
  return { system, user: parts.join("\n\n") };
}

/** Reads `{"score": n, "reasoning": "..."}` (or `Score: n`) from a judge's reply. */
export function parseJudgeReply(text: string): { value: number; reasoning: string } {
  const json = /\{[\s\S]*\}/.exec(text)?.[0];
  if (json) {
    try {
      const parsed = JSON.parse(json) as { score?: unknown; reasoning?: unknown };
      const value = Number(parsed.score);
      if (Number.isFinite(value)) return { value, reasoning: String(parsed.reasoning ?? "") };
    } catch {
      // fall through to the plain-text form
    }
  }
  const match = /score\s*[:=]\s*(-?\d+(?:\.\d+)?)/i.exec(text);
  if (match) return { value: Number(match[1]), reasoning: text.trim() };
  throw new Error(`the judge's reply has no score: "${text.slice(0, 120)}"`);
}

/**
 * An LLM judge over the Converse API (temperature 0). Usage and cost are reported per verdict, so the
 * judge's spend is accounted apart from the target's.
 */
export function converseJudge(options: {
  client: BedrockRuntimeClient;
  modelId: string;
  maxTokens?: number;
}): Judge {
  const { client, modelId } = options;
  const { price } = priceFor(modelId);
  return {
    id: modelId,
    async judge(request) {
      const prompt = judgePrompt(request);
      const response = await client.send(
        new ConverseCommand({
          modelId,
          system: [{ text: prompt.system }],
          messages: [{ role: "user", content: [{ text: prompt.user }] }],
          inferenceConfig: { temperature: 0, maxTokens: options.maxTokens ?? 512 },
        }),
      );
      const text = (response.output?.message?.content ?? []).map((block) => block.text ?? "").join("");
      const { value, reasoning } = parseJudgeReply(text);
      const usage = usageFromConverse(response.usage);
      return {
        ...verdictFor(request.rubric, value, reasoning, modelId),
        usage,
        ...(price ? { costUsd: costOf(usage, price) } : {}),
      };
    },
  };
}
