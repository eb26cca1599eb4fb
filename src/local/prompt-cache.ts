import type { CacheSupport } from "../model/catalog.ts";
import type { InputMeasure } from "./input-tokens.ts";

const TTL_MS = { "5m": 5 * 60_000, "1h": 60 * 60_000 } as const;

/** Input tokens of one request, split the way Bedrock bills them. */
export interface InputBill {
  inputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  /** Writes by TTL, 1h before 5m (Bedrock's `cacheDetails`). */
  cacheDetails: Array<{ ttl: "5m" | "1h"; inputTokens: number }>;
}

/**
 * The local Bedrock's prompt cache. A prefix ending at a cache point is cached when it holds at least
 * the model's minimum tokens; a later request whose prefix at one of its cache points was cached and
 * has not expired reads the longest such prefix from the cache (`cacheReadInputTokens`) and renews its
 * TTL; the tokens between that and its last cacheable point are written (`cacheWriteInputTokens`);
 * the rest is ordinary input. Entries live for their TTL (5 minutes by default, 1 hour if asked).
 */
export function createPromptCache(clock: () => number = Date.now) {
  const entries = new Map<string, number>();
  return {
    bill(measure: InputMeasure, support: CacheSupport | undefined): InputBill {
      const none = {
        inputTokens: measure.total,
        cacheReadInputTokens: 0,
        cacheWriteInputTokens: 0,
        cacheDetails: [],
      };
      if (!support || !measure.points.length) return none;
      const now = clock();
      const cacheable = measure.points.filter((point) => point.tokens >= support.minTokens);
      let readIndex = -1;
      cacheable.forEach((point, index) => {
        const expires = entries.get(point.key);
        if (expires !== undefined && expires > now) readIndex = index;
      });
      const read = readIndex >= 0 ? (cacheable[readIndex]?.tokens ?? 0) : 0;
      const hit = cacheable[readIndex];
      if (hit) entries.set(hit.key, now + TTL_MS[hit.ttl]);
      const details = new Map<"5m" | "1h", number>();
      let written = read;
      for (const point of cacheable.slice(readIndex + 1)) {
        entries.set(point.key, now + TTL_MS[point.ttl]);
        details.set(point.ttl, (details.get(point.ttl) ?? 0) + point.tokens - written);
        written = point.tokens;
      }
      const write = written - read;
      return {
        inputTokens: measure.total - read - write,
        cacheReadInputTokens: read,
        cacheWriteInputTokens: write,
        cacheDetails: (["1h", "5m"] as const).flatMap((ttl) =>
          details.get(ttl) ? [{ ttl, inputTokens: details.get(ttl) as number }] : [],
        ),
      };
    },
    /** Forgets everything (as if every entry expired). */
    clear(): void {
      entries.clear();
    },
  };
}
