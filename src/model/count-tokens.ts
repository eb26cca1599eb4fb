import {
  type BedrockRuntimeClient,
  CountTokensCommand,
  type CountTokensCommandInput,
} from "@aws-sdk/client-bedrock-runtime";
import { baseModelId, type ModelCapabilities } from "./catalog.ts";
import type { ConverseRequestBody } from "./converse-wire.ts";
import { parseModelId } from "./model-id.ts";
import { estimateRequestTokens } from "./token-estimate.ts";

/** A token count and where it came from. */
export interface TokenCount {
  tokens: number;
  source: "count_tokens" | "estimate";
}

/**
 * The input tokens of a Converse request: Bedrock's CountTokens where the model supports it (it takes
 * the foundation model id, so an inference-profile prefix is dropped), Glassbox's estimate otherwise
 * (the result says which).
 */
export async function countRequestTokens(
  client: BedrockRuntimeClient,
  capabilities: ModelCapabilities,
  request: ConverseRequestBody,
  signal?: AbortSignal,
): Promise<TokenCount> {
  const info = parseModelId(request.modelId);
  const base = info?.baseModelId;
  if (!capabilities.countTokens || !base)
    return { tokens: estimateRequestTokens(request), source: "estimate" };
  const input = {
    modelId: baseModelId(base),
    input: {
      converse: {
        messages: request.messages,
        ...(request.system?.length ? { system: request.system } : {}),
        ...(request.toolConfig ? { toolConfig: request.toolConfig } : {}),
        ...(request.additionalModelRequestFields
          ? { additionalModelRequestFields: request.additionalModelRequestFields }
          : {}),
      },
    },
  };
  const response = await client.send(new CountTokensCommand(input as unknown as CountTokensCommandInput), {
    abortSignal: signal,
  });
  return { tokens: response.inputTokens ?? 0, source: "count_tokens" };
}
