import {
  type AIMessage,
  HumanMessage,
  mapChatMessagesToStoredMessages,
  mapStoredMessagesToChatMessages,
  ToolMessage,
} from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { toConverseMessages } from "../../src/model/converse-messages.ts";
import { createStreamAssembler, toAIMessage } from "../../src/model/converse-response.ts";

const reasoning = {
  reasoningContent: { reasoningText: { text: "The calculator fits.", signature: "c2lnbmVk+/==" } },
};
const toolUse = { toolUse: { toolUseId: "tooluse_1", name: "calculator", input: { expression: "6*7" } } };

describe("the Converse adapter", () => {
  it("turns a response into an AIMessage and back without touching reasoning or its signature", () => {
    const message = toAIMessage({
      content: [reasoning, { text: "Let me compute." }, toolUse],
      stopReason: "tool_use",
      requestId: "r1",
    });
    expect(message.content).toEqual([
      { type: "reasoning", reasoning: "The calculator fits.", signature: "c2lnbmVk+/==" },
      { type: "text", text: "Let me compute." },
    ]);
    expect(message.tool_calls?.[0]).toMatchObject({
      id: "tooluse_1",
      name: "calculator",
      args: { expression: "6*7" },
    });
    // Through JSON, as a checkpointer stores it.
    const [restored] = mapStoredMessagesToChatMessages(
      JSON.parse(JSON.stringify(mapChatMessagesToStoredMessages([message]))),
    );
    const { messages } = toConverseMessages([
      new HumanMessage("What is 6 times 7?"),
      restored as AIMessage,
      new ToolMessage({ content: '{"result":42}', tool_call_id: "tooluse_1", status: "error" }),
      new HumanMessage("thanks"),
    ]);
    expect(messages[1]?.content).toEqual([reasoning, { text: "Let me compute." }, toolUse]);
    // The tool result and the next question share one user turn, and the error status reaches Bedrock.
    expect(messages).toHaveLength(3);
    expect(messages[2]?.content).toEqual([
      { toolResult: { toolUseId: "tooluse_1", content: [{ text: '{"result":42}' }], status: "error" } },
      { text: "thanks" },
    ]);
  });

  it("reassembles a stream: reasoning with its signature, tool input fragments, citations with their text", () => {
    const assembler = createStreamAssembler();
    const deltas = [
      {
        contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: "The calculator " } } },
      },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: "fits." } } } },
      {
        contentBlockDelta: {
          contentBlockIndex: 0,
          delta: { reasoningContent: { signature: "c2lnbmVk+/==" } },
        },
      },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { text: "Cited " } } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { text: "sentence." } } },
      {
        contentBlockDelta: {
          contentBlockIndex: 1,
          delta: {
            citation: {
              title: "policy",
              sourceContent: [{ text: "Cited sentence." }],
              location: { documentChar: { documentIndex: 0, start: 0, end: 15 } },
            },
          },
        },
      },
      {
        contentBlockStart: {
          contentBlockIndex: 2,
          start: { toolUse: { toolUseId: "tooluse_1", name: "calculator" } },
        },
      },
      { contentBlockDelta: { contentBlockIndex: 2, delta: { toolUse: { input: '{"expres' } } } },
      { contentBlockDelta: { contentBlockIndex: 2, delta: { toolUse: { input: 'sion":"6*7"}' } } } },
      { messageStop: { stopReason: "tool_use" } },
      { metadata: { usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 } } },
    ];
    const seen = deltas.map((event) => assembler.push(event)).filter(Boolean);
    expect(seen).toEqual([
      { kind: "reasoning", text: "The calculator " },
      { kind: "reasoning", text: "fits." },
      { kind: "text", text: "Cited " },
      { kind: "text", text: "sentence." },
    ]);
    expect(assembler.complete).toBe(true);
    const outcome = assembler.finish("r2");
    expect(outcome.content).toEqual([
      reasoning,
      {
        citationsContent: {
          content: [{ text: "Cited sentence." }],
          citations: [
            {
              title: "policy",
              sourceContent: [{ text: "Cited sentence." }],
              location: { documentChar: { documentIndex: 0, start: 0, end: 15 } },
            },
          ],
        },
      },
      toolUse,
    ]);
    expect(toAIMessage(outcome).response_metadata).toMatchObject({
      stopReason: "tool_use",
      usage: { inputTokens: 10 },
    });
  });
});
