import { AIMessage } from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent } from "../../src/agent/index.ts";
import { parseToolReviewResponse } from "../../src/graph/tool-review.ts";
import { ATTR } from "../../src/telemetry/attributes.ts";
import { setupTelemetry } from "../../src/telemetry/index.ts";
import { pausedNodes } from "../../src/threads/history.ts";
import { asClientTool, defineClientTool, defineTool, withApproval } from "../../src/tools/index.ts";
import { calculator, convertUnits } from "../../tools/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

async function approvalAgent() {
  const server = await localBedrock();
  const ran: unknown[] = [];
  const calc = withApproval({
    ...calculator,
    run: (input: unknown, context: Parameters<typeof calculator.run>[1]) => {
      ran.push(input);
      return calculator.run(input as never, context);
    },
  });
  const agent = createAgent({ model: localModel(server), tools: [calc, asClientTool(convertUnits)] });
  return { agent, ran, server };
}

describe("human in the loop", () => {
  it("keeps a checkpointer only when some tool pauses: checkpointing every step of every run costs ~30%", () => {
    const model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    expect(createAgent({ model, tools: [calculator] }).graph.checkpointer).toBeUndefined();
    expect(createAgent({ model, tools: [calculator], extensions: {} }).graph.checkpointer).toBeUndefined();
    expect(createAgent({ model, tools: [withApproval(calculator)] }).graph.checkpointer).toBeDefined();
  });

  it("pauses before a tool that requires approval, with the pending call, and runs it once approved", async () => {
    const { agent, ran } = await approvalAgent();
    const paused = await agent.invoke("What is 6 times 7?", { threadId: "approve-1" });
    expect(paused.outcome).toBe("interrupted");
    expect(paused.paused?.next).toEqual(["review_tools"]);
    const [call] = paused.paused?.calls ?? [];
    expect(call).toMatchObject({ name: "calculator", reason: "approval" });
    expect(ran).toHaveLength(0);

    const done = await agent.invoke(
      { resume: { decisions: { [call?.id ?? ""]: { type: "approve" } } } },
      { threadId: "approve-1" },
    );
    expect(done.outcome).toBe("answered");
    expect(done.answer).toContain("42");
    expect(ran).toHaveLength(1);
    expect(done.steps.find((step) => step.kind === "action")).toMatchObject({ by: "approved" });
  });

  it("runs an edited call with the new arguments, and the history shows the edit", async () => {
    const { agent, ran } = await approvalAgent();
    const paused = await agent.invoke("What is 6 times 7?", { threadId: "edit-1" });
    const id = paused.paused?.calls[0]?.id ?? "";
    const done = await agent.invoke(
      { resume: { decisions: { [id]: { type: "edit", args: { expression: "6 * 8" } } } } },
      { threadId: "edit-1" },
    );
    expect(ran).toEqual([{ expression: "6 * 8" }]);
    expect(done.answer).toContain("48");
    const ai = done.messages.find((message) => message.getType() === "ai") as { tool_calls?: unknown[] };
    expect(ai.tool_calls).toEqual([expect.objectContaining({ id, args: { expression: "6 * 8" } })]);
  });

  it("does not run a rejected call; the model reads the reason", async () => {
    const { agent, ran, server } = await approvalAgent();
    const paused = await agent.invoke("What is 6 times 7?", { threadId: "reject-1" });
    const id = paused.paused?.calls[0]?.id ?? "";
    const done = await agent.invoke(
      { resume: { decisions: { [id]: { type: "reject", reason: "arithmetic is not allowed today" } } } },
      { threadId: "reject-1" },
    );
    expect(ran).toHaveLength(0);
    expect(done.steps.filter((step) => step.kind !== "thought")).toEqual([
      expect.objectContaining({ kind: "action", by: "rejected", toolCallId: id }),
      expect.objectContaining({ kind: "observation", status: "error" }),
    ]);
    const bodies = server.requests.all("ConverseStream").map((entry) => JSON.stringify(entry.body));
    expect(bodies.at(-1)).toContain("arithmetic is not allowed today");
  });

  it("returns control for a client tool and resumes with the client's result", async () => {
    const { agent } = await approvalAgent();
    const paused = await agent.invoke("How many miles is 10 km?", { threadId: "roc-1" });
    const [call] = paused.paused?.calls ?? [];
    expect(call).toMatchObject({ name: "convert_units", reason: "client" });
    const done = await agent.invoke(
      { resume: { decisions: { [call?.id ?? ""]: { type: "result", content: { result: 6.2137 } } } } },
      { threadId: "roc-1" },
    );
    expect(done.outcome).toBe("answered");
    expect(done.answer).toContain("6.2137");
    expect(done.steps.find((step) => step.kind === "action")).toMatchObject({ by: "client" });
  });

  it("refuses a wrong decision before resuming, and the thread stays paused for a right one", async () => {
    const { agent, ran } = await approvalAgent();
    const paused = await agent.invoke("What is 6 times 7?", { threadId: "wrong-1" });
    const id = paused.paused?.calls[0]?.id ?? "";
    await expect(
      agent.invoke(
        { resume: { decisions: { [id]: { type: "result", content: 1 } } } },
        { threadId: "wrong-1" },
      ),
    ).rejects.toThrow(/"result" does not fit a call paused for approval/);
    const done = await agent.invoke(
      { resume: { decisions: { [id]: { type: "approve" } } } },
      { threadId: "wrong-1" },
    );
    expect(done.answer).toContain("42");
    expect(ran).toHaveLength(1);
    await expect(agent.invoke({ resume: { decisions: {} } }, { threadId: "wrong-1" })).rejects.toThrow(
      /thread "wrong-1" is not paused on tool calls/,
    );
  });

  it("pauses again with the problem when a client sends a wrong resume value straight to the graph", async () => {
    const { agent, ran } = await approvalAgent();
    const paused = await agent.invoke("What is 6 times 7?", { threadId: "sdk-1" });
    const id = paused.paused?.calls[0]?.id ?? "";
    const config = { configurable: { thread_id: "sdk-1" } };
    await agent.graph.invoke(
      new Command({ resume: { decisions: { typo: { type: "approve" } } } }) as never,
      config,
    );
    const state = await agent.graph.getState(config);
    const request = state.tasks[0]?.interrupts[0]?.value as { problem?: string; calls: unknown[] };
    expect(request.problem).toMatch(/resume\.decisions\.typo: no paused call has this id/);
    expect(request.calls).toHaveLength(1);
    expect(pausedNodes(state)).toEqual(["review_tools"]);
    expect(ran).toHaveLength(0);
    const done = await agent.invoke(
      { resume: { decisions: { [id]: { type: "approve" } } } },
      { threadId: "sdk-1" },
    );
    expect(done.answer).toContain("42");
    expect(ran).toHaveLength(1);
  });

  it("sends a state edit made as think at a breakpoint after the review back through the review", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server),
      tools: [withApproval(calculator)],
      interruptBefore: ["act"],
    });
    const paused = await agent.invoke("What is 6 times 7?", { threadId: "bp-1" });
    const id = paused.paused?.calls[0]?.id ?? "";
    const atBreakpoint = await agent.invoke(
      { resume: { decisions: { [id]: { type: "approve" } } } },
      { threadId: "bp-1" },
    );
    expect(atBreakpoint.paused?.next).toEqual(["act"]);
    const config = { configurable: { thread_id: "bp-1" } };
    const ai = (await agent.graph.getState(config)).values.messages.at(-1) as AIMessage;
    const edited = new AIMessage({
      id: ai.id,
      content: ai.content,
      tool_calls: [{ ...ai.tool_calls?.[0], id, name: "calculator", args: { expression: "6 * 9" } }],
    });
    await agent.graph.updateState(config, { messages: [edited] }, "think");
    const again = await agent.invoke(null, { threadId: "bp-1" });
    expect(again.paused?.calls).toEqual([expect.objectContaining({ args: { expression: "6 * 9" } })]);
  });

  it("records each decision as an event on the resumed run's span, without the rejection's reason", async () => {
    const server = await localBedrock();
    const telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    try {
      const agent = createAgent({ model: localModel(server), tools: [withApproval(calculator)], telemetry });
      const paused = await agent.invoke("What is 6 times 7?", { threadId: "audit-1" });
      const id = paused.paused?.calls[0]?.id ?? "";
      await agent.invoke(
        { resume: { decisions: { [id]: { type: "reject", reason: "secret reason" } } } },
        { threadId: "audit-1" },
      );
      const spans = telemetry.memory?.getFinishedSpans() ?? [];
      const runs = spans.filter((span) => span.name.startsWith("invoke_agent"));
      expect(runs.map((span) => span.attributes[ATTR.runOutcome])).toEqual(["interrupted", "answered"]);
      const events = runs[1]?.events.filter((event) => event.name === "glassbox.tool_review") ?? [];
      expect(events.map((event) => event.attributes)).toEqual([
        { [ATTR.toolName]: "calculator", [ATTR.toolCallId]: id, [ATTR.reviewDecision]: "reject" },
      ]);
      expect(JSON.stringify(spans.map((span) => [span.attributes, span.events]))).not.toContain(
        "secret reason",
      );
    } finally {
      await telemetry.shutdown();
    }
  });

  it("rejects a resume value that does not fit the paused calls, naming the call", () => {
    const pending = [{ id: "t1", name: "calculator", args: {}, reason: "approval" as const }];
    expect(() => parseToolReviewResponse({ decisions: {} }, pending)).toThrow(
      /resume\.decisions\.t1: missing a decision for calculator/,
    );
    expect(() =>
      parseToolReviewResponse({ decisions: { t1: { type: "result", content: 1 } } }, pending),
    ).toThrow(/"result" does not fit a call paused for approval/);
    expect(() =>
      parseToolReviewResponse({ decisions: { t1: { type: "reject", reason: " " } } }, pending),
    ).toThrow(/resume\.decisions\.t1\.reason/);
    expect(() =>
      parseToolReviewResponse({ decisions: { t1: { type: "approve" }, t9: { type: "approve" } } }, pending),
    ).toThrow(/t9: no paused call has this id/);
  });

  it("defineClientTool makes a tool the client runs; defineTool takes requiresApproval", () => {
    const client = defineClientTool({
      name: "pick_file",
      description: "Ask the user to pick a file",
      input: z.object({}),
    });
    expect(client.executor).toBe("client");
    const guarded = defineTool({
      name: "wire_money",
      description: "Send a payment",
      input: z.object({ amount: z.number() }),
      requiresApproval: true,
      run: () => "sent",
    });
    expect(guarded.requiresApproval).toBe(true);
  });
});
