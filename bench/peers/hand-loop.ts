import {
  type BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
  type Message,
} from "@aws-sdk/client-bedrock-runtime";
import { type Tool, toToolSpec } from "../../src/tools/index.ts";

/**
 * The floor: a hand-written ReAct loop straight over `ConverseCommand`, no framework. Validates tool
 * input with the same zod schemas and runs the tools in parallel, like Glassbox does.
 */
export function createHandLoop(
  client: BedrockRuntimeClient,
  modelId: string,
  tools: readonly Tool[],
  system: string,
) {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const toolConfig = { tools: tools.map(toToolSpec) };
  return async function run(question: string): Promise<string> {
    const messages: Message[] = [{ role: "user", content: [{ text: question }] }];
    for (let step = 0; step < 10; step++) {
      const response = await client.send(
        new ConverseCommand({
          modelId,
          system: [{ text: system }],
          messages,
          toolConfig: toolConfig as never,
        }),
      );
      const message = response.output?.message;
      if (!message) throw new Error("no message");
      messages.push(message);
      const uses = (message.content ?? []).flatMap((block) => (block.toolUse ? [block.toolUse] : []));
      if (response.stopReason !== "tool_use" || uses.length === 0) {
        return (message.content ?? []).map((block) => block.text ?? "").join("");
      }
      const results: ContentBlock[] = await Promise.all(
        uses.map(async (use) => {
          const tool = byName.get(use.name ?? "");
          try {
            if (!tool) throw new Error(`unknown tool ${use.name}`);
            const output = await tool.run(tool.input.parse(use.input), {
              toolCallId: use.toolUseId ?? "",
              signal: AbortSignal.timeout(30_000),
            });
            return {
              toolResult: {
                toolUseId: use.toolUseId,
                content: [{ text: JSON.stringify(output) }],
                status: "success",
              },
            } as ContentBlock;
          } catch (error) {
            return {
              toolResult: { toolUseId: use.toolUseId, content: [{ text: String(error) }], status: "error" },
            } as ContentBlock;
          }
        }),
      );
      messages.push({ role: "user", content: results });
    }
    throw new Error("step limit");
  };
}
