import { type BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { createRateLimit } from "../../src/local/rate-limit.ts";
import { createBedrockRuntimeClient } from "../../src/model/client.ts";
import { limitClient, RateLimiter, sharedRateLimiter } from "../../src/model/rate-limiter.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

const converse = (text = "What is 2+2?") =>
  new ConverseCommand({
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    messages: [{ role: "user", content: [{ text }] }],
  });

describe("local Bedrock quota", () => {
  it("a token bucket: burst, then one request per 60/rpm seconds", () => {
    let now = 0;
    const limit = createRateLimit({ rpm: 600, burst: 2 }, () => now);
    limit.take();
    limit.take();
    expect(() => limit.take()).toThrow(expect.objectContaining({ type: "ThrottlingException" }));
    now += 100; // 600 rpm = one request per 100 ms
    expect(() => limit.take()).not.toThrow();
    expect(limit.throttled).toBe(1);
  });

  it("answers over-quota Converse calls with Bedrock's ThrottlingException (429)", async () => {
    const server = await localBedrock({ rateLimit: { rpm: 60, burst: 1 } });
    const client = createBedrockRuntimeClient({ endpoint: server.url });
    await client.send(converse());
    const error = await client.send(converse()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: "ThrottlingException",
      message: "Too many requests, please wait before trying again.",
      $metadata: { httpStatusCode: 429 },
    });
    server.setRateLimit(undefined);
    await expect(client.send(converse())).resolves.toBeDefined();
  });
});

describe("client rate limiter", () => {
  it("paces requests at the rpm limit", async () => {
    const limiter = new RateLimiter({ rpm: 1200 }, { burstSeconds: 0.05 }); // 20/s, burst 1
    const started = performance.now();
    await Promise.all(Array.from({ length: 11 }, () => limiter.acquire()));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450); // 10 waits of 50 ms after the first
    expect(elapsed).toBeLessThan(1500);
    expect(limiter.stats.requests).toBe(11);
  });

  it("limits tokens per minute and backs off multiplicatively on throttling, additively on success", async () => {
    const limiter = new RateLimiter({ rpm: 1000, tpm: 60_000 });
    limiter.onThrottle();
    expect(limiter.stats.currentRpm).toBe(700);
    limiter.onThrottle();
    expect(limiter.stats.currentRpm).toBe(490);
    for (let i = 0; i < 5; i++) limiter.onSuccess();
    expect(limiter.stats.currentRpm).toBe(590);
    const tokens = new RateLimiter({ tpm: 60_000 }); // 1,000 tokens per second
    await tokens.acquire(60_000);
    const started = performance.now();
    await tokens.acquire(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("sits in front of every SDK request and learns from throttles", async () => {
    const server = await localBedrock({ rateLimit: { rpm: 60, burst: 1 } });
    const limiter = new RateLimiter({ rpm: 6000 });
    const client: BedrockRuntimeClient = limitClient(
      createBedrockRuntimeClient({ endpoint: server.url }),
      limiter,
    );
    await client.send(converse());
    await expect(client.send(converse())).rejects.toMatchObject({ name: "ThrottlingException" });
    expect(limiter.stats).toMatchObject({ requests: 2, throttles: 1, currentRpm: 4200 });
  });
});

describe("adaptive rate (no configured rpm)", () => {
  it("sends freely until several requests in flight are throttled, then paces at 70% of the rate served", async () => {
    const limiter = new RateLimiter({}, { adaptive: true });
    // A lone caller is left to its retry back-off.
    await limiter.acquire();
    limiter.onThrottle();
    limiter.finish();
    expect(limiter.stats.currentRpm).toBeUndefined();
    // 30 answered in the last half second = 3,600 rpm served; then two in flight are throttled.
    for (let i = 0; i < 30; i++) {
      await limiter.acquire();
      limiter.finish();
    }
    await limiter.acquire();
    const sentAt = performance.now();
    await limiter.acquire();
    limiter.onThrottle(sentAt);
    const paced = limiter.stats.currentRpm ?? 0;
    expect(paced).toBeGreaterThan(0.7 * 3_000);
    expect(paced).toBeLessThan(0.7 * 4_000);
    // A second throttle of a request sent before the rate was lowered answers the same overshoot.
    limiter.onThrottle(sentAt);
    expect(limiter.stats.currentRpm).toBe(paced);
    expect(limiter.stats.throttles).toBe(3);
    // Successes climb back towards the throttled rate.
    for (let i = 0; i < 5; i++) limiter.onSuccess();
    expect(limiter.stats.currentRpm ?? 0).toBeGreaterThan(paced);
  });

  it("is shared by every client of the process for one endpoint, region and model", () => {
    const a = sharedRateLimiter("http://127.0.0.1:1", "us-east-1", "m1");
    expect(sharedRateLimiter("http://127.0.0.1:1", "us-east-1", "m1")).toBe(a);
    expect(sharedRateLimiter("http://127.0.0.1:1", "us-east-1", "m2")).not.toBe(a);
    expect(sharedRateLimiter("Amazon Bedrock", "us-east-1", "m1")).not.toBe(a);
  });
});
