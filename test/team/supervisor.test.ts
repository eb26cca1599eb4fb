import { readFileSync } from "node:fs";
import { MemorySaver } from "@langchain/langgraph";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTriageTeam } from "../../graphs/team.ts";
import { guardrailCheckpoints, LocalGuardrail } from "../../src/guardrails/index.ts";
import {
  createAgent,
  createSupervisor,
  defineTool,
  type ObservationStep,
  setupTelemetry,
  type Telemetry,
} from "../../src/index.ts";
import { ATTR } from "../../src/telemetry/attributes.ts";
import { sampleCorpusKnowledgeBase } from "../helpers/knowledge-base.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { outline, spansOfServerRun, spanTree } from "../helpers/span-tree.ts";

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

const QUESTION = "How many vacation days do employees get and what is 15% of 2,000?";

describe("a supervisor with specialist agents", () => {
  it("routes by the specialists' descriptions, calls them in parallel, nests their spans, rolls up usage", async () => {
    const server = await localBedrock();
    telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const team = createTriageTeam({
      knowledgeBase: await sampleCorpusKnowledgeBase(),
      model: localModel(server),
      telemetry,
    });
    const result = await team.invoke(QUESTION);

    expect(result.outcome).toBe("answered");
    expect(result.answer).toContain("25 days of paid vacation");
    expect(result.answer).toContain("15% of 2,000 = 300");
    // One supervisor thought asked both specialists: the calls ran in the same act step.
    const [first] = result.steps;
    expect(first?.kind === "thought" && first.toolCalls.map((call) => call.name)).toEqual([
      "ask_policies",
      "ask_calculator",
    ]);
    expect(result.steps.map((step) => `${step.agent ?? "triage"}:${step.kind}`)).toEqual([
      "triage:thought",
      "triage:action",
      "policies:thought",
      "triage:observation",
      "triage:action",
      "calculator:thought",
      "calculator:action",
      "calculator:observation",
      "calculator:thought",
      "triage:observation",
      "triage:thought",
    ]);

    const spans = telemetry.memory?.getFinishedSpans() ?? [];
    expect(outline(spanTree(spans), /^(chat|retrieval) /)).toEqual([
      "invoke_agent triage",
      "  execute_tool ask_policies",
      "    invoke_agent policies",
      "  execute_tool ask_calculator",
      "    invoke_agent calculator",
      "      execute_tool calculator",
    ]);
    const thoughts = result.steps.filter((step) => step.kind === "thought");
    const total = thoughts.reduce((sum, step) => sum + step.usage.totalTokens, 0);
    expect(result.usage.totalTokens).toBe(total);
    const root = spans.find((span) => span.name === "invoke_agent triage");
    const sub = spans.find((span) => span.name === "invoke_agent calculator");
    expect(Number(root?.attributes[ATTR.usageOutputTokens])).toBe(result.usage.outputTokens);
    expect(Number(root?.attributes[ATTR.usageOutputTokens])).toBeGreaterThan(
      Number(sub?.attributes[ATTR.usageOutputTokens]),
    );
    expect(result.costUsd).toBeGreaterThan(0);
  });

  it("shares limits across the team: a specialist gets only what the supervisor has left", async () => {
    const server = await localBedrock();
    const kb = await sampleCorpusKnowledgeBase();
    const tight = createTriageTeam({ knowledgeBase: kb, model: localModel(server), limits: { maxSteps: 2 } });
    const result = await tight.invoke(QUESTION);
    expect(result.outcome).toBe("step_limit");
    expect(result.outcomeDetail).toMatch(/stopped after 2 steps/);
    // The two specialists run at once on the one step the supervisor has left: whichever asks first
    // takes it, the other is refused by the shared ledger (unshared, each would get that step).
    const specialists = result.steps.filter(
      (step): step is ObservationStep =>
        step.kind === "observation" && (step.tool === "ask_calculator" || step.tool === "ask_policies"),
    );
    expect(specialists).toHaveLength(2);
    const refused = specialists.filter((step) =>
      /the team's shared step budget is spent \(agents running at the same time spent it\)/.test(
        step.content,
      ),
    );
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ status: "error" });
    // Two model calls in all (the supervisor's and one specialist's), within the team's maxSteps of 2.
    expect(result.steps.filter((step) => step.kind === "thought")).toHaveLength(2);

    const roomy = createTriageTeam({ knowledgeBase: kb, model: localModel(server), limits: { maxSteps: 6 } });
    expect((await roomy.invoke(QUESTION)).outcome).toBe("answered");

    const budget = createTriageTeam({
      knowledgeBase: kb,
      model: localModel(server),
      limits: { maxCostUsd: 0.0001 },
    });
    const costly = await budget.invoke(QUESTION);
    expect(costly.outcome).toBe("cost_budget");
    expect(costly.outcomeDetail).toMatch(/of a \$0.0001 budget/);
  });

  it("checks a sub-agent's answer at the caller's tool-result checkpoint", async () => {
    const config = JSON.parse(
      readFileSync(new URL("../../graphs/guardrails/default.json", import.meta.url), "utf8"),
    );
    const guardrail = new LocalGuardrail(config, { id: "gr-team", version: "1" });
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "ask_crm", input: { input: "Find Jane's record" }, toolUseId: "s1" }] },
        { toolUse: [{ name: "lookup", input: {}, toolUseId: "c1" }] },
        { text: "Jane's SSN is 536-22-1234." },
        { text: "never sent" },
      ],
    });
    const lookup = defineTool({
      name: "lookup",
      description: "Customer records",
      input: z.object({}),
      run: () => "Jane Roe, SSN 536-22-1234",
    });
    const crm = createAgent({
      name: "crm",
      description: "Customer records",
      model: localModel(server),
      tools: [lookup],
    });
    const supervisor = createSupervisor({
      model: localModel(server),
      specialists: [crm],
      extensions: guardrailCheckpoints(guardrail, { input: false, answer: false, toolArguments: false }),
    });
    const result = await supervisor.invoke("What is on Jane's record?");
    expect(result.outcome).toBe("guardrail_intervened");
    expect(result.outcomeDetail).toMatch(/gr-team .*blocked the tool result/);
    expect(JSON.stringify(result.messages.map((message) => message.content))).not.toContain("536-22-1234");
    expect(server.requests.all("ConverseStream")).toHaveLength(3);
  });
});

describe("a supervisor run started through its graph (Studio, the LangGraph server)", () => {
  it("still nests each specialist's spans under its own invoke_agent", async () => {
    const server = await localBedrock();
    telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const team = createTriageTeam({
      knowledgeBase: await sampleCorpusKnowledgeBase(),
      model: localModel(server),
      telemetry,
      checkpointer: new MemorySaver(),
    });
    const spans = await spansOfServerRun(team.graph, telemetry.memory, {
      question: "What is 6 times 7?",
      threadId: "studio-1",
      root: "triage",
    });
    expect(outline(spanTree(spans))).toEqual([
      "invoke_agent triage",
      "  chat us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "  execute_tool ask_calculator",
      "    invoke_agent calculator",
      "      chat us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "      execute_tool calculator",
      "      chat us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "  chat us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    ]);
  });
});
