import type { ModelCapabilities } from "../model/catalog.ts";
import type { Features } from "./feature-rules.ts";
import { countTokens, truncateToTokens } from "./model/tokens.ts";
import type { ModelTurn, OutputContentBlock } from "./model-contract.ts";
import type { InputBill } from "./prompt-cache.ts";
import type { ReasoningSigner } from "./reasoning-signature.ts";

/**
 * Turns what the model decided into what Bedrock returns: the reasoning block first when thinking is
 * on (signed, within the budget; Nova's effort style returns it redacted), input tokens as the prompt
 * cache billed them, and an answer cut at the context window with `model_context_window_exceeded`.
 * A scripted step that states its own usage keeps it.
 */
export function finishTurn(
  turn: ModelTurn,
  context: {
    features: Features;
    bill: InputBill;
    totalInput: number;
    capabilities: ModelCapabilities;
    signer: ReasoningSigner;
    scriptedUsage: boolean;
  },
): ModelTurn {
  const { features, bill, capabilities } = context;
  let content: OutputContentBlock[] = turn.content;
  let reasoningTokens = 0;
  const thinking = features.thinking;
  if (thinking?.style === "budget") {
    const text = truncateToTokens(turn.reasoning ?? "I can answer this directly.", thinking.budgetTokens);
    reasoningTokens = countTokens(text);
    content = [
      { reasoningContent: { reasoningText: { text, signature: context.signer.sign(text, 0) } } },
      ...content,
    ];
  } else if (thinking?.style === "effort") {
    reasoningTokens = countTokens(turn.reasoning ?? "");
    content = [{ reasoningContent: { reasoningText: { text: "[REDACTED]" } } }, ...content];
  }
  let stopReason = turn.stopReason;
  let outputTokens = turn.usage.outputTokens + reasoningTokens;
  const room = capabilities.contextWindow - context.totalInput;
  if (outputTokens > room) {
    // The model ran out of context window mid-answer: what fits is returned, cut off.
    let left = Math.max(0, room - reasoningTokens);
    content = content.flatMap((block): OutputContentBlock[] => {
      if (!("text" in block)) return "toolUse" in block ? [] : [block];
      const text = truncateToTokens(block.text, left);
      left -= countTokens(text);
      return text ? [{ text }] : [];
    });
    if (!content.some((block) => "text" in block)) content.push({ text: "…" });
    stopReason = "model_context_window_exceeded";
    outputTokens = Math.max(0, room);
  }
  const usage = context.scriptedUsage
    ? { ...turn.usage, outputTokens, totalTokens: turn.usage.inputTokens + outputTokens }
    : {
        inputTokens: bill.inputTokens,
        outputTokens,
        totalTokens: bill.inputTokens + bill.cacheReadInputTokens + bill.cacheWriteInputTokens + outputTokens,
        ...(bill.cacheReadInputTokens || bill.cacheWriteInputTokens
          ? {
              cacheReadInputTokens: bill.cacheReadInputTokens,
              cacheWriteInputTokens: bill.cacheWriteInputTokens,
              ...(bill.cacheDetails.length ? { cacheDetails: bill.cacheDetails } : {}),
            }
          : {}),
      };
  return { ...turn, content, stopReason, usage };
}
