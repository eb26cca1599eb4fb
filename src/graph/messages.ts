import type { AIMessage, BaseMessage } from "@langchain/core/messages";

/** The text of a message, whether its content is a string or a list of blocks (cited text included). */
export function textOf(message: BaseMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  return content
    .map((block) => {
      if (block.type === "text" && typeof block.text === "string") return block.text;
      if (block.type === "citations_content") return citedText(block.citationsContent);
      return "";
    })
    .join("");
}

/** The generated text of a Converse `citationsContent` block. */
function citedText(citations: unknown): string {
  const content = (citations as { content?: Array<{ text?: string }> } | undefined)?.content ?? [];
  return content.map((part) => part.text ?? "").join("");
}

/** The last assistant message of the conversation. */
export function lastAIMessage(messages: readonly BaseMessage[]): AIMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.getType() === "ai") return message as AIMessage;
  }
  return undefined;
}

/** The latest user message of the conversation, if the run has one. */
export function latestHumanMessage(messages: readonly BaseMessage[]): BaseMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.getType() === "human") return messages[i];
  return undefined;
}
