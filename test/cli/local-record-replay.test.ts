import { join } from "node:path";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { localCommand } from "../../src/cli/commands/local.ts";
import { createBedrockRuntimeClient } from "../../src/model/client.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

/** Runs `glassbox local <args>` until `stop()`; resolves its URL once it listens. */
async function serve(args: string[]) {
  const out = { stdout: "", stderr: "" };
  const io = { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), env: {} };
  let stop: (value?: unknown) => void = () => {};
  const stopped = new Promise((resolve) => {
    stop = resolve;
  });
  const running = localCommand(["--port", "0", ...args], io, stopped);
  while (!/listening on (\S+)/.test(out.stdout)) await new Promise((resolve) => setTimeout(resolve, 10));
  const url = /listening on (\S+)/.exec(out.stdout)?.[1] as string;
  return {
    url,
    out,
    stop: async () => {
      stop();
      return running;
    },
  };
}

const ask = (url: string, text: string) =>
  createBedrockRuntimeClient({ endpoint: url }).send(
    new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text }] }] }),
  );

describe("glassbox local --record / --replay", () => {
  it("records through the proxy and replays the same answer with the upstream stopped", async () => {
    const upstream = await localBedrock({ script: [{ text: "Recorded answer." }] });
    const dir = join(tempDir(), "cassette");
    const recorder = await serve(["--record", dir, "--upstream", upstream.url]);
    expect(recorder.out.stdout).toContain(`forwarding to ${upstream.url}, writing ${dir}`);
    const live = await ask(recorder.url, "hello");
    expect(await recorder.stop()).toBe(0);
    expect(recorder.out.stdout).toContain(`recorded 1 exchanges in ${dir}`);
    await upstream.close();

    const replayer = await serve(["--replay", dir, "--replay-timing", "none"]);
    expect(replayer.out.stdout).toMatch(
      /with 1 recordings from .*recorded .* from http:\/\/127\.0\.0\.1:\d+ \(us-east-1\)/s,
    );
    const again = await ask(replayer.url, "hello");
    expect(again.output).toEqual(live.output);
    expect(again.$metadata.requestId).toBe(live.$metadata.requestId);
    await expect(ask(replayer.url, "goodbye")).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(
        "closest: 0001-converse.json (differs at body.messages[0].content[0].text",
      ),
    });
    expect(await replayer.stop()).toBe(0);
    expect(replayer.out.stdout).toContain("replayed 1 requests");
    expect(replayer.out.stdout).toContain("1 had no recording");
  });

  it("rejects flag combinations that cannot mean anything", async () => {
    const dir = tempDir();
    const cases: Array<[string[], string]> = [
      [
        ["--replay", dir, "--script", "x.json"],
        "--script is a local-model flag: it does not go with --record or --replay",
      ],
      [["--upstream", "bedrock"], "--upstream goes with --record <dir>"],
      [["--replay-timing", "recorded"], "--replay-timing goes with --replay <dir>"],
      [["--record", join(dir, "a")], "--record needs --upstream bedrock or --upstream <url>"],
      [
        ["--record", join(dir, "b"), "--replay", dir],
        "pass either --record <dir> or --replay <dir>, not both",
      ],
      [["--replay", dir, "--replay-timing", "fast"], '--replay-timing expects recorded or none, got "fast"'],
      [
        ["--record", join(dir, "c"), "--upstream", "ftp://x"],
        '--upstream: expected "bedrock" or an http(s) URL',
      ],
      [
        ["--record", join(dir, "d"), "--upstream", "bedrock", "--region", "us-east-1"],
        "--upstream bedrock needs AWS credentials",
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(["local", "--port", "0", ...args], {
        env: { HOME: dir, AWS_EC2_METADATA_DISABLED: "true" },
      });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toContain(message);
    }
  });
});
