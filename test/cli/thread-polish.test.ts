import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { chatCommand } from "../../src/cli/commands/chat.ts";
import { createLineReader } from "../../src/cli/line-reader.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";

const glassbox = (dir: string, args: string[], lines: string[] = []) =>
  runCli(args, { env: { HOME: dir }, lines });
const STAMP = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z/;

describe("CLI polish", () => {
  it("thread history draws a tree with short ids and timestamps; show and fork take prefixes and step numbers", async () => {
    const dir = tempDir();
    const db = `sqlite:${join(dir, "t.db")}`;
    await glassbox(
      dir,
      ["chat", "--local", "--thread", "t", "--checkpointer", db],
      ["What is 6 times 7?", "What is 2 plus 2?"],
    );
    const history = JSON.parse(
      (await glassbox(dir, ["thread", "history", "t", "--checkpointer", db, "--json"])).stdout,
    ) as Array<{
      checkpointId: string;
      step: number;
      next: string[];
      messages: number;
    }>;
    const endOfFirst = history.find((entry) => entry.messages === 4 && entry.next.length === 0);
    const prefix = endOfFirst?.checkpointId.slice(0, 13) as string;
    const fork = await glassbox(dir, [
      "thread",
      "fork",
      "t",
      prefix,
      "What is 10 minus 3?",
      "--local",
      "--checkpointer",
      db,
    ]);
    expect(fork.code).toBe(0);
    expect(fork.stdout).toMatch(/answer\s+› 10 minus 3 = 7/);

    const tree = await glassbox(dir, ["thread", "history", "t", "--checkpointer", db]);
    expect(tree.code).toBe(0);
    const lines = tree.stdout.trim().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^● \\S+\\s+step -1  ${STAMP.source}  input → __start__`));
    // The fork leaves from the end of the first turn: a branch point, and an indented branch under it.
    expect(tree.stdout).toMatch(/◆ \S+\s+step +\d+ .* end of run .*4 msgs/);
    expect(tree.stdout).toMatch(/\n└─ [●◉] \S+\s+step/);
    expect(lines.at(-1)).toMatch(/1 branch point \(◆\); ◉ newest/);

    const byStep = await glassbox(dir, ["thread", "show", "t", "step:-1", "--checkpointer", db]);
    expect(byStep.stdout).toMatch(/checkpoint \S+ \(step -1, input/);
    const zero = await glassbox(dir, ["thread", "show", "t", "0", "--checkpointer", db]);
    expect(zero.stdout).toMatch(/checkpoint \S+ \(step 0, loop/);
    const byPrefix = await glassbox(dir, ["thread", "show", "t", prefix, "--checkpointer", db]);
    expect(byPrefix.stdout).toContain(`checkpoint ${endOfFirst?.checkpointId}`);
    const ambiguous = await glassbox(dir, ["thread", "show", "t", prefix.slice(0, 4), "--checkpointer", db]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(
      /matches \d+ checkpoints of thread "t": .*\(step -?\d+\).*; give more of the id/,
    );
    const midRun = history.find((entry) => entry.next.includes("act"))?.checkpointId as string;
    const refused = await glassbox(dir, [
      "thread",
      "fork",
      "t",
      midRun,
      "Hi",
      "--local",
      "--checkpointer",
      db,
    ]);
    expect(refused.stderr).toMatch(/is mid-run \(next: act\); fork from a checkpoint where a run ended/);
  });

  it("chat's edit prompt shows the current arguments, checks edits against the tool's schema, and records both calls", async () => {
    const dir = tempDir();
    const db = `sqlite:${join(dir, "e.db")}`;
    const { code, stdout } = await glassbox(
      dir,
      ["chat", "--local", "--thread", "e", "--checkpointer", db, "--approve", "calculator"],
      ["What is 6 times 7?", "e", '{"expression": 7}', '{"expression": "6 * 8"}'],
    );
    expect(code).toBe(0);
    expect(stdout).toContain('current arguments {"expression":"6 times 7"}; an empty line keeps them');
    expect(stdout).toMatch(/calculator\.expression: .*expected string/);
    expect(stdout).toMatch(
      /action 1\s+› calculator\(\{"expression":"6 \* 8"\}\) {2}edited; the model asked \{"expression":"6 times 7"\}/,
    );
    expect(stdout).toMatch(/answer\s+› 6 \* 8 = 48/);
    // An empty line keeps the arguments as they are.
    const kept = await glassbox(
      dir,
      ["chat", "--local", "--thread", "k", "--checkpointer", db, "--approve", "calculator"],
      ["What is 6 times 7?", "e", ""],
    );
    expect(kept.stdout).toMatch(/action 1\s+› calculator\(\{"expression":"6 times 7"\}\)\n/);
  });

  it("pre-fills the edit line at a terminal", async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const reader = createLineReader(input, () => {});
    const answer = reader.ask("arguments  › ", { prefill: '{"expression":"6 * 7"}' });
    input.write("\r");
    await expect(answer).resolves.toBe('{"expression":"6 * 7"}');
    reader.close();
  });

  it("says how to continue a paused thread when chat is stopped with Ctrl-C", async () => {
    const dir = tempDir();
    let stderr = "";
    let interrupt: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      interrupt = resolve;
    });
    const stdin = new PassThrough();
    stdin.write("What is 6 times 7?\n");
    const code = await chatCommand(
      [
        "--local",
        "--thread",
        "p",
        "--checkpointer",
        `sqlite:${join(dir, "p.db")}`,
        "--approve",
        "calculator",
      ],
      {
        stdout: (text) => {
          if (text.startsWith("approve    ›")) interrupt();
        },
        stderr: (text) => {
          stderr += text;
        },
        env: { HOME: dir },
        stdin,
      },
      stopped,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /stopped; thread p is paused before review_tools\. Continue it with glassbox chat --thread p/,
    );
    expect(stderr).not.toMatch(/the run is still paused/);
  });

  it("shows passing guardrail checks, one line each, in run's step stream", async () => {
    const dir = tempDir();
    const config = join(import.meta.dirname, "../../graphs/guardrails/default.json");
    const { code, stdout } = await glassbox(dir, [
      "run",
      "--local",
      "--guardrail",
      config,
      "What is 6 times 7?",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/guardrail\s+› input allowed {2}\(\S+ v\S+, [\d.]+ ms\)\n/);
    expect(stdout).toMatch(/guardrail\s+› tool arguments allowed/);
    expect(stdout).toMatch(/guardrail\s+› tool result allowed/);
    expect(stdout).toMatch(/guardrail\s+› answer allowed/);
  });
});
