/**
 * The `@langchain/core` content blocks Glassbox keeps in graph state for what Converse returns beyond
 * text, in exactly the shapes `@langchain/aws`'s `ChatBedrockConverse` reads and writes, typed from
 * that package so they cannot drift: a thread either of them wrote, the other continues.
 */
import type { MessageContentReasoningBlock, MessageContentReasoningBlockRedacted } from "@langchain/aws";
import type { ContentBlock } from "@langchain/core/messages";

/**
 * Reasoning text with Bedrock's signature, kept byte for byte (`ChatBedrockConverse` writes these:
 * core's standard `reasoning` block plus the `signature` a replay must carry).
 */
export type SignedReasoningBlock = ContentBlock.Reasoning & { signature?: string };

/** Redacted reasoning: the encrypted bytes as base64 (`@langchain/aws`'s `reasoning_content` block). */
export type RedactedReasoningBlock = MessageContentReasoningBlockRedacted;

/** Any reasoning block a replay accepts: Glassbox's and `ChatBedrockConverse`'s, partial ones included. */
export type ReasoningBlock = SignedReasoningBlock | MessageContentReasoningBlock;

/** A Converse `citationsContent` block as `ChatBedrockConverse` stores it. */
export interface CitationsBlock {
  type: "citations_content";
  citationsContent: unknown;
}

/** The reasoning block of a Converse `reasoningContent.reasoningText` (text and signature). */
export function signedReasoningBlock(text: string, signature: string | undefined): SignedReasoningBlock {
  return { type: "reasoning", reasoning: text, ...(signature !== undefined ? { signature } : {}) };
}

/** The block of a Converse `reasoningContent.redactedContent` (base64 of the bytes). */
export function redactedReasoningBlock(bytes: Uint8Array | string): RedactedReasoningBlock {
  return {
    type: "reasoning_content",
    redactedContent: typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("base64"),
  };
}
