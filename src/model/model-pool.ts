import { capabilitiesOf, type ModelCapabilities } from "./catalog.ts";
import type { ModelConfig } from "./config.ts";
import { pickModel } from "./traffic-split.ts";

/** The models of one agent: one id, or one per thread when a traffic split is set. */
export interface ModelPool {
  /** The model for a thread (sticky under a traffic split) or the configured model. */
  forKey(key: string): { modelId: string; capabilities: ModelCapabilities };
  /** Every model id the pool may choose. */
  modelIds: readonly string[];
  capabilities(modelId: string): ModelCapabilities;
}

/** The pool for a model config; `model.capabilities` applies to every model of the config. */
export function createModelPool(config: ModelConfig): ModelPool {
  const split = config.trafficSplit;
  const cache = new Map<string, ModelCapabilities>();
  const capabilities = (modelId: string) => {
    let found = cache.get(modelId);
    if (!found) {
      found = capabilitiesOf(modelId, config.capabilities as Partial<ModelCapabilities> | undefined);
      cache.set(modelId, found);
    }
    return found;
  };
  return {
    modelIds: split ? split.map((entry) => entry.modelId) : [config.modelId],
    capabilities,
    forKey(key) {
      const modelId = split ? pickModel(split, key || undefined) : config.modelId;
      return { modelId, capabilities: capabilities(modelId) };
    },
  };
}
