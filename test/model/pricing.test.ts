import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { costOf, loadPriceFile, priceFor } from "../../src/model/pricing.ts";
import { emptyUsage } from "../../src/model/usage.ts";

describe("pricing", () => {
  it("prices cross-region profiles as their base model and provisioned throughput by the hour", () => {
    expect(priceFor("us.anthropic.claude-sonnet-4-5-20250929-v1:0")).toEqual({
      price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
      billing: "on-demand",
    });
    expect(priceFor("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc").billing).toBe(
      "provisioned",
    );
    expect(priceFor("acme.unknown-v1:0").billing).toBe("unknown");
    expect(priceFor("acme.unknown-v1:0", { "acme.unknown-v1:0": { input: 1, output: 2 } }).price).toEqual({
      input: 1,
      output: 2,
    });
  });

  it("charges input, output and cache tokens at their own rates", () => {
    const usage = {
      ...emptyUsage(),
      inputTokens: 1_000_000,
      outputTokens: 100_000,
      cacheReadInputTokens: 1_000_000,
      cacheWriteInputTokens: 10_000,
    };
    expect(costOf(usage, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 })).toBeCloseTo(
      3 + 1.5 + 0.3 + 0.0375,
      10,
    );
    expect(costOf({ ...emptyUsage(), cacheReadInputTokens: 1_000_000 }, { input: 2, output: 4 })).toBe(2);
  });

  it("loads a price file and names the bad field", async () => {
    const path = join(tmpdir(), `prices-${process.pid}.json`);
    await writeFile(path, JSON.stringify({ "acme.x-v1:0": { input: 1, output: 2 } }));
    expect(await loadPriceFile(path)).toEqual({ "acme.x-v1:0": { input: 1, output: 2 } });
    await writeFile(path, JSON.stringify({ "acme.x-v1:0": { input: -1, output: 2 } }));
    await expect(loadPriceFile(path)).rejects.toThrow(`${path}: acme.x-v1:0.input:`);
  });
});
