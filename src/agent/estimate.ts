import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { BaseMessage } from "@langchain/core/messages";
import { buildConverseRequest } from "../model/build-request.ts";
import type { CachePolicy } from "../model/cache-policy.ts";
import type { ModelCapabilities } from "../model/catalog.ts";
import type { ModelConfig } from "../model/config.ts";
import type { WireTool } from "../model/converse-wire.ts";
import { countRequestTokens } from "../model/count-tokens.ts";
import { priceFor } from "../model/pricing.ts";
import type { OutputSpec } from "../output/output-spec.ts";
import { finalAnswerTool, outputModeFor } from "../output/structured-output.ts";

/** What the first model call of a run would cost, before it is made (`glassbox run --dry-run`). */
export interface RunEstimate {
  modelId: string;
  /** Input tokens of the first Converse request: system prompt, tools, the question and its files. */
  inputTokens: number;
  /** `count_tokens`: Bedrock's CountTokens counted them; `estimate`: Glassbox's estimate. */
  counted: "count_tokens" | "estimate";
  inputCostUsd?: number;
  /** The most the call may generate (`maxTokens`, else the model's limit). */
  maxOutputTokens: number;
  maxOutputCostUsd?: number;
}

/** Counts the first request of a run the agent would send, and prices it; no model call is made. */
export async function estimateFirstCall(parts: {
  client: BedrockRuntimeClient;
  modelId: string;
  capabilities: ModelCapabilities;
  config: ModelConfig;
  systemPrompt?: string;
  tools: readonly WireTool[];
  messages: readonly BaseMessage[];
  output?: OutputSpec;
  cache?: CachePolicy;
}): Promise<RunEstimate> {
  const mode = parts.output ? outputModeFor(parts.capabilities) : undefined;
  const { request } = buildConverseRequest({
    modelId: parts.modelId,
    capabilities: parts.capabilities,
    config: parts.config,
    systemPrompt: parts.systemPrompt,
    messages: parts.messages,
    tools: parts.output && mode === "tool" ? [...parts.tools, finalAnswerTool(parts.output)] : parts.tools,
    ...(parts.output && mode === "native"
      ? { outputSchema: { name: parts.output.name, schema: parts.output.jsonSchema } }
      : {}),
    cache: parts.cache,
  });
  const count = await countRequestTokens(parts.client, parts.capabilities, request);
  const maxOutputTokens = request.inferenceConfig?.maxTokens ?? parts.capabilities.maxOutputTokens;
  const { price } = priceFor(parts.modelId, parts.config.prices);
  return {
    modelId: parts.modelId,
    inputTokens: count.tokens,
    counted: count.source,
    maxOutputTokens,
    ...(price
      ? {
          inputCostUsd: (count.tokens * price.input) / 1_000_000,
          maxOutputCostUsd: (maxOutputTokens * price.output) / 1_000_000,
        }
      : {}),
  };
}
