import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.ts";
import { loadDataset, parseDataset } from "../../src/evals/dataset.ts";
import { tempDir } from "../helpers/fixtures.ts";

describe("datasets", () => {
  it("parses rows with references, trajectories and contexts (ids as strings or objects)", () => {
    const rows = parseDataset(
      [
        JSON.stringify({
          id: "a",
          input: "What is 2+2?",
          expectedAnswer: "4",
          expectedTrajectory: [{ tool: "calculator", args: { expression: "2+2" } }],
        }),
        "",
        JSON.stringify({
          id: "b",
          input: "q",
          referenceContexts: ["doc-1", { id: "doc-2", text: "passage" }],
          metadata: { team: "x" },
        }),
      ].join("\n"),
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]?.referenceContexts).toEqual([{ id: "doc-1" }, { id: "doc-2", text: "passage" }]);
  });

  it("names the line and field of every malformed row, and duplicate ids", () => {
    const text = [
      JSON.stringify({ id: "a", input: "ok" }),
      "{not json",
      JSON.stringify({ id: "c", input: 3 }),
      JSON.stringify({ id: "a", input: "again" }),
      JSON.stringify({ id: "e", input: "x", expectedTrajectory: [{ name: "calculator" }] }),
    ].join("\n");
    let error: unknown;
    try {
      parseDataset(text, "data.jsonl");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/data\.jsonl:2: not valid JSON/);
    expect(message).toMatch(/data\.jsonl:3: input: .*expected string/i);
    expect(message).toMatch(/data\.jsonl:4: id "a" already used on line 1/);
    expect(message).toMatch(/data\.jsonl:5: expectedTrajectory\.0/);
  });

  it("rejects an empty dataset and hashes the content", async () => {
    expect(() => parseDataset("\n\n", "empty.jsonl")).toThrow(/no rows/);
    const dir = tempDir();
    writeFileSync(join(dir, "d.jsonl"), `${JSON.stringify({ id: "a", input: "q" })}\n`);
    const first = await loadDataset(join(dir, "d.jsonl"));
    writeFileSync(join(dir, "d.jsonl"), `${JSON.stringify({ id: "a", input: "q2" })}\n`);
    const second = await loadDataset(join(dir, "d.jsonl"));
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(second.sha256).not.toBe(first.sha256);
    await expect(loadDataset(join(dir, "missing.jsonl"))).rejects.toThrow(/cannot read the dataset/);
  });
});
