import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import { GlassboxError } from "../errors.ts";
import type { WireBlock, WireMessage } from "./converse-wire.ts";

/** A message content block Glassbox cannot express as a Converse block. */
export class UnsupportedContentError extends GlassboxError {
  constructor(message: string) {
    super(message, { code: "CONTENT_UNSUPPORTED" });
  }
}

type Block = Record<string, unknown>;

const bytesOf = (value: unknown): Uint8Array | undefined => {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return Buffer.from(value, "base64");
  // A Buffer that went through JSON (a checkpointer) comes back as { type: "Buffer", data: [...] }.
  if (value && typeof value === "object" && Array.isArray((value as { data?: unknown }).data))
    return Uint8Array.from((value as { data: number[] }).data);
  return undefined;
};

/** `{bytes}` (base64 in state) becomes raw bytes; `s3Location` and `text` sources pass through. */
function wireSource(source: Block | undefined): Block | undefined {
  if (!source) return source;
  if ("bytes" in source) return { bytes: bytesOf(source.bytes) };
  return source;
}

function mediaBlock(kind: "image" | "document", block: Block): WireBlock {
  const media = (block[kind] ?? {}) as Block;
  return { [kind]: { ...media, source: wireSource(media.source as Block | undefined) } };
}

/**
 * An image content block: Bedrock's own shape (`{ type: "image", image: { format, source } }`, as the
 * files input builds it) or LangChain's standard data block (`{ type: "image", source_type: "base64",
 * data, mime_type }`, as MCP tool results and other LangChain code build it).
 */
function imageBlock(block: Block): WireBlock {
  if (block.image) return mediaBlock("image", block);
  const mime = (block.mime_type ?? block.mimeType) as string | undefined;
  const format = /^image\/(png|jpeg|gif|webp)$/.exec(mime ?? "")?.[1];
  if ((block.source_type === "base64" || block.source_type === undefined) && typeof block.data === "string") {
    if (!format)
      throw new UnsupportedContentError(
        `an image block has mime type "${mime ?? "(none)"}"; Converse takes image/png, image/jpeg, image/gif or image/webp`,
      );
    return { image: { format, source: { bytes: Buffer.from(block.data, "base64") } } };
  }
  if (block.source_type === "url" && typeof block.url === "string") return dataUrlImage(block.url);
  throw new UnsupportedContentError(
    "an image block needs Bedrock's image field or base64 data with a mime type",
  );
}

const isBlank = (text: unknown) => typeof text !== "string" || text.trim() === "";

function dataUrlImage(url: string): WireBlock {
  const match = /^data:image\/(png|jpeg|gif|webp);base64,(.*)$/s.exec(url);
  if (!match)
    throw new UnsupportedContentError("image_url blocks must be base64 data URLs of png, jpeg, gif or webp");
  return { image: { format: match[1], source: { bytes: Buffer.from(match[2] ?? "", "base64") } } };
}

/** Converse blocks of a user turn. */
function userBlocks(message: BaseMessage): WireBlock[] {
  if (typeof message.content === "string") return isBlank(message.content) ? [] : [{ text: message.content }];
  return (message.content as Block[]).flatMap((block): WireBlock[] => {
    switch (block.type) {
      case "text":
        return isBlank(block.text) ? [] : [{ text: block.text }];
      case "image":
        return [imageBlock(block)];
      case "document":
        return [mediaBlock("document", block)];
      case "image_url": {
        const url = block.image_url as string | { url: string };
        return [dataUrlImage(typeof url === "string" ? url : url.url)];
      }
      case "cache_point":
        return [{ cachePoint: block.cachePoint }];
      case "search_result":
        return [{ searchResult: block.searchResult }];
      default:
        throw new UnsupportedContentError(
          `a user message has a "${String(block.type)}" content block; Converse takes text, image, document, image_url (data URL) and cache_point blocks`,
        );
    }
  });
}

/** A Converse `reasoningContent` block from a stored reasoning block, signature untouched. */
function reasoningBlock(block: Block): WireBlock | undefined {
  if (block.type === "reasoning") {
    if (typeof block.redactedContent === "string")
      return { reasoningContent: { redactedContent: bytesOf(block.redactedContent) } };
    const text = typeof block.reasoning === "string" ? block.reasoning : "";
    const signature = typeof block.signature === "string" ? block.signature : undefined;
    return {
      reasoningContent: { reasoningText: { text, ...(signature !== undefined ? { signature } : {}) } },
    };
  }
  const redacted = block.redactedContent;
  if (redacted !== undefined) return { reasoningContent: { redactedContent: bytesOf(redacted) } };
  const text = block.reasoningText as Block | undefined;
  return text ? { reasoningContent: { reasoningText: text } } : undefined;
}

/** Converse blocks of an assistant turn: reasoning (signed, unchanged), text, citations, then tool uses. */
function assistantBlocks(message: AIMessage): WireBlock[] {
  const blocks: WireBlock[] = [];
  if (typeof message.content === "string") {
    if (!isBlank(message.content)) blocks.push({ text: message.content });
  } else {
    for (const block of message.content as Block[]) {
      if (block.type === "text") {
        if (!isBlank(block.text)) blocks.push({ text: block.text });
      } else if (block.type === "reasoning" || block.type === "reasoning_content") {
        const reasoning = reasoningBlock(block);
        if (reasoning) blocks.push(reasoning);
      } else if (block.type === "citations_content") {
        blocks.push({ citationsContent: block.citationsContent });
      } else if (block.type === "cache_point") {
        blocks.push({ cachePoint: block.cachePoint });
      } else if (block.type !== "tool_use") {
        throw new UnsupportedContentError(
          `an assistant message has a "${String(block.type)}" content block that Converse does not take back`,
        );
      }
    }
  }
  for (const call of message.tool_calls ?? []) {
    blocks.push({ toolUse: { toolUseId: call.id ?? "", name: call.name, input: call.args ?? {} } });
  }
  return blocks;
}

function toolResultBlock(message: ToolMessage): WireBlock {
  const content =
    typeof message.content === "string"
      ? [{ text: message.content.trim() ? message.content : "(empty)" }]
      : (message.content as Block[]).map((block) =>
          block.type === "text"
            ? { text: block.text }
            : block.type === "image"
              ? imageBlock(block)
              : { json: block },
        );
  return {
    toolResult: {
      toolUseId: message.tool_call_id,
      content,
      ...(message.status === "error" ? { status: "error" } : {}),
    },
  };
}

/** True for Glassbox's own bookkeeping messages (context trims and summaries), which are never sent. */
export function isContextMarker(message: BaseMessage): boolean {
  return Boolean((message.additional_kwargs as Block | undefined)?.glassbox_context);
}

/**
 * The Converse `system` and `messages` for a conversation. System messages become system blocks; tool
 * results join the user turn that follows them (Converse alternates user and assistant turns); reasoning
 * blocks go back exactly as the model produced them; ToolMessage status reaches Bedrock.
 */
export function toConverseMessages(messages: readonly BaseMessage[]): {
  system: WireBlock[];
  messages: WireMessage[];
} {
  const system: WireBlock[] = [];
  const out: WireMessage[] = [];
  const push = (role: "user" | "assistant", content: WireBlock[]) => {
    const last = out.at(-1);
    if (last?.role === role) last.content.push(...content);
    else out.push({ role, content });
  };
  for (const message of messages) {
    if (isContextMarker(message)) continue;
    if (SystemMessage.isInstance(message)) {
      system.push(...userBlocks(message));
    } else if (AIMessage.isInstance(message)) {
      push("assistant", assistantBlocks(message));
    } else if (ToolMessage.isInstance(message)) {
      push("user", [toolResultBlock(message)]);
    } else if (HumanMessage.isInstance(message) || message.getType() === "human") {
      push("user", userBlocks(message));
    } else {
      throw new UnsupportedContentError(`messages of type "${message.getType()}" cannot be sent to Converse`);
    }
  }
  return { system, messages: out };
}
