import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/index.ts";
import {
  type Checkpointer,
  createCheckpointer,
  DatabaseError,
  parseCheckpointerSpec,
  threadCheckpoint,
  threadHistory,
} from "../../src/threads/index.ts";
import { withApproval } from "../../src/tools/index.ts";
import { calculator, convertUnits } from "../../tools/index.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { freshDatabase, testPostgres } from "../helpers/postgres.ts";

const dir = mkdtempSync(join(tmpdir(), "glassbox-threads-"));

async function agentOn(checkpointer: Checkpointer, tools = [calculator, convertUnits]) {
  const server = await localBedrock();
  return createAgent({ model: localModel(server), tools, checkpointer: checkpointer.saver });
}

describe("checkpointer specs", () => {
  it("parses memory, sqlite:<path> and postgres URLs", () => {
    expect(parseCheckpointerSpec("memory")).toEqual({ kind: "memory" });
    expect(parseCheckpointerSpec("sqlite:.glassbox/threads.db")).toEqual({
      kind: "sqlite",
      path: ".glassbox/threads.db",
    });
    expect(parseCheckpointerSpec("postgresql://app@db:5432/agents")).toEqual({
      kind: "postgres",
      url: "postgresql://app@db:5432/agents",
    });
  });

  it("names the field and the accepted forms for anything else", () => {
    expect(() => parseCheckpointerSpec("redis://x", "--checkpointer")).toThrow(
      /--checkpointer: expected "memory", "sqlite:<path>" or a postgres:\/\/.* URL/,
    );
  });
});

describe("SQLite threads", () => {
  it("continue a conversation after the process's agent and file handle are gone", async () => {
    const spec = `sqlite:${join(dir, "nested", "threads.db")}`;
    const first = await createCheckpointer(spec);
    const before = await (await agentOn(first)).invoke("What is 6 times 7?", { threadId: "t-1" });
    expect(before.answer).toContain("42");
    await first.close();

    const second = await createCheckpointer(spec);
    const after = await (await agentOn(second)).invoke("How many miles is 10 km?", { threadId: "t-1" });
    expect(after.answer).toContain("6.21");
    const humans = after.messages.filter((message) => message.getType() === "human");
    expect(humans.map((message) => message.content)).toEqual([
      "What is 6 times 7?",
      "How many miles is 10 km?",
    ]);
    await second.close();
  });

  it("lists a thread's checkpoints, shows one, and forks the conversation from an earlier one", async () => {
    const saver = await createCheckpointer(`sqlite:${join(dir, "history.db")}`);
    const agent = await agentOn(saver);
    await agent.invoke("What is 6 times 7?", { threadId: "h-1" });
    await agent.invoke("What is 2 plus 2?", { threadId: "h-1" });
    const history = await threadHistory(agent.graph, "h-1");
    expect(history[0]?.next).toEqual([]);
    expect(history.map((entry) => entry.source)).toContain("input");
    // Each checkpoint names its parent: the history is a chain back to the first input.
    expect(history.at(-1)?.parentCheckpointId).toBeUndefined();
    expect(history[0]?.parentCheckpointId).toBe(history[1]?.checkpointId);

    // The checkpoint after the first answer: fork there and ask something else.
    const firstAnswer = history.find((entry) => entry.messages === 4 && entry.next.length === 0);
    expect(firstAnswer?.last).toMatch(/^ai: .*42/);
    const shown = await threadCheckpoint(agent.graph, "h-1", firstAnswer?.checkpointId ?? "");
    expect((shown?.values as { messages?: unknown[] } | undefined)?.messages).toHaveLength(4);
    expect(await threadCheckpoint(agent.graph, "h-1", "no-such-checkpoint")).toBeUndefined();

    const forked = await agent.invoke("What is 10 minus 3?", {
      threadId: "h-1",
      checkpointId: firstAnswer?.checkpointId,
    });
    expect(forked.answer).toContain("7");
    const humans = forked.messages.filter((message) => message.getType() === "human").map((m) => m.content);
    expect(humans).toEqual(["What is 6 times 7?", "What is 10 minus 3?"]);
    const after = await threadHistory(agent.graph, "h-1");
    expect(after.length).toBeGreaterThan(history.length);
    await saver.close();
  });
});

describe("PostgreSQL threads", () => {
  let server: Awaited<ReturnType<typeof testPostgres>>;
  let url: string;
  beforeAll(async () => {
    server = await testPostgres();
    url = await freshDatabase(server.url, "glassbox_threads_test");
  }, 60_000);
  afterAll(() => server?.stop());

  it("lets a second worker resume a run the first one paused, and continue the thread", async () => {
    const workerA = await createCheckpointer(url);
    const workerB = await createCheckpointer(url);
    const tools = [withApproval(calculator), convertUnits];
    try {
      const a = await agentOn(workerA, tools);
      const b = await agentOn(workerB, tools);
      const paused = await a.invoke("What is 6 times 7?", { threadId: "shared-1" });
      expect(paused.outcome).toBe("interrupted");
      const id = paused.paused?.calls[0]?.id ?? "";
      const done = await b.invoke(
        { resume: { decisions: { [id]: { type: "approve" } } } },
        { threadId: "shared-1" },
      );
      expect(done.answer).toContain("42");
      const next = await a.invoke("How many miles is 10 km?", { threadId: "shared-1" });
      expect(next.messages.filter((message) => message.getType() === "human")).toHaveLength(2);
      const history = await threadHistory(b.graph, "shared-1");
      expect(history.length).toBeGreaterThan(6);
    } finally {
      await workerA.close();
      await workerB.close();
    }
  });
});

describe("thread store errors name the database", () => {
  it("PostgreSQL with nothing listening: DatabaseError naming the server (never its password), not Bedrock", async () => {
    const error = await createCheckpointer("postgres://app:s3cret@127.0.0.1:9/threads").catch(
      (caught: unknown) => caught,
    );
    expect(DatabaseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^cannot reach the PostgreSQL thread store at postgres:\/\/app:\*\*\*@127\.0\.0\.1:9\/threads \(ECONNREFUSED\): is the server running\?/,
    );
    const cli = await runCli(
      ["chat", "--checkpointer", "postgres://app:s3cret@127.0.0.1:9/threads", "--local"],
      {
        lines: ["What is 2+2?"],
      },
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/PostgreSQL thread store at postgres:\/\/app:\*\*\*@127\.0\.0\.1:9\/threads/);
    expect(cli.stderr).not.toMatch(/Bedrock endpoint|s3cret/);
  });

  it("SQLite at a path that cannot be a file: DatabaseError naming the path", async () => {
    const dir = tempDir();
    await expect(createCheckpointer(`sqlite:${dir}`)).rejects.toThrow(
      new RegExp(`^cannot open the SQLite thread store ${dir} \\(`),
    );
  });
});
