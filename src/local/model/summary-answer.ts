import { splitSentences } from "../../kb/tokens.ts";
import type { LocalModelRequest, ModelTurn } from "../model-contract.ts";
import { countTokens, truncateToTokens } from "./tokens.ts";

/** Glassbox's summariser asks with this instruction (src/context/summarizing.ts). */
const SUMMARY_REQUEST = /^Summarize the conversation below/;

/** Whether a request is a summarisation request: the instruction in the system prompt, no tools. */
export function isSummaryRequest(request: LocalModelRequest): boolean {
  return (
    !request.toolConfig && (request.system ?? []).some((block) => SUMMARY_REQUEST.test(block.text ?? ""))
  );
}

/**
 * An extractive summary of a transcript: the earlier summary's sentences and the transcript's lines,
 * newest kept first when the token limit binds, in their original order. Deterministic; it quotes,
 * it does not paraphrase.
 */
export function summaryTurn(request: LocalModelRequest): ModelTurn {
  const transcript = request.messages
    .flatMap((message) => message.content)
    .map((block) =>
      typeof (block as { text?: unknown }).text === "string" ? (block as { text: string }).text : "",
    )
    .join("\n");
  const max = request.inferenceConfig?.maxTokens ?? 512;
  const lines = transcript
    .split("\n")
    .flatMap((line) => (line.startsWith("Earlier summary: ") ? splitSentences(line.slice(17)) : [line]))
    .map((line) => line.trim())
    .filter(Boolean);
  const kept: string[] = [];
  let used = 0;
  for (const line of [...lines].reverse()) {
    const cost = countTokens(line) + 1;
    if (used + cost > max) break;
    kept.unshift(line);
    used += cost;
  }
  const text = kept.length ? kept.join(" ") : truncateToTokens(lines.at(-1) ?? "", max);
  const inputTokens = countTokens(transcript);
  const outputTokens = countTokens(text);
  return {
    content: [{ text }],
    stopReason: "end_turn",
    usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    reasoning: `A summary was asked for: I keep the most recent ${kept.length} of ${lines.length} transcript lines that fit ${max} tokens.`,
  };
}
