import { type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import type { ContextManager } from "../../src/context/context-manager.ts";
import { type Agent, createAgent, setupTelemetry, slidingWindow, summarizing } from "../../src/index.ts";
import { builtinTools } from "../../tools/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

/** A provisioned model with a 2,500-token window, declared to the agent and to the local Bedrock alike. */
const SMALL = "arn:aws:bedrock:us-east-1:111122223333:provisioned-model/small-window";
const WINDOW = 2500;
const calculator = builtinTools.filter((tool) => tool.name === "calculator");

/**
 * `count` turns of one conversation. The caller keeps the history and sends it whole each turn (no
 * checkpointer: checkpointing a thread re-serialises it on every step, which would dominate the test's
 * time); the result's `messages` is the thread to send next.
 */
async function turns(agent: Agent, count: number) {
  const outcomes: string[] = [];
  let history: BaseMessage[] = [];
  for (let i = 1; i <= count; i++) {
    const result = await agent.invoke([...history, new HumanMessage(`What is ${i} times 7?`)]);
    outcomes.push(result.outcome);
    history = result.messages;
    if (result.outcome !== "answered") return { outcomes, last: result, history };
    expect(result.answer).toContain(String(i * 7));
  }
  return { outcomes, history };
}

// A few seconds per 200-turn test on an idle machine; the timeout leaves room for a loaded one.
describe("a 200-turn thread on a model with a small context window", { timeout: 180_000 }, () => {
  const setup = async (context?: ContextManager) => {
    const server = await localBedrock({ models: { [SMALL]: { contextWindow: WINDOW } } });
    const telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const agent = createAgent({
      model: localModel(server, {
        modelId: SMALL,
        streaming: false,
        capabilities: { contextWindow: WINDOW },
      }),
      tools: calculator,
      systemPrompt: "Use the calculator for arithmetic.",
      telemetry,
      ...(context ? { context } : {}),
    });
    return { server, agent, telemetry };
  };

  it("ends on the context window without a context manager", async () => {
    const { agent } = await setup();
    const { outcomes, last } = await turns(agent, 200);
    expect(outcomes.length).toBeLessThan(200);
    expect(last?.outcome).toBe("context_window_exceeded");
    expect(last?.outcomeDetail).toMatch(/give the agent a context manager/);
  });

  it("finishes with the sliding window, the stored history intact and every trim a step and a span", async () => {
    const { agent, telemetry } = await setup(slidingWindow());
    const { outcomes, history: messages } = await turns(agent, 200);
    expect(outcomes).toHaveLength(200);
    expect(outcomes.every((outcome) => outcome === "answered")).toBe(true);
    const questions = messages.filter((message) => message.getType() === "human");
    expect(questions).toHaveLength(200);
    expect(String(questions[0]?.content)).toBe("What is 1 times 7?");
    const markers = messages.filter((message) => message.getType() === "system");
    expect(markers.length).toBeGreaterThan(3);
    expect(String(markers[0]?.content)).toMatch(
      /^\[context\] \d+ earlier messages are not sent to the model/,
    );
    const spans = telemetry.memory?.getFinishedSpans() ?? [];
    const trims = spans.filter((span) => span.name === "context_trim");
    expect(trims.length).toBe(markers.length);
    for (const trim of trims)
      expect(Number(trim.attributes["glassbox.context.tokens_after"])).toBeLessThan(
        Number(trim.attributes["glassbox.context.tokens_before"]),
      );
    await telemetry.shutdown();
  });

  it("finishes with the summarising manager, whose summaries are paid for in the run's usage", async () => {
    const { agent, server, telemetry } = await setup(summarizing());
    const { outcomes, history: messages } = await turns(agent, 200);
    expect(outcomes).toHaveLength(200);
    const summaries = server.requests
      .all("Converse")
      .filter((entry) =>
        JSON.stringify((entry.body as { system?: unknown }).system ?? "").includes(
          "Summarize the conversation",
        ),
      );
    expect(summaries.length).toBeGreaterThan(2);
    const spans = telemetry.memory?.getFinishedSpans() ?? [];
    expect(spans.filter((span) => span.name === "context_summarize").length).toBe(summaries.length);
    const marker = messages.findLast((message) => message.getType() === "system");
    expect((marker?.additional_kwargs?.glassbox_context as { summary?: string })?.summary).toMatch(/times 7/);
    await telemetry.shutdown();
  });
});

describe("context overflow", () => {
  it("trims and retries when Bedrock refuses the request as too long", async () => {
    const server = await localBedrock({ models: { [SMALL]: { contextWindow: WINDOW } } });
    // A threshold over 1 never acts proactively: only Bedrock's refusal makes the manager trim.
    const agent = createAgent({
      model: localModel(server, {
        modelId: SMALL,
        streaming: false,
        capabilities: { contextWindow: WINDOW },
      }),
      tools: calculator,
      context: slidingWindow({ threshold: 5, keep: 0.5 }),
    });
    let overflow: { trigger?: string } | undefined;
    let history: BaseMessage[] = [];
    for (let i = 1; i <= 60 && !overflow; i++) {
      const result = await agent.invoke([...history, new HumanMessage(`What is ${i} times 7?`)]);
      expect(result.outcome).toBe("answered");
      history = result.messages;
      overflow = result.steps.find((step) => step.kind === "context");
    }
    expect(overflow?.trigger).toBe("overflow");
    const refused = server.requests.all("Converse").filter((entry) => entry.status === 400);
    expect(refused.length).toBeGreaterThan(0);
  });
});
