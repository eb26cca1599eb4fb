import { createHash, type Hash } from "node:crypto";
import { documentPages, imageSize, sourceBytes } from "./media.ts";
import { countTokens } from "./model/tokens.ts";

type Block = Record<string, unknown>;

/** A cache point in request order: the tokens before it and the identity of that prefix. */
export interface PrefixPoint {
  /** `toolConfig.tools.3`, `system.1`, `messages.4.content.2`. */
  path: string;
  tokens: number;
  key: string;
  ttl: "5m" | "1h";
}

/** The input of a Converse request as the local Bedrock bills it. */
export interface InputMeasure {
  total: number;
  points: PrefixPoint[];
}

/** Tokens of one content block: text by the local tokenizer, images by their pixels, documents by their text. */
export function blockTokens(block: Block): number {
  if (typeof block.text === "string") return countTokens(block.text);
  if (block.image) {
    const size = imageSize(sourceBytes((block.image as Block).source) ?? Buffer.alloc(0));
    // Claude's rule of thumb: width × height / 750 tokens.
    return size ? Math.max(1, Math.ceil((size.width * size.height) / 750)) : 1600;
  }
  if (block.document) {
    const document = block.document as Block;
    const pages = documentPages(document);
    return 8 + countTokens(`${String(document.name ?? "")} ${pages.join("\n")}`);
  }
  if (block.reasoningContent) {
    const text = ((block.reasoningContent as Block).reasoningText as Block | undefined)?.text;
    return typeof text === "string" ? countTokens(text) : 16;
  }
  if (block.toolResult) {
    const result = block.toolResult as { content?: Block[] };
    return (
      4 +
      (result.content ?? []).reduce(
        (sum, part) =>
          sum + (part.json !== undefined ? countTokens(JSON.stringify(part.json)) : blockTokens(part)),
        0,
      )
    );
  }
  return countTokens(JSON.stringify(block));
}

interface Walk {
  hash: Hash;
  total: number;
  points: PrefixPoint[];
}

function visit(walk: Walk, path: string, item: Block, tokensOf: (item: Block) => number): void {
  const cache = item.cachePoint as { ttl?: "5m" | "1h" } | undefined;
  if (cache) {
    walk.points.push({
      path,
      tokens: walk.total,
      key: walk.hash.copy().digest("hex"),
      ttl: cache.ttl ?? "5m",
    });
    return;
  }
  walk.hash.update(`${path.split(".")[0]}:${JSON.stringify(item)}\n`);
  walk.total += tokensOf(item);
}

/**
 * Measures a request's input in Bedrock's prefix order (tool list, system prompt, messages): the total
 * tokens and, at each cache point, the tokens before it and a hash of everything before it. A prefix
 * is the same prefix only when every block before the point is byte-for-byte the same.
 */
export function measureInput(
  modelId: string,
  request: {
    toolConfig?: { tools?: Block[] };
    system?: Block[];
    messages: Array<{ role: string; content: Block[] }>;
  },
): InputMeasure {
  const walk: Walk = { hash: createHash("sha256").update(`${modelId}\n`), total: 0, points: [] };
  (request.toolConfig?.tools ?? []).forEach((tool, i) => {
    visit(walk, `toolConfig.tools.${i}`, tool, (item) => countTokens(JSON.stringify(item)));
  });
  (request.system ?? []).forEach((block, i) => {
    visit(walk, `system.${i}`, block, blockTokens);
  });
  request.messages.forEach((message, i) => {
    walk.total += 3;
    walk.hash.update(`role:${message.role}\n`);
    message.content.forEach((block, j) => {
      visit(walk, `messages.${i}.content.${j}`, block, blockTokens);
    });
  });
  return { total: walk.total, points: walk.points };
}
