import type { BaseMessage } from "@langchain/core/messages";
import { z } from "zod";

const count = z.number().int().nonnegative().default(0);

/** Token usage as Bedrock reports it: input excludes the cache reads and writes counted beside it. */
export const UsageSchema = z.object({
  inputTokens: count,
  outputTokens: count,
  totalTokens: count,
  cacheReadInputTokens: count,
  cacheWriteInputTokens: count,
});
export type Usage = z.output<typeof UsageSchema>;

export function emptyUsage(): Usage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
  };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
    cacheWriteInputTokens: a.cacheWriteInputTokens + b.cacheWriteInputTokens,
  };
}

interface ConverseUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** Usage from a Converse `usage` object. */
export function usageFromConverse(usage: ConverseUsage | undefined): Usage {
  const input = usage?.inputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  return {
    inputTokens: input,
    outputTokens: output,
    totalTokens: usage?.totalTokens ?? input + output,
    cacheReadInputTokens: usage?.cacheReadInputTokens ?? 0,
    cacheWriteInputTokens: usage?.cacheWriteInputTokens ?? 0,
  };
}

/**
 * Usage of a `ChatBedrockConverse` response: the Converse `usage` under `response_metadata` (non-streaming)
 * or `response_metadata.metadata` (streaming); else LangChain's `usage_metadata`, whose input count
 * includes cache tokens, which is undone here.
 */
export function usageFromMessage(message: BaseMessage): Usage {
  const metadata = message.response_metadata as {
    usage?: ConverseUsage;
    metadata?: { usage?: ConverseUsage };
  };
  const converse = metadata?.usage ?? metadata?.metadata?.usage;
  if (converse) return usageFromConverse(converse);
  const lc = (
    message as {
      usage_metadata?: {
        input_tokens?: number;
        output_tokens?: number;
        total_tokens?: number;
        input_token_details?: { cache_read?: number; cache_creation?: number };
      };
    }
  ).usage_metadata;
  if (!lc) return emptyUsage();
  const cacheRead = lc.input_token_details?.cache_read ?? 0;
  const cacheWrite = lc.input_token_details?.cache_creation ?? 0;
  return usageFromConverse({
    inputTokens: (lc.input_tokens ?? 0) - cacheRead - cacheWrite,
    outputTokens: lc.output_tokens,
    totalTokens: lc.total_tokens,
    cacheReadInputTokens: cacheRead,
    cacheWriteInputTokens: cacheWrite,
  });
}
