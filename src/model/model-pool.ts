import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { ChatBedrockConverse } from "@langchain/aws";
import type { ModelConfig } from "./config.ts";
import { pickModel } from "./traffic-split.ts";

/** The chat models of one agent: one per model id, chosen per thread when a traffic split is set. */
export interface ModelPool {
  /**
   * The model for a thread (sticky under a traffic split) or the configured model. `chat()` builds its
   * `ChatBedrockConverse` on first use, so `@langchain/aws` loads with the first model call, not at import.
   */
  forKey(key: string): { modelId: string; chat(): Promise<ChatBedrockConverse> };
  /** Every model id the pool may choose. */
  modelIds: readonly string[];
}

export function createModelPool(
  client: BedrockRuntimeClient,
  region: string,
  config: ModelConfig,
): ModelPool {
  const cache = new Map<string, Promise<ChatBedrockConverse>>();
  const split = config.trafficSplit;
  const chatFor = (modelId: string) => {
    let chat = cache.get(modelId);
    if (!chat) {
      chat = import("./chat-model.ts").then(({ createChatModel }) =>
        createChatModel(client, region, modelId, config),
      );
      cache.set(modelId, chat);
    }
    return chat;
  };
  return {
    modelIds: split ? split.map((entry) => entry.modelId) : [config.modelId],
    forKey(key) {
      const modelId = split ? pickModel(split, key || undefined) : config.modelId;
      return { modelId, chat: () => chatFor(modelId) };
    },
  };
}
