import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import type { ContextInput } from "../../src/context/context-manager.ts";
import { contextView, latestMarker, markerMessage } from "../../src/context/context-view.ts";
import { slidingWindow } from "../../src/context/sliding-window.ts";
import { summarizing } from "../../src/context/summarizing.ts";
import { estimateTextTokens } from "../../src/model/token-estimate.ts";

/** `turns` question/tool/answer turns; every tool result is `resultChars` long, the third one ten times that. */
function thread(turns: number, resultChars = 40): BaseMessage[] {
  const messages: BaseMessage[] = [];
  for (let i = 0; i < turns; i++) {
    const id = `call_${i}`;
    messages.push(
      new HumanMessage({ content: `question ${i}: what is ${i} plus ${i}?`, id: `h${i}` }),
      new AIMessage({
        content: "",
        tool_calls: [{ id, name: "calc", args: { expression: `${i}+${i}` } }],
        id: `a${i}`,
      }),
      new ToolMessage({
        content: "x".repeat(i === 2 ? resultChars * 10 : resultChars),
        tool_call_id: id,
        id: `t${i}`,
      }),
      new AIMessage({ content: `${i}+${i} is ${2 * i}.`, id: `f${i}` }),
    );
  }
  messages.push(new HumanMessage({ content: "and the last question?", id: "latest" }));
  return messages;
}

const estimate = (message: BaseMessage) =>
  3 +
  estimateTextTokens(
    typeof message.content === "string" ? message.content : JSON.stringify(message.content),
  ) +
  10;

function input(
  messages: BaseMessage[],
  window: number,
  trigger: ContextInput["trigger"] = "proactive",
): ContextInput {
  const view = contextView(messages);
  const tokens = view.reduce((sum, message) => sum + estimate(message), 0);
  return {
    messages,
    marker: latestMarker(messages),
    tokens: { tokens, source: "estimate" },
    estimate,
    contextWindow: window,
    trigger,
    overflowRound: 0,
    summarize: async (transcript, maxTokens) => ({
      text: `summary of ${transcript.split("\n").length} lines in at most ${maxTokens} tokens`,
      modelId: "summariser",
      usage: {
        inputTokens: 10,
        outputTokens: 5,
        totalTokens: 15,
        cacheReadInputTokens: 0,
        cacheWriteInputTokens: 0,
      },
    }),
  };
}

/** Every tool result in a view follows the assistant turn that asked for it. */
function pairsIntact(view: BaseMessage[]): boolean {
  const asked = new Set<string>();
  for (const message of view) {
    if (message instanceof AIMessage) for (const call of message.tool_calls ?? []) asked.add(call.id ?? "");
    if (message instanceof ToolMessage && !asked.has(message.tool_call_id)) return false;
  }
  return true;
}

describe("sliding window", () => {
  it("does nothing under its threshold", async () => {
    const messages = thread(3);
    expect(await slidingWindow().decide(input(messages, 100_000))).toBeUndefined();
  });

  it("shortens the largest tool result first, and leaves out nothing when that is enough", async () => {
    const messages = thread(4, 400);
    const total = input(messages, 1).tokens.tokens;
    const window = Math.ceil(total / 0.85);
    const decision = await slidingWindow({ maxToolResultChars: 100 }).decide(input(messages, window));
    if (!decision) throw new Error("a decision was expected");
    expect(Object.keys(decision.marker.truncated)).toEqual(["call_2"]);
    expect(decision.messagesOmitted).toBe(0);
    const view = contextView([...messages, markerMessage(decision.marker, decision.note)]);
    const shortened = view.find(
      (message) => message instanceof ToolMessage && message.tool_call_id === "call_2",
    );
    expect(String(shortened?.content)).toMatch(
      /^x{100}\n…\[tool result shortened for the context window: 100 of 4000 characters shown\]$/,
    );
  });

  it("then leaves out whole turns, oldest first", async () => {
    const messages = thread(12, 400);
    const manager = slidingWindow({ threshold: 0.8, keep: 0.5, maxToolResultChars: 100 });
    const before = input(messages, 1500);
    expect(before.tokens.tokens).toBeGreaterThan(1500 * 0.8);
    const decision = await manager.decide(before);
    if (!decision) throw new Error("a decision was expected");
    expect(decision.toolResultsTruncated).toBeGreaterThan(0);
    expect(decision.messagesOmitted).toBeGreaterThan(0);
    expect(decision.messagesOmitted % 4).toBe(0);
    const view = contextView([...messages, markerMessage(decision.marker, decision.note)]);
    expect(view[0]).toBeInstanceOf(HumanMessage);
    expect(pairsIntact(view)).toBe(true);
    expect(view.at(-1)?.id).toBe("latest");
    const after = view.reduce((sum, message) => sum + estimate(message), 0);
    expect(after).toBeLessThanOrEqual(1500 * 0.5 * 1.15);
    // The stored thread is untouched: every message is still there.
    expect(messages).toHaveLength(12 * 4 + 1);
  });

  it("never splits a tool use from its result, wherever the budget falls", async () => {
    const messages = thread(20, 200);
    for (const window of [600, 900, 1300, 2100, 3400]) {
      const decision = await slidingWindow({ maxToolResultChars: 10_000 }).decide(
        input(messages, window, "overflow"),
      );
      if (!decision) continue;
      const view = contextView([...messages, markerMessage(decision.marker, decision.note)]);
      expect(pairsIntact(view)).toBe(true);
      expect(view[0]?.getType()).toBe("human");
    }
  });

  it("trims again from where the previous trim left off", async () => {
    let messages = thread(10, 200);
    const manager = slidingWindow({ maxToolResultChars: 10_000 });
    const first = await manager.decide(input(messages, 1200, "overflow"));
    if (!first) throw new Error("first trim expected");
    messages = [...messages, markerMessage(first.marker, first.note), ...thread(6, 200).slice(0, -1)];
    const second = await manager.decide(input(messages, 1200, "overflow"));
    if (!second) throw new Error("second trim expected");
    expect(second.marker.keepFromIndex).toBeGreaterThan(first.marker.keepFromIndex);
  });
});

describe("summarizing", () => {
  it("replaces the older turns with the summariser's summary and keeps the latest turns verbatim", async () => {
    const messages = thread(12, 200);
    const decision = await summarizing({ keep: 0.4 }).decide(input(messages, 1500));
    if (!decision) throw new Error("a summary was expected");
    expect(decision.action).toBe("summarize");
    expect(decision.marker.summary).toMatch(/^summary of \d+ lines/);
    expect(decision.summary?.modelId).toBe("summariser");
    const view = contextView([...messages, markerMessage(decision.marker, decision.note)]);
    expect(String(view[0]?.content)).toContain("summary of");
    expect(pairsIntact(view.slice(1))).toBe(true);
    expect(view.at(-1)?.id).toBe("latest");
    expect(view.length).toBeLessThan(messages.length);
  });
});
