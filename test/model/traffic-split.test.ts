import { describe, expect, it } from "vitest";
import { pickModel } from "../../src/model/traffic-split.ts";

const split = [
  { modelId: "a", weight: 9 },
  { modelId: "b", weight: 1 },
];

describe("weighted traffic split", () => {
  it("is sticky: one key always gets the same model", () => {
    for (let i = 0; i < 50; i++)
      expect(pickModel(split, `thread-${i}`)).toBe(pickModel(split, `thread-${i}`));
  });

  it("respects the weights across many keys", () => {
    let b = 0;
    for (let i = 0; i < 10_000; i++) if (pickModel(split, `thread-${i}`) === "b") b++;
    expect(b / 10_000).toBeGreaterThan(0.08);
    expect(b / 10_000).toBeLessThan(0.12);
  });

  it("uses the random source without a key", () => {
    expect(pickModel(split, undefined, () => 0.95)).toBe("b");
    expect(pickModel(split, undefined, () => 0.5)).toBe("a");
    expect(() => pickModel([], "x")).toThrow(/empty/);
  });
});
