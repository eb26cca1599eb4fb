import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "glassbox-chat-"));

/** Runs the CLI in-process with the given stdin lines; no AWS credentials, the local Bedrock. */
const glassbox = (args: string[], lines: string[] = []) => runCli(args, { env: { HOME: dir }, lines });

describe("glassbox chat", () => {
  it("asks for approval at the prompt, runs the edited call, and takes a client tool's result", async () => {
    const db = `sqlite:${join(dir, "a.db")}`;
    const { code, stdout } = await glassbox(
      [
        "chat",
        "--local",
        "--thread",
        "a",
        "--checkpointer",
        db,
        "--approve",
        "calculator",
        "--client-tool",
        "convert_units",
      ],
      [
        "What is 6 times 7?",
        "e",
        "not json",
        '{"expression": "6 * 8"}',
        "How many miles is 10 km?",
        '{"result": 6.2137}',
      ],
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/paused\s+› waiting for calculator \(approval\)/);
    expect(stdout).toMatch(/not JSON .*try again/);
    expect(stdout).toMatch(/action 1\s+› calculator\(\{"expression":"6 \* 8"\}\)/);
    expect(stdout).toMatch(/answer\s+› 6 \* 8 = 48/);
    expect(stdout).toMatch(/paused\s+› waiting for convert_units \(client\)/);
    expect(stdout).toMatch(/answer\s+› .*6\.2137/);
  });

  it("sends a rejection's reason to the model instead of running the tool", async () => {
    const db = `sqlite:${join(dir, "b.db")}`;
    const { code, stdout } = await glassbox(
      ["chat", "--local", "--thread", "b", "--checkpointer", db, "--approve", "calculator"],
      ["What is 6 times 7?", "maybe", "n", "we do not compute on Sundays"],
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/answer y \(approve\), e \(edit the arguments\) or n \(reject\), not "maybe"/);
    expect(stdout).toMatch(
      /observe 1\s+› ✗ The user rejected this call of calculator: we do not compute on Sundays/,
    );
  });

  it("continues a thread after a restart, resuming a run left paused first", async () => {
    const db = `sqlite:${join(dir, "c.db")}`;
    const flags = ["chat", "--local", "--thread", "c", "--checkpointer", db, "--approve", "calculator"];
    const first = await glassbox(flags, ["What is 6 times 7?"]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/the run is still paused; continue it with glassbox chat --thread c/);

    const second = await glassbox(flags, ["y", "What is 2 plus 2?", "y"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/resume\s+› the thread stopped before review_tools/);
    expect(second.stdout).toMatch(/answer\s+› 6 times 7 = 42/);
    expect(second.stdout).toMatch(/answer\s+› 2 plus 2 = 4/);

    const shown = await glassbox(["thread", "history", "c", "--checkpointer", db, "--json"]);
    expect(shown.code).toBe(0);
    const history = JSON.parse(shown.stdout) as Array<{
      checkpointId: string;
      messages: number;
      next: string[];
    }>;
    expect(history[0]?.messages).toBe(8);
    const afterFirst = history.find((entry) => entry.messages === 4 && entry.next.length === 0);
    expect(afterFirst).toBeDefined();

    const step = await glassbox([
      "thread",
      "show",
      "c",
      afterFirst?.checkpointId ?? "",
      "--checkpointer",
      db,
    ]);
    expect(step.stdout).toMatch(/1\. human: What is 6 times 7\?/);
    expect(step.stdout).toMatch(/4\. ai: 6 times 7 = 42/);

    const fork = await glassbox([
      "thread",
      "fork",
      "c",
      afterFirst?.checkpointId ?? "",
      "What is 10 minus 3?",
      "--local",
      "--checkpointer",
      db,
    ]);
    expect(fork.code).toBe(0);
    expect(fork.stdout).toMatch(/answer\s+› 10 minus 3 = 7/);
    const forked = await glassbox(["thread", "history", "c", "--checkpointer", db, "--json"]);
    // The newest checkpoint has the fork's conversation: the first question, then the new one.
    expect(JSON.parse(forked.stdout)[0].messages).toBe(8);
    const head = await glassbox([
      "thread",
      "show",
      "c",
      JSON.parse(forked.stdout)[0].checkpointId,
      "--checkpointer",
      db,
    ]);
    expect(head.stdout).toMatch(/5\. human: What is 10 minus 3\?/);
    expect(head.stdout).not.toMatch(/2 plus 2/);
  });

  it("explains bad input in one line: checkpointer spec, thread action, unknown checkpoint, unknown tool", async () => {
    const bad = await glassbox(["chat", "--local", "--checkpointer", "redis://x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--checkpointer: expected "memory", "sqlite:<path>" or a postgres/);
    const action = await glassbox(["thread", "rewind", "c"]);
    expect(action.stderr).toMatch(/unknown thread action "rewind": expected one of history, show, fork/);
    const db = `sqlite:${join(dir, "c.db")}`;
    const missing = await glassbox(["thread", "show", "c", "nope", "--checkpointer", db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/thread "c" has no checkpoint "nope"/);
    const tool = await glassbox(["chat", "--local", "--checkpointer", "memory", "--approve", "rm_rf"]);
    expect(tool.code).toBe(2);
    expect(tool.stderr).toMatch(/review\.approve: no tool named "rm_rf"; tools: calculator/);
    expect(`${bad.stderr}${tool.stderr}`).not.toMatch(/\n\s+at /);
  });
});
