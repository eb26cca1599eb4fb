import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent } from "../../src/agent/index.ts";
import { createCheckpointer } from "../../src/threads/index.ts";
import { defineTool } from "../../src/tools/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { freshDatabase, testPostgres } from "../helpers/postgres.ts";

const visit = defineTool({
  name: "count_visit",
  description: "Count this visit in the session",
  input: z.object({}),
  run: (_input, { session }) => {
    const visits = String(Number(session?.sessionAttributes.visits ?? 0) + 1);
    session?.update({ sessionAttributes: { ...session.sessionAttributes, visits } });
    return visits;
  },
});

describe("session attributes in a PostgreSQL thread", () => {
  let server: Awaited<ReturnType<typeof testPostgres>>;
  let url: string;
  beforeAll(async () => {
    server = await testPostgres();
    url = await freshDatabase(server.url, "glassbox_session_state_test");
  }, 60_000);
  afterAll(() => server?.stop());

  it("survive a second worker picking the thread up", async () => {
    const bedrock = await localBedrock({
      script: [
        { toolUse: [{ name: "count_visit", input: {} }] },
        { text: "First visit." },
        { toolUse: [{ name: "count_visit", input: {} }] },
        { text: "Second visit." },
      ],
    });
    const workerA = await createCheckpointer(url);
    const a = createAgent({ model: localModel(bedrock), tools: [visit], checkpointer: workerA.saver });
    const first = await a.invoke("Hello", {
      threadId: "pg-session",
      sessionState: { sessionAttributes: { tenant: "acme" } },
    });
    expect(first.sessionState?.sessionAttributes).toEqual({ tenant: "acme", visits: "1" });
    await workerA.close();

    const workerB = await createCheckpointer(url);
    const b = createAgent({ model: localModel(bedrock), tools: [visit], checkpointer: workerB.saver });
    const second = await b.invoke("Hello again", { threadId: "pg-session" });
    await workerB.close();
    expect(second.sessionState?.sessionAttributes).toEqual({ tenant: "acme", visits: "2" });
    expect(second.steps.find((step) => step.kind === "observation")).toMatchObject({ content: "2" });
  });
});
