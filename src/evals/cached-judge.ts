import type { EvalCache } from "./cache.ts";
import { cacheKey } from "./cache.ts";
import type { Judge } from "./judge/judge.ts";
import type { Pool } from "./pool.ts";
import { withRetries } from "./with-retries.ts";

/** A judge whose verdicts are cached by request, run in its own pool, and retried when throttled. */
export function cachedJudge(
  base: Judge,
  deps: { cache: EvalCache; pool: Pool; signal?: AbortSignal },
): Judge {
  return {
    id: base.id,
    async judge(request) {
      const key = cacheKey({ judge: base.id, ...request });
      const hit = deps.cache.get<Awaited<ReturnType<Judge["judge"]>>>("judge", key);
      if (hit) return { ...hit, cached: true };
      const verdict = await withRetries(() => deps.pool.run(() => base.judge(request)), 3, deps.signal);
      deps.cache.put("judge", key, verdict.value);
      return verdict.value;
    },
  };
}
