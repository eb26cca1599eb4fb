import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

const SUITES = join(import.meta.dirname, "../../evals");
const cli = (args: string[]) => runCli(args, { env: { CI: "1" } });

const rows = (out: string, runId: string) =>
  readFileSync(join(out, "tool-agent", runId, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map(
      (line) =>
        JSON.parse(line) as {
          caseId: string;
          answer: string;
          passed: boolean;
          status: string;
          error?: unknown;
        },
    )
    .sort((a, b) => a.caseId.localeCompare(b.caseId));

describe("glassbox eval --record / --replay", () => {
  it("records a run through the proxy, then gates on the cassette with the upstream gone", async () => {
    const upstream = await localBedrock();
    const out = tempDir();
    const cassette = join(tempDir(), "tool-agent-cassette");
    const common = ["eval", "tool-agent", "--suites", SUITES, "--out", out, "--limit", "3"];

    const recorded = await cli([
      ...common,
      "--record",
      cassette,
      "--upstream",
      upstream.url,
      "--run-id",
      "rec",
    ]);
    expect(recorded.stderr).toMatch(
      /recording proxy listening on http:\/\/127\.0\.0\.1:\d+ forwarding to http/,
    );
    expect(recorded.stdout).toMatch(/tool-agent PASSED: 3\/3 passed/);
    const count = Number(/recorded (\d+) exchanges/.exec(recorded.stdout)?.[1]);
    expect(count).toBeGreaterThanOrEqual(6); // each case: a tool call, then the answer
    expect(upstream.requests.count("Converse") + upstream.requests.count("ConverseStream")).toBe(count);
    await upstream.close();

    const replayed = await cli([...common, "--replay", cassette, "--run-id", "rep"]);
    expect(replayed.stdout).toMatch(/tool-agent PASSED: 3\/3 passed/);
    expect(replayed.stdout).toContain(`replayed ${count} requests from ${cassette}`);
    expect(replayed.code).toBe(0);
    expect(rows(out, "rep").map((row) => row.answer)).toEqual(rows(out, "rec").map((row) => row.answer));

    // A case the recorded run did not have fails clearly, naming the closest recording.
    const more = await cli([...common, "--limit", "4", "--replay", cassette, "--run-id", "more"]);
    expect(more.code).toBe(1);
    expect(more.stdout).toMatch(
      /1 had no recording, the first: glassbox replay: no recording matches Converse(Stream)? POST \/model\/.+; closest: \d{4}-converse(-stream)?\.json \(differs at body\.messages\[0\]\.content\[0\]\.text/,
    );
    const failed = rows(out, "more").find((row) => row.caseId === "arith-sqrt-times");
    expect(failed).toMatchObject({
      status: "error",
      passed: false,
      error: { message: expect.stringContaining("no recording matches") },
    });
    expect(rows(out, "more").filter((row) => row.passed)).toHaveLength(3);
  });

  it("refuses --replay with an endpoint of its own, and --record without an upstream", async () => {
    const cassette = tempDir();
    const base = ["eval", "tool-agent", "--suites", SUITES, "--out", tempDir()];
    const both = await cli([...base, "--replay", cassette, "--endpoint", "http://127.0.0.1:4010"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--replay starts its own endpoint: it does not go with --endpoint");
    const local = await cli([...base, "--replay", cassette, "--local"]);
    expect(local.stderr).toContain("it does not go with --local");
    const noUpstream = await cli([...base, "--record", join(cassette, "new")]);
    expect(noUpstream.code).toBe(2);
    expect(noUpstream.stderr).toContain("--record needs --upstream bedrock or --upstream <url>");
    const notACassette = await cli([...base, "--replay", cassette]);
    expect(notACassette.code).toBe(2);
    expect(notACassette.stderr).toContain("no manifest.json, not a cassette");
  });
});
