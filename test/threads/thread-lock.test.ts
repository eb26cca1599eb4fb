import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import type { BaseMessage } from "@langchain/core/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/index.ts";
import type { LocalBedrock } from "../../src/local/index.ts";
import { createCheckpointer, ThreadBusyError } from "../../src/threads/index.ts";
import { builtinTools } from "../../tools/index.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { freshDatabase, testPostgres } from "../helpers/postgres.ts";

const WORKER = join(import.meta.dirname, "fixtures/thread-runner.ts");
// One process (node with tsx's loader), so SIGKILL kills the run itself, not a wrapper around it.
const NODE_ARGS = ["--import", "tsx"];

function worker(args: {
  spec: string;
  server: LocalBedrock;
  thread: string;
  label: string;
  count: number;
  waitMs: number;
}) {
  const child = spawn(
    process.execPath,
    [
      ...NODE_ARGS,
      WORKER,
      args.spec,
      args.server.url,
      args.thread,
      args.label,
      String(args.count),
      String(args.waitMs),
    ],
    {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<{
    code: number | null;
    signal: string | null;
    lines: Array<Record<string, string>>;
    stderr: string;
  }>((resolve) =>
    child.on("exit", (code, signal) =>
      resolve({
        code,
        signal,
        stderr,
        lines: stdout
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      }),
    ),
  );
  return { child, exited };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The thread's messages as [type, text] pairs. */
async function thread(spec: string, threadId: string): Promise<Array<[string, string]>> {
  const store = await createCheckpointer(spec);
  try {
    const tuple = await store.saver.getTuple({ configurable: { thread_id: threadId } });
    const messages = (tuple?.checkpoint.channel_values.messages ?? []) as BaseMessage[];
    return messages.map((message) => [message.getType(), String(message.content)]);
  } finally {
    await store.close();
  }
}

/** Two processes asking three questions each on one thread: all six answered, none lost or mixed. */
async function twoProcesses(spec: string, server: LocalBedrock) {
  const runs = ["A", "B"].map((label) =>
    worker({ spec, server, thread: "t1", label, count: 3, waitMs: 30_000 }),
  );
  const results = await Promise.all(runs.map((run) => run.exited));
  for (const result of results) expect(result.code, result.stderr).toBe(0);
  const answered = results.flatMap((result) => result.lines);
  expect(answered.filter((line) => !line.answer)).toEqual([]);
  const messages = await thread(spec, "t1");
  const humans = messages.filter(([type]) => type === "human").map(([, text]) => text);
  expect(humans.sort()).toEqual(answered.map((line) => line.question).sort());
  expect(humans).toHaveLength(6);
  // Every question is followed by its own turn (tool call, tool result, answer) before the next one.
  const turns = messages.map(([type]) => type).join(" ");
  expect(turns).toBe(Array(6).fill("human ai tool ai").join(" "));
}

describe("one run per thread at a time", () => {
  it("in one process: a second run on a busy thread fails at once, or waits its turn, and adds nothing", async () => {
    const server = await localBedrock({ faults: { latencyMs: 150 } });
    const spec = `sqlite:${join(tempDir(), "threads.db")}`;
    const store = await createCheckpointer(spec);
    const agent = createAgent({ model: localModel(server), tools: builtinTools, checkpointer: store.saver });
    const first = agent.invoke("What is 2 plus 2?", { threadId: "t1" });
    await until(() => server.requests.all().length > 0, "the first run's model call");
    const second = await agent
      .invoke("What is 3 plus 3?", { threadId: "t1" })
      .catch((error: unknown) => error);
    expect(ThreadBusyError.isInstance(second)).toBe(true);
    expect((second as Error).message).toMatch(
      /^thread t1 is busy in another run of this process: nothing was added/,
    );
    await first;
    const waited = agent.invoke("What is 4 plus 4?", { threadId: "t1" });
    const queued = agent.invoke("What is 5 plus 5?", { threadId: "t1", threadBusyWaitMs: 10_000 });
    await Promise.all([waited, queued]);
    await store.close();
    const humans = (await thread(spec, "t1")).filter(([type]) => type === "human").map(([, text]) => text);
    expect(humans).toEqual(["What is 2 plus 2?", "What is 4 plus 4?", "What is 5 plus 5?"]);
  });

  it("SQLite, two processes on one thread: every question answered, nothing lost", async () => {
    const server = await localBedrock({ faults: { latencyMs: 60 } });
    const spec = `sqlite:${join(tempDir(), "threads.db")}`;
    await twoProcesses(spec, server);
  }, 60_000);

  it("SQLite: a run on a thread another process holds fails at once with the thread's name; kill -9 frees it", async () => {
    const slow = await localBedrock({ faults: { latencyMs: 30_000 } });
    const fast = await localBedrock();
    const dir = tempDir();
    const spec = `sqlite:${join(dir, "threads.db")}`;
    const holder = worker({ spec, server: slow, thread: "t1", label: "30", count: 1, waitMs: 0 });
    await until(() => slow.requests.all().length > 0, "the holder's model call");
    const store = await createCheckpointer(spec);
    try {
      const agent = createAgent({ model: localModel(fast), tools: builtinTools, checkpointer: store.saver });
      await expect(agent.invoke("What is 2 plus 2?", { threadId: "t1" })).rejects.toThrow(
        new RegExp(`^thread t1 is busy in another process \\(pid ${holder.child.pid}\\): nothing was added`),
      );
      holder.child.kill("SIGKILL");
      await holder.exited;
      const started = performance.now();
      // The killed run's question is still on the thread: finish it, then ask.
      const resumed = await agent.invoke(null, { threadId: "t1" });
      expect(performance.now() - started).toBeLessThan(3_000); // the dead process's claim is taken over at once
      expect(resumed.answer).toContain("32");
      expect((await agent.invoke("What is 2 plus 2?", { threadId: "t1" })).answer).toContain("4");
      const humans = (await thread(spec, "t1")).filter(([type]) => type === "human").map(([, text]) => text);
      expect(humans).toEqual(["What is 31 plus 1?", "What is 2 plus 2?"]);
    } finally {
      holder.child.kill("SIGKILL");
      await store.close();
    }
    // The thread file and its folder are private.
    expect(statSync(join(dir, "threads.db")).mode & 0o777).toBe(0o600);
  }, 60_000);
});

describe("one run per thread at a time, PostgreSQL", () => {
  let pg: Awaited<ReturnType<typeof testPostgres>>;
  beforeAll(async () => {
    pg = await testPostgres();
  }, 60_000);
  afterAll(() => pg?.stop());

  it("two processes on one thread: every question answered, nothing lost", async () => {
    const server = await localBedrock({ faults: { latencyMs: 60 } });
    await twoProcesses(await freshDatabase(pg.url, "glassbox_lock_two"), server);
  }, 60_000);

  it("a run on a thread another process holds fails at once; the advisory lock dies with the process", async () => {
    const slow = await localBedrock({ faults: { latencyMs: 30_000 } });
    const fast = await localBedrock();
    const spec = await freshDatabase(pg.url, "glassbox_lock_kill");
    const holder = worker({ spec, server: slow, thread: "t1", label: "30", count: 1, waitMs: 0 });
    await until(() => slow.requests.all().length > 0, "the holder's model call");
    const store = await createCheckpointer(spec);
    try {
      const agent = createAgent({ model: localModel(fast), tools: builtinTools, checkpointer: store.saver });
      await expect(agent.invoke("What is 2 plus 2?", { threadId: "t1" })).rejects.toThrow(
        /^thread t1 is busy in another process: nothing was added to it/,
      );
      holder.child.kill("SIGKILL");
      await holder.exited;
      const resumed = await agent.invoke(null, { threadId: "t1", threadBusyWaitMs: 5_000 });
      expect(resumed.answer).toContain("32");
      expect((await agent.invoke("What is 2 plus 2?", { threadId: "t1" })).answer).toContain("4");
    } finally {
      holder.child.kill("SIGKILL");
      await store.close();
    }
  }, 60_000);
});
