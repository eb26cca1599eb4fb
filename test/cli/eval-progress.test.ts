import { describe, expect, it } from "vitest";
import { createProgressBar, progressLine } from "../../src/cli/eval-progress.ts";

const progress = { total: 100, done: 40, skipped: 10, errors: 2, passed: 35, costUsd: 0.1234, startedAt: 0 };

describe("progress bar", () => {
  it("shows counts, the rate of this process's rows, the ETA, errors and cost so far", () => {
    const line = progressLine(progress, 10_000, 10);
    // 30 fresh rows in 10 s = 3/s; 60 left → 20 s.
    expect(line).toBe("[████░░░░░░] 40/100 3.0/s ETA 00:20 elapsed 00:10 errors 2 $0.1234");
    expect(progressLine({ ...progress, done: 10 }, 0, 10)).toMatch(/ETA --:--/);
  });

  it("redraws in place on a terminal and prints every 10% otherwise", () => {
    const tty: string[] = [];
    const bar = createProgressBar((text) => tty.push(text), true);
    bar.update({ ...progress, done: 100 });
    expect(tty[0]).toMatch(/^\r\[/);
    expect(tty.at(-1)).toBe("\n");
    const log: string[] = [];
    const plain = createProgressBar((text) => log.push(text), false);
    for (let done = 0; done <= 100; done++) plain.update({ ...progress, skipped: 0, done });
    expect(log).toHaveLength(11);
    expect(log.every((line) => line.endsWith("\n") && !line.includes("\r"))).toBe(true);
  });
});
