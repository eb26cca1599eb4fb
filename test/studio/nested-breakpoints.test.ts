import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEvent, RunInfo } from "../../src/studio/shared/api-types.ts";
import { settled, startTestStudio, studioApi, type TestStudio } from "../helpers/studio.ts";
import { tempDirKept } from "../helpers/temp.ts";

let env: TestStudio;
beforeAll(async () => {
  env = await startTestStudio(tempDirKept("glassbox-studio-nested-"), { only: ["triage_team"] });
}, 60_000);
afterAll(async () => {
  await env?.close();
});

describe("breakpoints on a sub-agent's nodes (Studio's act:think)", () => {
  it("stops inside the specialist before its tools run, then continues to the answer", async () => {
    const api = studioApi(env.studio.url);
    const started = await api.post("runs", {
      graphId: "triage_team",
      message: "What is 6 times 7?",
      interruptBefore: ["act:act"],
    });
    expect(started.status).toBe(200);
    const run = started.body as unknown as RunInfo;
    const first = await api.readEvents(`runs/${run.id}/events`, settled);
    expect(first.at(-1)).toMatchObject({ type: "paused", next: ["act"] });
    // The specialist asked for its calculator, which has not run: no observation yet.
    const kinds = (events: RunEvent[]) =>
      events.flatMap((event) =>
        event.type === "thought" || event.type === "action" || event.type === "observation"
          ? [
              `${event.type}${"step" in event && event.step && "tool" in event.step ? `:${event.step.tool}` : ""}`,
            ]
          : [],
      );
    expect(kinds(first)).not.toContain("observation:calculator");
    expect(env.local.requests.all().length).toBeGreaterThanOrEqual(2);
    const calls = env.local.requests.all().length;

    const resumed = await api.post(`runs/${run.id}/resume`, { action: "continue" });
    expect(resumed.status).toBe(200);
    const rest = await api.readEvents(
      `runs/${run.id}/events`,
      (event) => event.type === "done" || event.type === "error",
    );
    const done = rest.at(-1) as Extract<RunEvent, { type: "done" }>;
    expect(done.type).toBe("done");
    expect(JSON.stringify(done)).toContain("42");
    expect(kinds(rest)).toContain("observation:calculator");
    // Resumed inside the specialist: its first model call was not made again (2 more: its answer, the supervisor's).
    expect(env.local.requests.all().length - calls).toBe(2);
  });

  it("refuses a breakpoint on a node the graph does not have, naming it and the nodes it has", async () => {
    const refused = await studioApi(env.studio.url).post("runs", {
      graphId: "triage_team",
      message: "What is 6 times 7?",
      interruptBefore: ["act:nothink"],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("STUDIO_REQUEST_INVALID");
    expect(refused.body.error).toBe(
      'interruptBefore.0: "act:nothink" is not a node of triage_team; its nodes: think, act, act:think, act:act',
    );
  });
});
