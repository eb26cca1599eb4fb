import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openCache } from "../../src/evals/cache.ts";
import { loadSuite } from "../../src/evals/registry.ts";
import { runSuite } from "../../src/evals/runner.ts";
import { KnowledgeBaseStore } from "../../src/kb/kb-store.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

const mode = (path: string) => statSync(path).mode & 0o777;
const EVALS = join(import.meta.dirname, "../../evals");

describe("files Glassbox creates are private", () => {
  it("eval run folders are 0700 and their files 0600; the cache and knowledge bases are 0600", async () => {
    const server = await localBedrock();
    const outDir = join(tempDir(), ".glassbox", "evals");
    const loaded = await loadSuite(EVALS, "tool-agent");
    const run = await runSuite(loaded, { outDir, model: localModel(server), limit: 1 });
    const { writeReports } = await import("../../src/evals/reports/write.ts");
    writeReports(run.runDir, run.summary, run.rows);
    expect(mode(outDir)).toBe(0o700);
    expect(mode(run.runDir)).toBe(0o700);
    for (const file of readdirSync(run.runDir))
      expect([file, mode(join(run.runDir, file))]).toEqual([file, 0o600]);
    expect(mode(join(outDir, "cache.sqlite"))).toBe(0o600);

    const dir = tempDir();
    openCache(join(dir, "sub", "cache.sqlite")).close();
    expect(mode(join(dir, "sub"))).toBe(0o700);
    expect(mode(join(dir, "sub", "cache.sqlite"))).toBe(0o600);
    new KnowledgeBaseStore(join(dir, "kb", "docs.sqlite")).close();
    expect(mode(join(dir, "kb", "docs.sqlite"))).toBe(0o600);
  });
});

describe("run ids are names, not paths", () => {
  it.each(["../../escape", "a/b", "..", ".hidden"])(
    "refuses --run-id %j and writes nothing",
    async (runId) => {
      const out = tempDir();
      const result = await runCli([
        "eval",
        "tool-agent",
        "--local",
        "--limit",
        "1",
        "--out",
        out,
        "--run-id",
        runId,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--run-id "${runId}": a run id is a name of letters, digits`);
      expect(existsSync(join(out, "tool-agent"))).toBe(false);
      expect(existsSync(join(out, "..", "escape"))).toBe(false);
    },
  );

  it("refuses --resume with a path", async () => {
    const result = await runCli(["eval", "tool-agent", "--local", "--out", tempDir(), "--resume", "../x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--resume "../x": a run id is a name');
  });
});
