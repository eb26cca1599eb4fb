import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolAgent } from "../../graphs/tool-agent.ts";
import { studioCommand } from "../../src/cli/commands/studio.ts";
import type { RunEvent, RunInfo } from "../../src/studio/shared/api-types.ts";
import type { DrivableGraph } from "../../src/studio/studio-graph.ts";
import { startStudioServer } from "../../src/studio/studio-server.ts";
import { checkpointIds } from "../../src/studio/thread-store.ts";
import { testModel } from "../../src/testing/index.ts";
import { createCheckpointer } from "../../src/threads/checkpointer.ts";
import { settled, startTestStudio, studioApi, type TestStudio } from "../helpers/studio.ts";
import { tempDirKept } from "../helpers/temp.ts";

let dir: string;
let env: TestStudio;

beforeAll(async () => {
  dir = tempDirKept("glassbox-studio-api-");
  env = await startTestStudio(dir, { only: ["approval_agent", "react_agent"] });
}, 60_000);
afterAll(async () => {
  await env?.close();
});

const api = () => studioApi(env.studio.url);
const post = (path: string, body: unknown) => api().post(path, body);
const get = <T>(path: string) => api().get<T>(path);
const readEvents = (path: string, until: (event: RunEvent) => boolean) => api().readEvents(path, until);

describe("Studio API", () => {
  it("checks an edited call against the tool's schema before resuming; the run stays paused for a valid one", async () => {
    const started = await post("runs", { graphId: "approval_agent", message: "What is 6 * 7?" });
    const run = started.body as unknown as RunInfo;
    const first = await readEvents(`runs/${run.id}/events`, settled);
    const paused = first.at(-1) as Extract<RunEvent, { type: "paused" }>;
    expect(paused).toMatchObject({
      type: "paused",
      next: ["review_tools"],
      calls: [{ name: "calculator", reason: "approval" }],
    });
    const id = paused.calls[0]?.id as string;
    const bad = await post(`runs/${run.id}/resume`, {
      action: "decide",
      decisions: { [id]: { type: "edit", args: { expression: 42 } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(new RegExp(`decisions\\.${id}\\.args\\.expression: .*expected string`));
    expect(bad.body.code).toBe("STUDIO_REQUEST_INVALID");
    const unknown = await post(`runs/${run.id}/resume`, {
      action: "decide",
      decisions: { nope: { type: "approve" } },
    });
    expect(unknown.body.error).toMatch(/no paused call has this id/);
    expect((await get<RunInfo>(`runs/${run.id}`)).status).toBe("paused");
    const ok = await post(`runs/${run.id}/resume`, {
      action: "decide",
      decisions: { [id]: { type: "reject", reason: "not today" } },
    });
    expect(ok.status).toBe(200);
    const all = await readEvents(
      `runs/${run.id}/events`,
      (event) => event.type === "done" || event.type === "error",
    );
    expect(all.find((event) => event.type === "action")).toMatchObject({
      step: { by: "rejected", tool: "calculator" },
    });
    expect(all.at(-1)).toMatchObject({ type: "done", outcome: "answered" });
  });

  it("returns control for a client tool: the run waits for the caller's result and answers with it", async () => {
    const run = (await post("runs", { graphId: "approval_agent", message: "How many miles is 10 km?" }))
      .body as unknown as RunInfo;
    const paused = (await readEvents(`runs/${run.id}/events`, settled)).at(-1) as Extract<
      RunEvent,
      { type: "paused" }
    >;
    expect(paused.calls).toEqual([expect.objectContaining({ name: "convert_units", reason: "client" })]);
    const id = paused.calls[0]?.id as string;
    const stepping = await post(`runs/${run.id}/resume`, { action: "continue" });
    expect(stepping.body.error).toMatch(/waits for decisions on convert_units/);
    const approve = await post(`runs/${run.id}/resume`, {
      action: "decide",
      decisions: { [id]: { type: "approve" } },
    });
    expect(approve.body.error).toMatch(
      /"approve" does not fit a call paused for client; expected result or reject/,
    );
    await post(`runs/${run.id}/resume`, {
      action: "decide",
      decisions: { [id]: { type: "result", content: { result: 6.2137 } } },
    });
    const events = await readEvents(
      `runs/${run.id}/events`,
      (event) => event.type === "done" || event.type === "error",
    );
    expect(events.find((event) => event.type === "action")).toMatchObject({
      step: { by: "client", tool: "convert_units" },
    });
    expect(events.at(-1)).toMatchObject({ type: "done", answer: expect.stringContaining("6.2137") });
  });

  it("refuses fork points that are not, writes nothing for them, and leaves no debris when a fork's run fails", async () => {
    const run = (await post("runs", { graphId: "react_agent", message: "What is 2 + 3?" }))
      .body as unknown as RunInfo;
    await readEvents(`runs/${run.id}/events`, settled);
    const history = await get<Array<{ checkpointId: string; next: string[]; source: string }>>(
      `threads/${run.threadId}/checkpoints?graph=react_agent`,
    );
    const before = await checkpointIds(env.store.saver, run.threadId);
    const input = history.find((entry) => entry.source === "input")?.checkpointId;
    const midRun = history.find((entry) => entry.next.includes("act"))?.checkpointId;
    const end = history.find((entry) => entry.next.length === 0)?.checkpointId;
    const fork = (body: Record<string, unknown>) =>
      post(`threads/${run.threadId}/fork`, { graphId: "react_agent", ...body });
    expect((await fork({ checkpointId: "no-such-checkpoint" })).status).toBe(404);
    expect((await fork({ checkpointId: input })).body.error).toMatch(/input checkpoint is no fork point/);
    expect((await fork({ checkpointId: midRun, message: "And 4 + 4?" })).body.error).toMatch(
      /is mid-run \(next: act\)/,
    );
    expect((await fork({ checkpointId: end })).body.error).toMatch(/needs a message/);
    expect(await checkpointIds(env.store.saver, run.threadId)).toEqual(before);

    // A fork whose model calls fail (a Studio whose graph points at a closed port, on the same store):
    // the checkpoints it wrote are removed again.
    const dead = createToolAgent({
      name: "react_agent",
      model: testModel({ url: "http://127.0.0.1:9" }, { retry: { maxAttempts: 1 } }),
      checkpointer: env.store.saver,
    });
    const broken = await startStudioServer({
      graphs: [{ id: "react_agent", graph: dead.graph as unknown as DrivableGraph }],
      saver: env.store.saver,
    });
    try {
      const response = await fetch(`${broken.url}/api/threads/${run.threadId}/fork`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: broken.url },
        body: JSON.stringify({ graphId: "react_agent", checkpointId: end, message: "What is 9 * 9?" }),
      });
      const failing = (await response.json()) as RunInfo;
      await broken.runs.settled(failing.id);
      expect(broken.runs.info(failing.id).status).toBe("error");
      expect(await checkpointIds(env.store.saver, run.threadId)).toEqual(before);
    } finally {
      await broken.close();
    }
  });

  it("follows a thread that another process runs on the same store, step by step", async () => {
    const threadId = "elsewhere-1";
    const watching = readEvents(
      `threads/${threadId}/watch?graph=react_agent`,
      (event) => event.type === "done",
    );
    // Another agent with its own connection to the same SQLite file (as `glassbox chat` would).
    const other = await createCheckpointer(`sqlite:${join(dir, "threads.db")}`);
    try {
      const agent = createToolAgent({ model: testModel(env.local), checkpointer: other.saver });
      await agent.invoke("What is 10 * 10?", { threadId });
    } finally {
      await other.close();
    }
    const events = await watching;
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["input", "thought", "action", "observation", "done"]),
    );
    expect(events.at(-1)).toMatchObject({ type: "done", answer: expect.stringContaining("100") });
    const threads = await get<Array<{ threadId: string }>>("threads");
    expect(threads.map((thread) => thread.threadId)).toContain(threadId);
  });

  it("glassbox studio --trace-file refuses a file that is not OTLP/JSON, naming the line", async () => {
    const { writeFileSync } = await import("node:fs");
    const file = join(dir, "bad.jsonl");
    writeFileSync(file, '{"resourceSpans": []}\nnot json\n');
    const io = { stdout: () => {}, stderr: () => {}, env: {} };
    await expect(studioCommand(["--trace-file", file, "--no-langgraph"], io)).rejects.toThrow(
      new RegExp(`--trace-file ${file}: line 2: not JSON`),
    );
  });
});
