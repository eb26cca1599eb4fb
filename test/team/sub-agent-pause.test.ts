import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type Agent,
  createAgent,
  createHandoffTeam,
  createSupervisor,
  defineTool,
  setupTelemetry,
  type Telemetry,
} from "../../src/index.ts";
import type { LocalBedrockOptions } from "../../src/local/index.ts";
import { ATTR } from "../../src/telemetry/attributes.ts";
import { asClientTool, withApproval } from "../../src/tools/index.ts";
import { convertUnits } from "../../tools/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

/** A supervisor whose `payments` specialist refunds only with a person's approval. */
async function refundDesk(script: LocalBedrockOptions["script"], telemetry?: Telemetry) {
  const server = await localBedrock({ script });
  const refunded: number[] = [];
  const refund = withApproval(
    defineTool({
      name: "refund",
      description: "Refund an order",
      input: z.object({ order: z.number() }),
      run: ({ order }) => {
        refunded.push(order);
        return `refunded order ${order}`;
      },
    }),
  );
  const payments = createAgent({
    name: "payments",
    description: "Refunds and payments",
    model: localModel(server),
    tools: [refund],
    ...(telemetry ? { telemetry } : {}),
  });
  const desk: Agent = createSupervisor({
    specialists: [payments],
    model: localModel(server),
    ...(telemetry ? { telemetry } : {}),
  });
  return { server, desk, refunded };
}

const ASK = { toolUse: [{ name: "ask_payments", input: { input: "Refund order 7" }, toolUseId: "ask-1" }] };
const REFUND = { toolUse: [{ name: "refund", input: { order: 7 }, toolUseId: "refund-1" }] };

describe("a pause inside a sub-agent", () => {
  it("pauses the caller's run with the sub-agent's call; approved, it runs once and the run goes on inside the sub-agent", async () => {
    const telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const { server, desk, refunded } = await refundDesk(
      [ASK, REFUND, { text: "Refunded order 7." }, { text: "Payments refunded order 7." }],
      telemetry,
    );
    // The supervisor keeps a checkpointer of its own: an agent it calls can pause.
    expect(desk.pauses).toBe(true);
    expect(desk.graph.checkpointer).toBeDefined();

    const paused = await desk.invoke("Please refund order 7", { threadId: "refund-1" });
    expect(paused.outcome).toBe("interrupted");
    expect(paused.paused?.calls).toEqual([
      {
        id: "refund-1",
        name: "refund",
        args: { order: 7 },
        reason: "approval",
        description: "Refund an order",
        agent: "payments",
      },
    ]);
    expect(refunded).toEqual([]);
    const spans = telemetry.memory?.getFinishedSpans() ?? [];
    expect(spans.find((span) => span.name === "invoke_agent payments")?.attributes[ATTR.runOutcome]).toBe(
      "interrupted",
    );

    const done = await desk.invoke(
      { resume: { decisions: { "refund-1": { type: "approve" } } } },
      { threadId: "refund-1" },
    );
    expect(done.outcome).toBe("answered");
    expect(done.answer).toContain("Payments refunded order 7.");
    expect(refunded).toEqual([7]);
    // Resumed inside the sub-agent: the supervisor's and the sub-agent's first calls are not made again.
    expect(server.requests.all("ConverseStream")).toHaveLength(4);
    expect(
      done.steps.map(
        (step) => `${step.agent ?? "supervisor"}:${step.kind}${"tool" in step ? `:${step.tool}` : ""}`,
      ),
    ).toEqual([
      "supervisor:thought",
      "supervisor:action:ask_payments",
      "payments:thought",
      "payments:action:refund",
      "payments:observation:refund",
      "payments:thought",
      "supervisor:observation:ask_payments",
      "supervisor:thought",
    ]);
    expect(done.steps.find((step) => step.kind === "action" && step.tool === "refund")).toMatchObject({
      by: "approved",
    });
    await telemetry.shutdown();
  });

  it("passes a rejection down to the sub-agent's model, and refuses a decision for a call nobody paused on", async () => {
    const { server, desk, refunded } = await refundDesk([
      ASK,
      REFUND,
      { text: "I could not refund order 7." },
      { text: "Payments could not refund order 7." },
    ]);
    await desk.invoke("Please refund order 7", { threadId: "refund-2" });
    await expect(
      desk.invoke({ resume: { decisions: { "ask-1": { type: "approve" } } } }, { threadId: "refund-2" }),
    ).rejects.toThrow(/resume.decisions.ask-1: no paused call has this id; paused: refund-1/);
    const done = await desk.invoke(
      { resume: { decisions: { "refund-1": { type: "reject", reason: "refunds need a receipt" } } } },
      { threadId: "refund-2" },
    );
    expect(done.outcome).toBe("answered");
    expect(refunded).toEqual([]);
    const bodies = server.requests.all("ConverseStream").map((entry) => JSON.stringify(entry.body));
    expect(bodies[2]).toContain("refunds need a receipt");
  });

  it("returns control to the caller for a client tool of a sub-agent", async () => {
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "ask_units", input: { input: "10 km in miles" }, toolUseId: "ask-u" }] },
        {
          toolUse: [
            { name: "convert_units", input: { value: 10, from: "km", to: "mi" }, toolUseId: "conv-1" },
          ],
        },
        { text: "10 km is 6.2137 miles." },
        { text: "Units says 10 km is 6.2137 miles." },
      ],
    });
    const units = createAgent({
      name: "units",
      description: "Converts units",
      model: localModel(server),
      tools: [asClientTool(convertUnits)],
    });
    const desk = createSupervisor({ specialists: [units], model: localModel(server) });
    const paused = await desk.invoke("How many miles is 10 km?", { threadId: "units-1" });
    expect(paused.paused?.calls).toMatchObject([{ id: "conv-1", reason: "client", agent: "units" }]);
    const done = await desk.invoke(
      { resume: { decisions: { "conv-1": { type: "result", content: { result: 6.2137 } } } } },
      { threadId: "units-1" },
    );
    expect(done.answer).toContain("6.2137");
    expect(done.steps.find((step) => step.kind === "action" && step.tool === "convert_units")).toMatchObject({
      agent: "units",
      by: "client",
    });
  });

  it("pauses once for sub-agents called in parallel that both pause, and one resume answers both", async () => {
    const server = await localBedrock({
      script: [
        {
          toolUse: [
            { name: "ask_a", input: { input: "x" }, toolUseId: "ask-a" },
            { name: "ask_b", input: { input: "y" }, toolUseId: "ask-b" },
          ],
        },
        { toolUse: [{ name: "task_a", input: {}, toolUseId: "a-1" }] },
        { toolUse: [{ name: "task_b", input: {}, toolUseId: "b-1" }] },
        { text: "A done." },
        { text: "B done." },
        { text: "Both done." },
      ],
    });
    const ran: string[] = [];
    const specialist = (name: string) =>
      createAgent({
        name,
        description: `Agent ${name}`,
        model: localModel(server),
        tools: [
          withApproval(
            defineTool({
              name: `task_${name}`,
              description: `Task of ${name}`,
              input: z.object({}),
              run: () => {
                ran.push(name);
                return "ok";
              },
            }),
          ),
        ],
      });
    const desk = createSupervisor({
      specialists: [specialist("a"), specialist("b")],
      model: localModel(server),
    });
    let result = await desk.invoke("Do both", { threadId: "parallel-1" });
    const pauses: string[][] = [];
    while (result.outcome === "interrupted" && pauses.length < 3) {
      const calls = result.paused?.calls ?? [];
      pauses.push(calls.map((call) => `${call.agent}:${call.id}`));
      const decisions = Object.fromEntries(calls.map((call) => [call.id, { type: "approve" as const }]));
      result = await desk.invoke({ resume: { decisions } }, { threadId: "parallel-1" });
    }
    expect(pauses).toEqual([["a:a-1", "b:b-1"]]);
    expect(result.answer).toContain("Both done.");
    expect(ran).toEqual(["a", "b"]);
    expect(server.requests.all("ConverseStream")).toHaveLength(6);
  });

  it("pauses a handoff team with its member's call and resumes inside that member; resuming needs the thread", async () => {
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "transfer_to_clerk", input: {}, toolUseId: "hand-1" }] },
        { toolUse: [{ name: "record", input: {}, toolUseId: "rec-1" }] },
        { text: "Recorded." },
      ],
    });
    const recorded: string[] = [];
    const record = withApproval(
      defineTool({
        name: "record",
        description: "Record it",
        input: z.object({}),
        run: () => {
          recorded.push("record");
          return "ok";
        },
      }),
    );
    const team = createHandoffTeam({
      members: [
        { name: "desk", description: "Front desk" },
        { name: "clerk", description: "Records things", tools: [record] },
      ],
      model: localModel(server),
    });
    expect(team.pauses).toBe(true);
    expect(team.graph.checkpointer).toBeDefined();
    const paused = await team.invoke("Record it", { threadId: "team-1" });
    expect(paused.outcome).toBe("interrupted");
    expect(paused.paused?.calls).toMatchObject([{ id: "rec-1", name: "record", agent: "clerk" }]);
    await expect(team.invoke({ resume: { decisions: { "rec-1": { type: "approve" } } } })).rejects.toThrow(
      /resuming a team run needs its checkpointer and the threadId of the run/,
    );
    const done = await team.invoke(
      { resume: { decisions: { "rec-1": { type: "approve" } } } },
      { threadId: "team-1" },
    );
    expect(done.outcome).toBe("answered");
    expect(done.answer).toBe("Recorded.");
    expect(recorded).toEqual(["record"]);
    expect(server.requests.all("ConverseStream")).toHaveLength(3);
  });
});
