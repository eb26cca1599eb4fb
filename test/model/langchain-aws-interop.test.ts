import { ChatBedrockConverse } from "@langchain/aws";
import {
  AIMessage,
  type AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  ToolMessage,
} from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { createAgent, toToolSpec } from "../../src/index.ts";
import type { LocalBedrock } from "../../src/local/index.ts";
import { builtinTools } from "../../tools/index.ts";
import { localBedrock, localModel, sdkClient } from "../helpers/local-bedrock.ts";

const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const THINKING = { thinking: { type: "enabled", budget_tokens: 1024 } };

type Block = Record<string, unknown>;
type WireBody = { messages: Array<{ role: string; content: Block[] }> };

/** `@langchain/aws`'s chat model on the real SDK client, against the local Bedrock, thinking on, our tools bound. */
function langchainModel(server: LocalBedrock) {
  return new ChatBedrockConverse({
    model: SONNET,
    region: "us-east-1",
    client: sdkClient(server.url),
    maxTokens: 4096,
    additionalModelRequestFields: THINKING,
  }).bindTools(builtinTools.map(toToolSpec));
}

const glassboxAgent = (server: LocalBedrock, streaming = true) =>
  createAgent({
    model: localModel(server, { modelId: SONNET, reasoning: { budgetTokens: 1024 }, streaming }),
    tools: builtinTools,
  });

const contentOf = (message: BaseMessage): Block[] =>
  typeof message.content === "string"
    ? [{ type: "text", text: message.content }]
    : (message.content as Block[]);
const lastBody = (server: LocalBedrock) => server.requests.all().at(-1)?.body as WireBody;

describe("a thread Glassbox wrote, continued by @langchain/aws's ChatBedrockConverse", () => {
  it.each([
    ["streamed", true],
    ["not streamed", false],
  ])(
    "replays the signed reasoning, the tool call and its result as Bedrock needs them (%s)",
    async (_mode, streaming) => {
      const server = await localBedrock();
      const first = await glassboxAgent(server, streaming).invoke("What is 6 times 7?");
      expect(first.outcome).toBe("answered");
      expect(first.steps.map((step) => step.kind)).toEqual(["thought", "action", "observation", "thought"]);
      const [, call, , answer] = first.messages;
      // The shapes @langchain/aws reads and writes: `reasoning` with its signature, tool calls as tool_calls.
      const reasoning = contentOf(call as BaseMessage).find((block) => block.type === "reasoning");
      expect(reasoning).toMatchObject({ reasoning: expect.any(String), signature: expect.any(String) });
      expect((call as AIMessage).tool_calls?.[0]?.name).toBe("calculator");

      const next = await langchainModel(server).invoke([
        ...first.messages,
        new HumanMessage("And what is 2 plus 3?"),
      ]);
      expect(AIMessage.isInstance(next)).toBe(true);
      expect(next.tool_calls?.[0]?.name).toBe("calculator");
      // Bedrock (the local twin checks the signature) got Glassbox's blocks back unchanged.
      const sent = lastBody(server).messages;
      expect(sent.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
      expect(sent[1]?.content[0]).toEqual({
        reasoningContent: { reasoningText: { text: reasoning?.reasoning, signature: reasoning?.signature } },
      });
      expect(sent[1]?.content.at(-1)).toMatchObject({ toolUse: { name: "calculator" } });
      expect(sent[2]?.content[0]).toMatchObject({
        toolResult: { toolUseId: (call as AIMessage).tool_calls?.[0]?.id },
      });
      const finalReasoning = contentOf(answer as BaseMessage).find((block) => block.type === "reasoning");
      // The twin checks those signatures: the same thread with one altered is refused, as Bedrock would.
      const tampered = new AIMessage({
        content: contentOf(call as BaseMessage).map((block) =>
          block.type === "reasoning" ? { ...block, signature: `${String(block.signature)}x` } : block,
        ) as never,
        tool_calls: (call as AIMessage).tool_calls ?? [],
      });
      const altered = first.messages.map((message) => (message === call ? tampered : message));
      await expect(
        langchainModel(server).invoke([...altered, new HumanMessage("And what is 2 plus 3?")]),
      ).rejects.toMatchObject({ name: "ValidationException" });
      expect(sent[3]?.content[0]).toMatchObject({
        reasoningContent: { reasoningText: { signature: finalReasoning?.signature } },
      });
    },
  );
});

describe("a history ChatBedrockConverse wrote, continued by a Glassbox agent", () => {
  async function langchainTurn(server: LocalBedrock, stream: boolean) {
    const model = langchainModel(server);
    const question = new HumanMessage("What is 6 times 7?");
    let call: AIMessage | AIMessageChunk;
    if (stream) {
      let merged: AIMessageChunk | undefined;
      for await (const chunk of await model.stream([question]))
        merged = merged ? merged.concat(chunk) : chunk;
      call = merged as AIMessageChunk;
    } else call = await model.invoke([question]);
    const use = call.tool_calls?.[0];
    expect(use?.name).toBe("calculator");
    const calculator = builtinTools.find((tool) => tool.name === "calculator");
    const output = await calculator?.run(use?.args as never, { toolCallId: use?.id ?? "" } as never);
    const result = new ToolMessage({ tool_call_id: use?.id ?? "", content: JSON.stringify(output) });
    return { question, call, result };
  }

  it.each([
    ["invoke", false],
    ["stream (chunks concatenated)", true],
  ])("sends its reasoning, tool call and result back as Bedrock needs them (%s)", async (_mode, stream) => {
    const server = await localBedrock();
    const { question, call, result } = await langchainTurn(server, stream);
    const signature = contentOf(call).find((block) => block.type === "reasoning")?.signature;
    expect(signature).toEqual(expect.any(String));

    const continued = await glassboxAgent(server).invoke([question, call, result]);
    expect(continued.outcome).toBe("answered");
    expect(continued.answer).toMatch(/42/);
    const sent = lastBody(server).messages;
    expect(sent[1]?.content[0]).toMatchObject({ reasoningContent: { reasoningText: { signature } } });
    expect(sent[1]?.content.at(-1)).toMatchObject({
      toolUse: { name: "calculator", toolUseId: call.tool_calls?.[0]?.id },
    });
    expect(sent[2]?.content[0]).toMatchObject({ toolResult: { toolUseId: call.tool_calls?.[0]?.id } });
  });
});
