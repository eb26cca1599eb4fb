import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readResults } from "../../src/evals/results-file.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { startWorker, until } from "../helpers/worker.ts";

const CHILD = join(import.meta.dirname, "fixtures/resume-child.ts");

const start = (outDir: string, resume: boolean) => startWorker(CHILD, [outDir, "run-1", resume ? "1" : "0"]);

const lines = (path: string) =>
  existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean) : [];

describe("resume after kill -9", () => {
  it("finishes the run without redoing finished rows and without duplicates", async () => {
    const outDir = tempDir();
    const results = join(outDir, "resume", "run-1", "results.jsonl");
    const first = start(outDir, false);
    await until(() => lines(results).length >= 8, "the child wrote 8 results", first.child);
    first.child.kill("SIGKILL");
    await first.exited;
    const before = readResults(results).rows;
    expect(before.size).toBeGreaterThanOrEqual(8);
    expect(before.size).toBeLessThan(30);
    appendFileSync(results, '{"caseId":"case-29","repet'); // a torn last line, as a crash mid-write leaves

    const second = start(outDir, true);
    const { code, stdout, stderr } = await second.exited;
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ rows: 30, skipped: before.size, passed: 30 });

    const finalLines = lines(results);
    const keys = finalLines.map((line) => {
      const row = JSON.parse(line);
      return `${row.caseId}#${row.repetition}#${row.variant}`;
    });
    expect(finalLines).toHaveLength(30);
    expect(new Set(keys).size).toBe(30);
    const calls = lines(join(outDir, "calls.log")).map((line) => line.split(" "));
    const resumedInputs = calls.filter(([pid]) => pid === String(second.child.pid)).map(([, input]) => input);
    const finishedBefore = [...before.values()].map((row) => row.input);
    expect(resumedInputs.filter((input) => finishedBefore.includes(input as string))).toEqual([]);
    expect(resumedInputs.length).toBeLessThanOrEqual(30 - before.size);
  }, 60_000);
});
