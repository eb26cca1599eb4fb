import type { AIMessage, BaseMessage, ToolMessage } from "@langchain/core/messages";

type Part =
  | { type: "text"; content: string }
  | { type: "reasoning"; content: string }
  | { type: "tool_call"; id?: string; name: string; arguments: unknown }
  | { type: "tool_call_response"; id: string; result: string };

const MAX_CHARS = 8192;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…[truncated ${text.length - max} chars]` : text;
}

function textParts(content: BaseMessage["content"], max: number): Part[] {
  if (typeof content === "string") return content ? [{ type: "text", content: clip(content, max) }] : [];
  return content.flatMap((block): Part[] => {
    if (block.type === "text" && typeof block.text === "string" && block.text)
      return [{ type: "text", content: clip(block.text, max) }];
    // Extended thinking (the GenAI conventions' ReasoningPart); encrypted reasoning has no text to show.
    if (block.type === "reasoning" && typeof block.reasoning === "string" && block.reasoning)
      return [{ type: "reasoning", content: clip(block.reasoning, max) }];
    return [];
  });
}

const ROLE: Record<string, string> = { human: "user", ai: "assistant", tool: "tool", system: "system" };

function toGenAiMessage(message: BaseMessage, max: number) {
  const type = message.getType();
  if (type === "tool") {
    const tool = message as ToolMessage;
    const result = typeof tool.content === "string" ? tool.content : JSON.stringify(tool.content);
    return {
      role: "tool",
      parts: [{ type: "tool_call_response", id: tool.tool_call_id, result: clip(result, max) }],
    };
  }
  const parts = textParts(message.content, max);
  for (const call of (message as AIMessage).tool_calls ?? []) {
    parts.push({ type: "tool_call", id: call.id, name: call.name, arguments: call.args });
  }
  return { role: ROLE[type] ?? type, parts };
}

/** `gen_ai.input.messages` JSON (system messages go to `gen_ai.system_instructions` instead). */
export function toInputMessages(messages: readonly BaseMessage[], maxChars = MAX_CHARS): string {
  return JSON.stringify(
    messages
      .filter((message) => message.getType() !== "system")
      .map((message) => toGenAiMessage(message, maxChars)),
  );
}

/** `gen_ai.output.messages` JSON for the model's answer. */
export function toOutputMessages(message: AIMessage, finishReason?: string, maxChars = MAX_CHARS): string {
  return JSON.stringify([
    { ...toGenAiMessage(message, maxChars), ...(finishReason ? { finish_reason: finishReason } : {}) },
  ]);
}

/** `gen_ai.system_instructions` JSON. */
export function toSystemInstructions(text: string, maxChars = MAX_CHARS): string {
  return JSON.stringify([{ type: "text", content: clip(text, maxChars) }]);
}
