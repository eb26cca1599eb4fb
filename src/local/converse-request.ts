import { validation } from "./bedrock-errors.ts";
import { type ConverseRequest, ConverseRequestSchema, type Message } from "./converse-schema.ts";
import { shapeError } from "./coral-validation.ts";
import type { LocalModelRequest } from "./model-contract.ts";

export { type ConverseRequest, ConverseRequestSchema } from "./converse-schema.ts";

/**
 * Validates a request body the way Bedrock does: the service model's shape first (every violated
 * constraint, in Bedrock's words and paths), then the conversation rules Bedrock enforces. Throws a
 * ValidationException-shaped error (a SerializationException for a blob that is not base64).
 */
export function validateConverseRequest(body: unknown, modelId: string): LocalModelRequest {
  const parsed = ConverseRequestSchema.safeParse(body);
  if (!parsed.success) throw shapeError(parsed.error);
  const request = parsed.data;
  const messages = request.messages ?? [];
  checkConversation(messages, request.toolConfig !== undefined);
  checkSystem(request);
  checkTools(request);
  return { ...(request as Omit<LocalModelRequest, "modelId">), modelId, messages } as LocalModelRequest;
}

/** The conversation rules of Converse and of CountTokens' `input.converse`. */
export function checkConversation(messages: Message[], hasToolConfig: boolean): void {
  if (messages.length === 0 || messages[0]?.role !== "user")
    throw validation(
      "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
    );
  let pendingToolUse: string[] = [];
  messages.forEach((message, i) => {
    if (message.role === "system")
      throw validation(
        `messages.${i}.role: system is not a conversation role; put system prompts in the system field.`,
      );
    if (message.content.length === 0)
      throw validation(
        `The content field in the Message object at messages.${i} is empty. Add a ContentBlock object to the content field and try again.`,
      );
    if (i > 0 && messages[i - 1]?.role === message.role)
      throw validation(
        "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.",
      );
    const uses: string[] = [];
    const results: string[] = [];
    message.content.forEach((block, j) => {
      if (block.text !== undefined && !block.text.trim())
        throw validation(
          `The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`,
        );
      if (block.toolUse) uses.push(block.toolUse.toolUseId);
      const result = block.toolResult;
      if (result) {
        results.push(result.toolUseId);
        if (result.status === "error" && result.content.length === 0)
          throw validation(
            `The content field at messages.${i}.content.${j}.toolResult cannot be empty when status value is error.`,
          );
      }
    });
    if ((uses.length || results.length) && !hasToolConfig)
      throw validation(
        "The toolConfig field must be defined when using toolUse and toolResult content blocks.",
      );
    if (message.role === "assistant" && results.length)
      throw validation(`messages.${i}.content: an assistant message cannot contain toolResult blocks.`);
    if (new Set(uses).size < uses.length)
      throw validation(`${MODEL_ERROR}messages.${i}.content: \`tool_use\` ids must be unique.`);
    if (message.role === "user") {
      if (results.length > pendingToolUse.length)
        throw validation(
          `The number of toolResult blocks at messages.${i}.content exceeds the number of toolUse blocks of previous turn.`,
        );
      const missing = pendingToolUse.filter((id) => !results.includes(id));
      if (missing.length)
        throw validation(
          `Expected toolResult blocks at messages.${i}.content for the following Ids: ${missing.join(", ")}`,
        );
      pendingToolUse = [];
    } else {
      pendingToolUse = uses;
    }
  });
}

const MODEL_ERROR = "The model returned the following errors: ";

function checkSystem(request: ConverseRequest): void {
  for (const [i, block] of (request.system ?? []).entries()) {
    if (block.text !== undefined && !block.text.trim())
      throw validation(
        `The text field in the SystemContentBlock object at system.${i} is blank. Add text to the text field, and try again.`,
      );
  }
}

/** Tool names unique, `toolChoice.tool` naming a defined tool. */
export function checkTools(request: Pick<ConverseRequest, "toolConfig">): void {
  const names = (request.toolConfig?.tools ?? []).flatMap((tool) =>
    tool.toolSpec ? [tool.toolSpec.name] : tool.systemTool ? [tool.systemTool.name] : [],
  );
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw validation(`${MODEL_ERROR}tools: Tool names must be unique.`);
  const choice = request.toolConfig?.toolChoice?.tool;
  if (choice && !names.includes(choice.name))
    throw validation(
      `The tool ${choice.name} named in toolConfig.toolChoice is not defined in toolConfig.tools.`,
    );
}
