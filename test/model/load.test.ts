import { describe, expect, it } from "vitest";
import { createAgent, sharedRateLimiter } from "../../src/index.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

describe("the shipped client under load", () => {
  it("holds 1,000 concurrent runs against a rate-limited local Bedrock: 0 failed, none answered twice", async () => {
    // 1,000 runs start at once against a quota of 100 model calls a second with a burst of 20: the
    // first wave overshoots, the process-wide adaptive rate slows every run down, and the default
    // retry policy (6 attempts) does the rest.
    const server = await localBedrock({ rateLimit: { rpm: 6_000, burst: 20 } });
    const agent = createAgent({
      model: { modelId: MODEL, endpoint: server.url },
      systemPrompt: "Answer directly.",
    });
    const started = performance.now();
    const settled = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) => agent.invoke(`What is ${i} plus 1?`)),
    );
    const wallMs = performance.now() - started;
    const failed = settled.filter((outcome) => outcome.status === "rejected");
    const answers = settled.flatMap((outcome) =>
      outcome.status === "fulfilled" && outcome.value.outcome === "answered" ? [outcome.value] : [],
    );
    const { 200: ok = 0, 429: throttled = 0 } = server.requests.byStatus();
    const limiter = sharedRateLimiter(server.url, "us-east-1", MODEL);
    console.info(
      `1,000 runs: ${failed.length} failed, ${throttled} throttled attempts, ${Math.round(wallMs)} ms, adaptive rate ${JSON.stringify(limiter.stats)}`,
    );
    expect(failed.map((outcome) => (outcome as PromiseRejectedResult).reason?.message)).toEqual([]);
    expect(answers).toHaveLength(1000);
    expect(throttled).toBeGreaterThan(0); // the quota really was exceeded
    expect(limiter.stats.throttles).toBe(throttled); // and the shared limiter saw every throttle
    // Every run made exactly one successful model call: nothing was answered twice.
    expect(ok).toBe(1000);
  }, 120_000);
});
