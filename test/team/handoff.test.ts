import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { MemorySaver } from "@langchain/langgraph";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createHandoffDesk } from "../../graphs/team.ts";
import {
  type AgentEvent,
  ConfigError,
  createHandoffTeam,
  defineTool,
  handoffHistory,
  setupTelemetry,
  type Telemetry,
} from "../../src/index.ts";
import { ATTR } from "../../src/telemetry/attributes.ts";
import { untilCancelledTool } from "../helpers/cancellable-tool.ts";
import { sampleCorpusKnowledgeBase } from "../helpers/knowledge-base.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { outline, spansOfServerRun, spanTree } from "../helpers/span-tree.ts";

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

describe("handoff teams", () => {
  it("the front desk hands the conversation to the specialist its description fits; spans show who did what", async () => {
    const server = await localBedrock();
    telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const desk = createHandoffDesk({
      knowledgeBase: await sampleCorpusKnowledgeBase(),
      model: localModel(server),
      telemetry,
    });
    const result = await desk.invoke("What is 6 times 7?");
    expect(result.outcome).toBe("answered");
    expect(result.answer).toContain("6 times 7 = 42");
    expect(
      result.steps.map((step) => `${step.agent}:${step.kind}${"tool" in step ? `:${step.tool}` : ""}`),
    ).toEqual([
      "front_desk:thought",
      "front_desk:action:transfer_to_calculator",
      "front_desk:observation:transfer_to_calculator",
      "calculator:thought",
      "calculator:action:calculator",
      "calculator:observation:calculator",
      "calculator:thought",
    ]);
    expect(outline(spanTree(telemetry.memory?.getFinishedSpans() ?? []), /^chat /)).toEqual([
      "invoke_agent handoff_desk",
      "  invoke_agent front_desk",
      "    execute_tool transfer_to_calculator",
      "  invoke_agent calculator",
      "    execute_tool calculator",
    ]);
  });

  it("has the same span tree when its graph is run as the LangGraph server runs it (Studio)", async () => {
    const server = await localBedrock();
    telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const desk = createHandoffDesk({
      knowledgeBase: await sampleCorpusKnowledgeBase(),
      model: localModel(server),
      telemetry,
      checkpointer: new MemorySaver(),
    });
    const spans = await spansOfServerRun(desk.graph, telemetry.memory, {
      question: "What is 6 times 7?",
      threadId: "studio-desk-1",
      root: "handoff_desk",
    });
    expect(outline(spanTree(spans), /^chat /)).toEqual([
      "invoke_agent handoff_desk",
      "  invoke_agent front_desk",
      "    execute_tool transfer_to_calculator",
      "  invoke_agent calculator",
      "    execute_tool calculator",
    ]);
    const root = spans.find((span) => span.name === "invoke_agent handoff_desk");
    expect(root?.attributes[ATTR.runOutcome]).toBe("answered");
  });

  it("keeps the conversation with the last agent on a thread, and hands it on again when asked", async () => {
    const server = await localBedrock();
    const desk = createHandoffDesk({
      knowledgeBase: await sampleCorpusKnowledgeBase(),
      model: localModel(server),
      checkpointer: new MemorySaver(),
    });
    const first = await desk.invoke("What is 6 times 7?", { threadId: "desk-1" });
    expect(first.answer).toContain("42");
    const second = await desk.invoke("What is 144 divided by 12?", { threadId: "desk-1" });
    expect(second.steps[0]?.agent).toBe("calculator");
    expect(second.answer).toContain("= 12");
    const third = await desk.invoke("How do part-time employees accrue vacation under the policy?", {
      threadId: "desk-1",
    });
    expect(third.steps.map((step) => step.agent)).toContain("policies");
    expect(third.steps[1]).toMatchObject({ agent: "calculator", tool: "transfer_to_policies" });
    expect(third.answer).toMatch(/in proportion to their contracted hours/);
    expect(third.citations?.length).toBeGreaterThan(0);
    // The team's transcript keeps every turn; each agent was sent only the text of earlier turns.
    expect(third.messages.filter((message) => message.getType() === "human")).toHaveLength(3);
  });

  it("streams the members' events tagged with their agent", async () => {
    const server = await localBedrock();
    const desk = createHandoffDesk({
      knowledgeBase: await sampleCorpusKnowledgeBase(),
      model: localModel(server),
    });
    const events: AgentEvent[] = [];
    for await (const event of desk.stream("What is 6 times 7?")) events.push(event);
    const agents = events.flatMap((event) =>
      "step" in event && typeof event.step === "object" ? [`${event.step.agent}:${event.type}`] : [],
    );
    expect(agents).toContain("front_desk:action");
    expect(agents).toContain("calculator:observation");
    expect(events.at(-1)).toMatchObject({ type: "done", result: { outcome: "answered" } });
  });

  it("cancels the team's run when the consumer stops reading its stream", async () => {
    const watcher = untilCancelledTool("watcher");
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "transfer_to_clerk", input: {}, toolUseId: "h1" }] },
        { toolUse: [{ name: "watcher", input: {}, toolUseId: "w1" }] },
        { text: "never" },
      ],
    });
    telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const team = createHandoffTeam({
      name: "desk_team",
      members: [
        { name: "desk", description: "Front desk" },
        { name: "clerk", description: "Watches things", tools: [watcher.tool] },
      ],
      model: localModel(server),
      telemetry,
    });
    for await (const event of team.stream("Watch it"))
      if (event.type === "action" && event.step.tool === "watcher") break;
    await expect.poll(watcher.aborted).toBe(true);
    expect(server.requests.all("ConverseStream")).toHaveLength(2);
    const root = telemetry.memory?.getFinishedSpans().find((span) => span.name === "invoke_agent desk_team");
    expect(root?.attributes[ATTR.runOutcome]).toBe("cancelled");
  });

  it("shares the team's step limit across members", async () => {
    const server = await localBedrock();
    const desk = createHandoffDesk({
      knowledgeBase: await sampleCorpusKnowledgeBase(),
      model: localModel(server),
      limits: { maxSteps: 2 },
    });
    const result = await desk.invoke("What is 6 times 7?");
    expect(result.outcome).toBe("step_limit");
    expect(result.outcomeDetail).toMatch(/team's shared step budget is spent \(1 steps left/);
    expect(result.steps.filter((step) => step.kind === "thought")).toHaveLength(2);
  });

  it("rejects a team that cannot work, naming the field", () => {
    const member = { name: "a", description: "does a" };
    expect(() => createHandoffTeam({ members: [] })).toThrow(ConfigError);
    expect(() => createHandoffTeam({ members: [member, member] })).toThrow(
      /members.1.name: "a" is used twice/,
    );
    expect(() => createHandoffTeam({ members: [{ ...member, handoffs: ["b"] }] })).toThrow(
      /members.0.handoffs: "b" is not another member/,
    );
    expect(() => createHandoffTeam({ members: [{ name: "a", description: " " }] })).toThrow(/description/);
  });
});

describe("handoffHistory", () => {
  it("keeps users' and agents' text, drops other agents' tool traffic, joins same-role turns, ends on the question", () => {
    const history = handoffHistory([
      new HumanMessage("Hi"),
      new AIMessage({
        content: "Let me route you.",
        tool_calls: [{ id: "t1", name: "transfer_to_x", args: {} }],
      }),
      new ToolMessage({ content: "Handing over", tool_call_id: "t1" }),
      new AIMessage("x here: the answer is 4."),
      new HumanMessage("And 5 + 5?"),
      new HumanMessage("Quickly please."),
      new AIMessage({ content: "", tool_calls: [{ id: "t2", name: "transfer_to_y", args: {} }] }),
      new ToolMessage({ content: "Handing over", tool_call_id: "t2" }),
    ]);
    expect(history.map((message) => [message.getType(), message.content])).toEqual([
      ["human", "Hi"],
      ["ai", "Let me route you.\n\nx here: the answer is 4."],
      ["human", "And 5 + 5?\n\nQuickly please."],
    ]);
  });
});

describe("a handoff team on a checkpointer", () => {
  it("resumes a run stopped inside a member from that member's last checkpoint", async () => {
    let recorded = 0;
    let first = true;
    const record = defineTool({
      name: "record",
      description: "Record it",
      input: z.object({}),
      run: () => {
        recorded++;
        return "recorded";
      },
    });
    const slow = defineTool({
      name: "slow",
      description: "Slow check",
      input: z.object({}),
      run: (_input, { signal }) =>
        first
          ? new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("stopped"))))
          : "checked",
    });
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "transfer_to_clerk", input: {}, toolUseId: "h1" }] },
        {
          toolUse: [
            { name: "record", input: {}, toolUseId: "r1" },
            { name: "slow", input: {}, toolUseId: "s1" },
          ],
        },
        { text: "Recorded and checked." },
      ],
    });
    const team = createHandoffTeam({
      members: [
        { name: "desk", description: "Front desk" },
        { name: "clerk", description: "Records things", tools: [record, slow] },
      ],
      model: localModel(server),
      checkpointer: new MemorySaver(),
    });
    const controller = new AbortController();
    const stopped = team.invoke("Record it", { threadId: "t-stop", signal: controller.signal });
    await expect.poll(() => recorded).toBe(1);
    controller.abort(new Error("operator stopped the run"));
    await expect(stopped).rejects.toThrow();
    first = false;
    const result = await team.invoke(null, { threadId: "t-stop" });
    expect(result.outcome).toBe("answered");
    expect(result.answer).toBe("Recorded and checked.");
    expect(recorded).toBe(1);
    expect(server.requests.all("ConverseStream")).toHaveLength(3);
  });
});
