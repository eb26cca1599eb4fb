import { describe, expect, it } from "vitest";
import { bar, createProgress } from "../../src/cli/progress.ts";

describe("progress", () => {
  it("draws a bar for a ratio, clamped to 0..1", () => {
    expect(bar(0.5, 4)).toBe("[██░░]");
    expect(bar(2, 3)).toBe("[███]");
    expect(bar(-1, 2)).toBe("[░░]");
  });

  it("redraws one line on a terminal and writes a plain line every N items otherwise", () => {
    const tty: string[] = [];
    const onTty = createProgress({ write: (t) => tty.push(t), tty: true, label: "ingest" });
    onTty.update(1, 2, "a.md");
    onTty.done();
    expect(tty[0]).toMatch(/^\ringest \[█+░+\] 1\/2 a\.md/);
    expect(tty.at(-1)).toBe("\n");

    const log: string[] = [];
    const plain = createProgress({ write: (t) => log.push(t), tty: false, label: "ingest", every: 2 });
    for (let i = 1; i <= 5; i++) plain.update(i, 5, `f${i}`);
    expect(log).toEqual(["ingest: 2/5 files\n", "ingest: 4/5 files\n", "ingest: 5/5 files\n"]);
  });
});
