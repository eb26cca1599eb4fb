import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ChatBedrockConverse } from "@langchain/aws";
import { findModel } from "./catalog.ts";
import { DEFAULT_STREAM_IDLE_TIMEOUT_MS, isGlassboxClient } from "./client.ts";
import type { ModelConfig } from "./config.ts";

/**
 * A `ChatBedrockConverse` for one model id, on an injected client (so endpoint, credentials and the
 * HTTP handler are ours), configured from the validated model config.
 */
export function createChatModel(
  client: BedrockRuntimeClient,
  region: string,
  modelId: string,
  config: ModelConfig,
): ChatBedrockConverse {
  const inference = config.inferenceConfig;
  return new ChatBedrockConverse({
    model: modelId,
    region,
    client,
    streaming: config.streaming,
    streamUsage: true,
    maxTokens: inference?.maxTokens,
    temperature: inference?.temperature,
    topP: inference?.topP,
    additionalModelRequestFields:
      config.additionalModelRequestFields as ChatBedrockConverse["additionalModelRequestFields"],
    guardrailConfig: config.guardrailConfig,
    serviceTier: config.serviceTier,
    supportsToolChoiceValues: [...(findModel(modelId)?.toolChoice ?? ["auto", "any", "tool"])],
    // Glassbox's client times silence from when a request has a socket; the watchdog of @langchain/aws
    // (60 s by default) also counts time queued behind the rate limiter, so it is only kept for other clients.
    streamIdleTimeout: isGlassboxClient(client)
      ? 0
      : (config.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS),
  });
}
