import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { localCommand } from "../../src/cli/commands/local.ts";
import { main } from "../../src/cli/main.ts";
import { createBedrockRuntimeClient } from "../../src/model/client.ts";

const io = () => {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), env: {} },
  };
};

describe("glassbox local --rpm", () => {
  it("throttles Converse beyond the quota with Bedrock's ThrottlingException", async () => {
    const { out, io: cli } = io();
    let stop: (value?: unknown) => void = () => {};
    const stopped = new Promise((resolve) => {
      stop = resolve;
    });
    const running = localCommand(["--port", "0", "--rpm", "60", "--burst", "2"], cli, stopped);
    while (!/listening on (\S+)/.test(out.stdout)) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = /listening on (\S+)/.exec(out.stdout)?.[1] as string;
    const client = createBedrockRuntimeClient({ endpoint: url });
    const ask = () =>
      client.send(
        new ConverseCommand({
          modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
          messages: [{ role: "user", content: [{ text: "What is 2+2?" }] }],
        }),
      );
    await ask();
    await ask();
    await expect(ask()).rejects.toMatchObject({
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 429 },
    });
    stop();
    expect(await running).toBe(0);
  });

  it("rejects --burst without --rpm and a non-positive rpm", async () => {
    const a = io();
    expect(await main(["local", "--burst", "3"], a.io)).toBe(2);
    expect(a.out.stderr).toMatch(/--burst needs --rpm/);
    const b = io();
    expect(await main(["local", "--rpm", "0"], b.io)).toBe(2);
    expect(b.out.stderr).toMatch(/--rpm expects a number ≥ 1/);
  });
});
