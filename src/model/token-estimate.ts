import type { ConverseRequestBody, WireBlock } from "./converse-wire.ts";

/** Tokens Glassbox assumes an image costs when it cannot count (Claude bills about 1,600 for 1 MP). */
const IMAGE_TOKENS = 1600;
const TEXT_FORMATS = new Set(["txt", "md", "csv", "html"]);

/** About four characters per token: generous for English and JSON, so estimates err on the high side. */
export const estimateTextTokens = (text: string): number => Math.ceil(text.length / 4);

function byteLength(source: unknown): number {
  const bytes = (source as { bytes?: unknown } | undefined)?.bytes;
  if (bytes instanceof Uint8Array) return bytes.length;
  return typeof bytes === "string" ? Math.floor((bytes.length * 3) / 4) : 0;
}

/** Estimated tokens of one content block. */
export function estimateBlockTokens(block: WireBlock): number {
  if (typeof block.text === "string") return estimateTextTokens(block.text);
  if (block.cachePoint) return 0;
  if (block.image) return IMAGE_TOKENS;
  if (block.document) {
    const document = block.document as { format?: string; source?: { text?: string; bytes?: unknown } };
    if (typeof document.source?.text === "string") return estimateTextTokens(document.source.text);
    const size = byteLength(document.source);
    // Text formats cost their characters; PDF and Office files hold a fraction of their bytes as text.
    return TEXT_FORMATS.has(document.format ?? "") ? Math.ceil(size / 4) : Math.ceil(size / 10);
  }
  if (block.toolResult) {
    const result = block.toolResult as { content?: WireBlock[] };
    return (
      4 +
      (result.content ?? []).reduce(
        (sum, part) =>
          sum +
          (part.json !== undefined
            ? estimateTextTokens(JSON.stringify(part.json))
            : estimateBlockTokens(part)),
        0,
      )
    );
  }
  return estimateTextTokens(JSON.stringify(block));
}

/** Estimated input tokens of a whole Converse request: tools, system prompt and messages. */
export function estimateRequestTokens(
  request: Pick<ConverseRequestBody, "messages" | "system" | "toolConfig">,
): number {
  let tokens = request.toolConfig ? estimateTextTokens(JSON.stringify(request.toolConfig.tools)) : 0;
  for (const block of request.system ?? []) tokens += estimateBlockTokens(block);
  for (const message of request.messages) {
    tokens += 3;
    for (const block of message.content) tokens += estimateBlockTokens(block);
  }
  return tokens;
}
