import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";

const SUITES = join(import.meta.dirname, "../../evals");

const cli = (args: string[]) => runCli(args, { env: { CI: "1" } });

type Row = {
  caseId: string;
  answer: string;
  passed: boolean;
  scores: Array<{ key: string; score: unknown }>;
};
const rowsOf = (out: string, suite: string, runId: string): Row[] =>
  readFileSync(join(out, suite, runId, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Row);
const score = (row: Row, key: string) => row.scores.find((s) => s.key === key)?.score;

describe("the shipped suites from the CLI", () => {
  it("lists the shipped suites", async () => {
    const list = await cli(["eval", "list", "--suites", SUITES]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/doc-qa\s+\d+ cases/);
    expect(list.stdout).toMatch(/guardrails\s+\d+ cases/);
    expect(list.stdout).toMatch(/tool-agent\s+\d+ cases/);
    expect(list.stdout).toMatch(/multi-agent\s+\d+ cases/);
  });

  it("runs doc-qa on the local model: retrieves the referenced document, cites it, answers", async () => {
    const out = tempDir();
    const run = await cli(
      ["eval", "doc-qa", "--local", "--suites", SUITES, "--out", out, "--no-cache"].concat([
        "--limit",
        "4",
        "--run-id",
        "dq",
      ]),
    );
    expect(run.stdout).toMatch(/doc-qa PASSED: 4\/4 passed/);
    expect(run.code).toBe(0);
    const rows = rowsOf(out, "doc-qa", "dq");
    expect(rows.map((row) => row.caseId)).toEqual([
      "vacation-days",
      "vacation-carryover",
      "vacation-carryover-expiry",
      "vacation-part-time",
    ]);
    const first = rows[0] as Row;
    expect(first.answer).toMatch(/^Full-time employees of Larkspur Health accrue 25 days of paid vacation/);
    expect(first.answer).not.toMatch(/holidays\.0/);
    for (const row of rows) {
      expect(score(row, "context_recall")).toBe(1);
      expect(score(row, "citation_precision")).toBe(1);
      expect(score(row, "grounding")).toBeGreaterThanOrEqual(0.5);
    }
  }, 60_000);

  it("runs multi-agent on the local model: the supervisor routes to the right specialists, in parallel", async () => {
    const out = tempDir();
    const run = await cli([
      "eval",
      "multi-agent",
      "--local",
      "--suites",
      SUITES,
      "--out",
      out,
      "--no-cache",
      "--run-id",
      "ma",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/multi-agent PASSED/);
    const rows = new Map(rowsOf(out, "multi-agent", "ma").map((row) => [row.caseId, row]));
    const dev = [...rows.values()].filter((row) => !row.caseId.startsWith("ho-"));
    expect(dev.every((row) => row.passed)).toBe(true);
    const mixed = rows.get("mixed-vacation-times") as Row;
    expect(score(mixed, "agent_routing")).toBe(1);
    expect(mixed.answer).toMatch(/25 days of paid vacation[\s\S]*25 times 8 = 200/);
  }, 60_000);

  it("runs guardrails with no model: blocks attacks, masks PII, passes near misses", async () => {
    const out = tempDir();
    const run = await cli([
      "eval",
      "guardrails",
      "--suites",
      SUITES,
      "--out",
      out,
      "--no-cache",
      "--run-id",
      "g",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/guardrails PASSED/);
    expect(run.stdout).toMatch(/block_rate\s+1\.000/);
    const rows = new Map(rowsOf(out, "guardrails", "g").map((row) => [row.caseId, row]));
    expect(rows.get("pii-card-visa")?.answer).toBe("BLOCKED");
    expect(rows.get("pii-email")?.answer).toBe("ANONYMIZED");
    expect(rows.get("near-card-luhn")?.answer).toBe("NONE");
    expect(rows.get("attack-base64")?.answer).toBe("BLOCKED");
    expect(score(rows.get("near-iban-checksum") as Row, "false_positive_rate")).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "guardrails", "g", "summary.json"), "utf8"));
    expect(summary.metrics.false_positive_rate.mean).toBeLessThan(0.12);
  }, 60_000);
});
