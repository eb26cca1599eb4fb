import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ChatBedrockConverse } from "@langchain/aws";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { tool as langchainTool } from "@langchain/core/tools";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { createReactAgent, ToolNode, toolsCondition } from "@langchain/langgraph/prebuilt";
import type { Tool } from "../../src/tools/index.ts";

function toLangChainTools(tools: readonly Tool[]) {
  return tools.map((tool) =>
    langchainTool(
      async (input: unknown, config) =>
        JSON.stringify(
          await tool.run(input, {
            toolCallId: config?.toolCall?.id ?? "",
            signal: AbortSignal.timeout(30_000),
          }),
        ),
      { name: tool.name, description: tool.description, schema: tool.input as never },
    ),
  );
}

function chatModel(client: BedrockRuntimeClient, modelId: string) {
  return new ChatBedrockConverse({ model: modelId, region: "us-east-1", client, streaming: false });
}

/** The same ReAct loop as a bare LangGraph `StateGraph` with `ToolNode` and `ChatBedrockConverse`. */
export function createBareGraph(
  client: BedrockRuntimeClient,
  modelId: string,
  tools: readonly Tool[],
  system: string,
) {
  const lcTools = toLangChainTools(tools);
  const model = chatModel(client, modelId).bindTools(lcTools);
  const systemMessage = new SystemMessage(system);
  const graph = new StateGraph(MessagesAnnotation)
    .addNode("agent", async (state) => ({
      messages: [await model.invoke([systemMessage, ...state.messages])],
    }))
    .addNode("tools", new ToolNode(lcTools))
    .addEdge(START, "agent")
    .addConditionalEdges("agent", toolsCondition, ["tools", END])
    .addEdge("tools", "agent")
    .compile();
  return async (question: string) => {
    const state = await graph.invoke({ messages: [new HumanMessage(question)] });
    return String(state.messages.at(-1)?.content ?? "");
  };
}

/** LangGraph's prebuilt (deprecated) `createReactAgent` over the same model and tools. */
export function createPrebuiltAgent(
  client: BedrockRuntimeClient,
  modelId: string,
  tools: readonly Tool[],
  system: string,
) {
  const agent = createReactAgent({
    llm: chatModel(client, modelId),
    tools: toLangChainTools(tools),
    prompt: system,
  });
  return async (question: string) => {
    const state = await agent.invoke({ messages: [new HumanMessage(question)] });
    return String(state.messages.at(-1)?.content ?? "");
  };
}
