import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ChatBedrockConverse } from "@langchain/aws";
import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import type { Tool } from "../../src/index.ts";

/**
 * `ChatBedrockConverse` in a plain loop, no graph: what LangChain's model wrapper costs over the raw
 * `ConverseCommand` loop, before any LangGraph machinery.
 */
export function createChatModelLoop(
  client: BedrockRuntimeClient,
  modelId: string,
  tools: readonly Tool[],
  system: string,
) {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const model = new ChatBedrockConverse({ model: modelId, region: "us-east-1", client, streaming: false });
  const toolSpecs = tools.map((tool) => ({
    type: "function" as const,
    function: { name: tool.name, description: tool.description, parameters: tool.jsonSchema },
  }));
  const systemMessage = new SystemMessage(system);
  return async function run(question: string): Promise<string> {
    const messages: BaseMessage[] = [systemMessage, new HumanMessage(question)];
    for (let step = 0; step < 10; step++) {
      const message = (await model.invoke(messages, { tools: toolSpecs })) as AIMessage;
      messages.push(message);
      const calls = message.tool_calls ?? [];
      if (!AIMessage.isInstance(message) || calls.length === 0) return String(message.content);
      const results = await Promise.all(
        calls.map(async (call) => {
          const tool = byName.get(call.name);
          try {
            if (!tool) throw new Error(`unknown tool ${call.name}`);
            const output = await tool.run(tool.input.parse(call.args), {
              toolCallId: call.id ?? "",
              signal: AbortSignal.timeout(30_000),
            });
            return new ToolMessage({ content: JSON.stringify(output), tool_call_id: call.id ?? "" });
          } catch (error) {
            return new ToolMessage({ content: String(error), tool_call_id: call.id ?? "", status: "error" });
          }
        }),
      );
      messages.push(...results);
    }
    throw new Error("step limit");
  };
}
