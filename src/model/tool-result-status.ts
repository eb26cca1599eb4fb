import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";

const NAME = "glassboxToolResultStatus";
const MAX_TRACKED = 10_000;

interface Block {
  toolResult?: { toolUseId?: string; status?: string };
}
interface ConverseInput {
  messages?: Array<{ content?: Block[] }>;
}

/**
 * `@langchain/aws` drops `ToolMessage.status` when it builds Converse `toolResult` blocks, so Bedrock
 * never hears that a tool failed. This puts `status: "error"` back on the results of failed calls, by
 * tool-use id, in a middleware on the client. Returns the function that records a failed call.
 */
export function trackToolResultStatus(client: BedrockRuntimeClient): (toolUseId: string) => void {
  const failed = new Set<string>();
  const stack = client.middlewareStack;
  if (!stack.identify().some((entry) => entry.startsWith(NAME))) {
    stack.add(
      (next) => async (args) => {
        const input = args.input as ConverseInput;
        for (const message of input.messages ?? []) {
          for (const block of message.content ?? []) {
            const result = block.toolResult;
            if (result?.toolUseId && failed.has(result.toolUseId)) result.status = "error";
          }
        }
        return next(args);
      },
      { step: "initialize", name: NAME },
    );
  }
  return (toolUseId) => {
    failed.add(toolUseId);
    if (failed.size > MAX_TRACKED) failed.delete(failed.values().next().value as string);
  };
}
