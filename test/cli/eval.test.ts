import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";

const SUITE_MODULE = JSON.stringify(join(import.meta.dirname, "../../src/evals/suite.ts"));

/** A suite whose answers depend on `mode.txt` beside it: "good" answers everything, "bad" misses case c. */
function writeSuite(dir: string, name: string, dataset?: string) {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(
    join(dir, name, "suite.ts"),
    `import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineSuite } from ${SUITE_MODULE};
export default defineSuite({
  name: ${JSON.stringify(name)},
  target: {
    name: "by-mode",
    create: () => async (input) => {
      const mode = readFileSync(join(import.meta.dirname, "mode.txt"), "utf8").trim();
      if (mode === "crash" && input === "c") throw Object.assign(new Error("bad request"), { name: "ValidationException" });
      return { answer: mode === "bad" && input === "c" ? "wrong" : "answer " + input };
    },
  },
  evaluators: ["contains"],
  thresholds: { passRate: 0.5 },
});
`,
  );
  writeFileSync(
    join(dir, name, "dataset.jsonl"),
    dataset ??
      ["a", "b", "c", "d"]
        .map((id) => JSON.stringify({ id, input: id, expectedAnswer: `answer ${id}` }))
        .join("\n"),
  );
  writeFileSync(join(dir, name, "mode.txt"), "good");
}

const cli = (args: string[]) => runCli(args, { env: { CI: "1" } });

describe("glassbox eval", () => {
  it("lists suites, runs one, and gates against a baseline: 0 pass, 1 regression, 3 not comparable", async () => {
    const suites = tempDir();
    const out = tempDir();
    writeSuite(suites, "gate");
    writeSuite(suites, "other");
    const common = ["--suites", suites, "--out", out, "--no-cache"];

    const list = await cli(["eval", "list", "--suites", suites]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/gate\s+4 cases/);

    const base = await cli(["eval", "gate", ...common, "--run-id", "base"]);
    expect(base.stderr).toMatch(/4\/4/); // progress lines
    expect(base.code).toBe(0);
    expect(base.stdout).toMatch(/gate PASSED: 4\/4 passed/);

    writeFileSync(join(suites, "gate", "mode.txt"), "bad");
    const worse = await cli(["eval", "gate", ...common, "--run-id", "cand", "--baseline", "base"]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/regressions \(1\):\n {2}c: failed contains/);
    expect(
      (
        await cli([
          "eval",
          "gate",
          ...common,
          "--run-id",
          "cand-ok",
          "--baseline",
          "base",
          "--max-regressions",
          "1",
        ])
      ).code,
    ).toBe(0);

    writeFileSync(join(suites, "gate", "mode.txt"), "good");
    expect((await cli(["eval", "gate", ...common, "--run-id", "fixed", "--baseline", "base"])).code).toBe(0);

    const compare = await cli(["eval", "compare", "base", "cand", "--out", out]);
    expect(compare.code).toBe(1);
    expect(compare.stdout).toMatch(/pass_rate\s+1\.000\s+0\.750\s+-0\.250/);
    expect((await cli(["eval", "compare", "cand", "fixed", "--out", out])).code).toBe(0);
    const json = await cli(["eval", "compare", "cand", "fixed", "--out", out, "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ comparable: true, improvements: [{ caseId: "c" }] });

    await cli(["eval", "other", ...common, "--run-id", "other-run"]);
    const mismatch = await cli([
      "eval",
      "gate",
      ...common,
      "--run-id",
      "cand-3",
      "--baseline",
      join(out, "other", "other-run"),
    ]);
    expect(mismatch.code).toBe(3);
    expect(mismatch.stdout).toMatch(/not comparable: different suites/);
  }, 60_000);

  it("prints robustness deltas and writes every report file", async () => {
    const suites = tempDir();
    const out = tempDir();
    writeSuite(suites, "gate");
    const run = await cli([
      "eval",
      "gate",
      "--suites",
      suites,
      "--out",
      out,
      "--run-id",
      "r",
      "--robustness",
      "lowercase,random_caps",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/robustness lowercase: contains \+0\.000/);
    expect(run.stdout).toMatch(/robustness random_caps: contains [+-]\d\.\d{3}/);
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(join(out, "gate", "r")).sort()).toEqual([
      "junit.xml",
      "manifest.json",
      "report.html",
      "results.jsonl",
      "summary.json",
    ]);
  });

  it("an error row fails the run; --resume keeps it, --resume --retry-errors runs it again", async () => {
    const suites = tempDir();
    const out = tempDir();
    writeSuite(suites, "gate");
    const common = ["--suites", suites, "--out", out, "--no-cache"];
    writeFileSync(join(suites, "gate", "mode.txt"), "crash");
    const crashed = await cli(["eval", "gate", ...common, "--run-id", "r"]);
    expect(crashed.code).toBe(1);
    expect(crashed.stdout).toMatch(/1 errors/);
    expect(crashed.stdout).toMatch(/threshold: 1 error row/);
    writeFileSync(join(suites, "gate", "mode.txt"), "good");
    const kept = await cli(["eval", "gate", ...common, "--resume", "r"]);
    expect(kept.code).toBe(1);
    expect(kept.stdout).toMatch(/4 rows resumed/);
    const retried = await cli(["eval", "gate", ...common, "--resume", "r", "--retry-errors"]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(/4\/4 passed .*3 rows resumed/);
    const { readFileSync } = await import("node:fs");
    const lines = readFileSync(join(out, "gate", "r", "results.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(lines).toHaveLength(5); // append-only: the retried row supersedes the error row
    expect((await cli(["eval", "gate", ...common, "--resume", "nope"])).stderr).toMatch(
      /cannot resume: .*no manifest/,
    );
  });

  it("usage errors exit 2 with one line and no stack trace", async () => {
    const suites = tempDir();
    writeSuite(suites, "gate");
    const bad = await cli(["eval", "gate", "--suites", suites, "--repetitions", "0"]);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(/--repetitions expects a whole number ≥ 1/);
    const unknown = await cli(["eval", "nope", "--suites", suites]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown suite "nope".*gate/);
    expect((await cli(["eval", "compare", "one"])).code).toBe(2);
    expect((await cli(["eval", "gate", "--suites", suites, "--robustness", "shouting"])).stderr).toMatch(
      /--robustness expects/,
    );
    const missing = await cli([
      "eval",
      "gate",
      "--suites",
      suites,
      "--baseline",
      "never-ran",
      "--out",
      tempDir(),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/run "never-ran" not found/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it("a malformed dataset line is reported with its line number before anything runs", async () => {
    const suites = tempDir();
    writeSuite(
      suites,
      "broken",
      `${JSON.stringify({ id: "a", input: "a" })}\n{"id": "b", "input": }\n${JSON.stringify({ id: "c" })}\n`,
    );
    const out = tempDir();
    const result = await cli(["eval", "broken", "--suites", suites, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/dataset\.jsonl:2: not valid JSON/);
    expect(result.stderr).toMatch(/dataset\.jsonl:3: input: /);
    const { existsSync } = await import("node:fs");
    expect(existsSync(join(out, "broken"))).toBe(false);
  });
});
