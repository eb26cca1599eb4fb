import { ConfigError } from "../config/config-error.ts";
import type { CachePolicy } from "./cache-policy.ts";
import type { ModelConfig } from "./config.ts";
import type { ModelPool } from "./model-pool.ts";
import { checkReasoning } from "./reasoning.ts";

const RANK = { "1h": 2, "5m": 1 } as const;

/**
 * Checks the model features a config asks for against every model the agent may call, when the agent is
 * built rather than mid-run: reasoning the model takes, cache TTLs it accepts, TTLs in Bedrock's order
 * (non-increasing from tools to system to messages). Caching is simply not used on a model without it.
 */
export function checkModelFeatures(
  config: ModelConfig,
  pool: ModelPool,
  cache: CachePolicy | undefined,
): void {
  for (const modelId of pool.modelIds) {
    const capabilities = pool.capabilities(modelId);
    if (config.reasoning) checkReasoning(modelId, capabilities, config.reasoning, config.inferenceConfig);
    const support = capabilities.caching;
    if (!cache || !support) continue;
    for (const [field, ttl] of Object.entries(cache.ttl)) {
      if (ttl && !support.ttls.includes(ttl))
        throw new ConfigError(
          `model.cache.ttl.${field}: ${modelId} caches for ${support.ttls.join(" or ")}, not ${ttl}`,
        );
    }
  }
  const order = (["tools", "system", "messages"] as const).flatMap((field) =>
    cache?.[field] && cache.ttl[field] ? [{ field, rank: RANK[cache.ttl[field] ?? "5m"] }] : [],
  );
  for (let i = 1; i < order.length; i++) {
    const before = order[i - 1];
    const after = order[i];
    if (before && after && after.rank > before.rank)
      throw new ConfigError(
        `model.cache.ttl.${after.field}: a 1h cache point may not follow a 5m one (${before.field}); Bedrock wants TTLs non-increasing from tools to system to messages`,
      );
  }
}
