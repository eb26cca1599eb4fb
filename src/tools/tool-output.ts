import type { ContentBlock } from "@langchain/core/messages";
import type { Step } from "../graph/state.ts";
import type { ToolResultBlock } from "./tool-result-block.ts";

/**
 * What a tool may return instead of a plain value: Converse result blocks (an image, structured JSON),
 * and, for a tool that runs another agent, that agent's steps, so the caller's trace, usage, cost and
 * limits include them.
 */
export class ToolOutput {
  readonly blocks?: ToolResultBlock[];
  readonly steps?: Step[];
  /** The text the trace, the guardrail checkpoints and text-only readers see. */
  readonly text: string;
  /** The call failed (the model reads `text` as an error observation); `errorType` names why. */
  readonly error?: { type: string };
  constructor(output: {
    text?: string;
    blocks?: ToolResultBlock[];
    steps?: Step[];
    error?: { type: string };
  }) {
    this.blocks = output.blocks;
    this.steps = output.steps;
    this.error = output.error;
    this.text = output.text ?? textOfBlocks(output.blocks ?? []);
  }
}

/** The text of result blocks: text as is, JSON serialised, images as a short note. */
export function textOfBlocks(blocks: readonly ToolResultBlock[]): string {
  return blocks
    .map((block) => {
      if ("text" in block) return block.text;
      if ("json" in block) return JSON.stringify(block.json);
      return `[image/${block.image.format}]`;
    })
    .join("\n");
}

/**
 * LangChain message content for result blocks, in the shapes the Converse adapter
 * (`src/model/converse-messages.ts`) and `@langchain/aws` both turn into Converse `text`, `json` and
 * `image` blocks: images as core's standard base64 block, a plain object as a `json` block.
 */
export function toMessageContent(blocks: readonly ToolResultBlock[]): ContentBlock[] {
  return blocks.map((block): ContentBlock => {
    if ("text" in block) return { type: "text", text: block.text };
    if ("image" in block)
      return {
        type: "image",
        source_type: "base64",
        data: block.image.base64,
        mime_type: `image/${block.image.format}`,
      };
    const { json } = block;
    // A JSON object with a string `type` would be read as a content block of that type.
    const plainObject =
      json !== null &&
      typeof json === "object" &&
      !Array.isArray(json) &&
      typeof (json as { type?: unknown }).type !== "string";
    // Both adapters send a block of no known type as a Converse `json` block.
    return plainObject ? (json as ContentBlock) : { type: "text", text: JSON.stringify(json) };
  });
}
