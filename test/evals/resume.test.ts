import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readResults } from "../../src/evals/results-file.ts";
import { tempDir } from "../helpers/fixtures.ts";

const CHILD = join(import.meta.dirname, "fixtures/resume-child.ts");

function start(outDir: string, resume: boolean): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", CHILD, outDir, "run-1", resume ? "1" : "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
}

const lines = (path: string) =>
  existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean) : [];

describe("resume after kill -9", () => {
  it("finishes the run without redoing finished rows and without duplicates", async () => {
    const outDir = tempDir();
    const results = join(outDir, "resume", "run-1", "results.jsonl");
    const first = start(outDir, false);
    const deadline = Date.now() + 20_000;
    while (lines(results).length < 8) {
      if (Date.now() > deadline) throw new Error("the child wrote no results");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const before = readResults(results).rows;
    expect(before.size).toBeGreaterThanOrEqual(8);
    expect(before.size).toBeLessThan(30);
    appendFileSync(results, '{"caseId":"case-29","repet'); // a torn last line, as a crash mid-write leaves

    const second = start(outDir, true);
    let stdout = "";
    second.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    let stderr = "";
    second.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => second.once("exit", resolve));
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
    const resumedInputs = calls.filter(([pid]) => pid === String(second.pid)).map(([, input]) => input);
    const finishedBefore = [...before.values()].map((row) => row.input);
    expect(resumedInputs.filter((input) => finishedBefore.includes(input as string))).toEqual([]);
    expect(resumedInputs.length).toBeLessThanOrEqual(30 - before.size);
  }, 60_000);
});
