import { describe, expect, it } from "vitest";
import { createAsyncQueue } from "../../src/agent/async-queue.ts";

describe("async queue", () => {
  it("yields pushed items in order, including ones pushed while the consumer waits", async () => {
    const queue = createAsyncQueue<number>();
    queue.push(1);
    setTimeout(() => {
      queue.push(2);
      queue.push(3);
      queue.close();
    }, 10);
    const seen: number[] = [];
    for await (const item of queue) seen.push(item);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("throws the producer's error after the queued items", async () => {
    const queue = createAsyncQueue<string>();
    queue.push("a");
    queue.close(new Error("producer failed"));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const item of queue) seen.push(item);
      })(),
    ).rejects.toThrow("producer failed");
    expect(seen).toEqual(["a"]);
  });
});
