import type { CachePolicy } from "./cache-policy.ts";
import type { CacheSupport, CacheTtl } from "./catalog.ts";
import { type ConverseRequestBody, cachePoint, isCachePoint, type WireBlock } from "./converse-wire.ts";

/** Where the cache points of one request went. */
export interface CachePlacement {
  request: ConverseRequestBody;
  /** `tools`, `system`, `messages.<i>` for each point placed, in request order. */
  points: string[];
  /** Cache points already in the messages that were taken out (superseded, or over the limit). */
  removed: number;
}

const TTL_RANK: Record<CacheTtl, number> = { "1h": 2, "5m": 1 };

/** True when a cache point may follow this content: something cacheable, and not a reasoning block. */
function canFollow(blocks: readonly WireBlock[]): boolean {
  const last = blocks.at(-1);
  return last !== undefined && !isCachePoint(last) && !("reasoningContent" in last);
}

const hasToolBlocks = (blocks: readonly WireBlock[]) =>
  blocks.some((block) => "toolResult" in block || "toolUse" in block);

/**
 * Places cache points the way Bedrock accepts them, on a copy of the request:
 * after the tool list, after the system prompt, and at the end of the latest user turn and of the user
 * turn before the latest assistant reply (the end of the previous request, whose prefix Bedrock has
 * cached). Never more than the model's limit (four), never in a field the model refuses (Nova: tools),
 * never first in a list or right after a reasoning block, TTLs non-increasing in request order. Cache
 * points already in the messages are removed first: the policy owns message checkpoints.
 */
export function placeCachePoints(
  request: ConverseRequestBody,
  support: CacheSupport,
  policy: CachePolicy,
): CachePlacement {
  const points: string[] = [];
  let removed = 0;
  const ttlFor = (field: "tools" | "system" | "messages"): CacheTtl | undefined => {
    const ttl = policy.ttl[field];
    return ttl && ttl !== support.ttls[0] ? ttl : undefined;
  };
  const messages = request.messages.map((message) => {
    const content = message.content.filter((block) => !isCachePoint(block));
    removed += message.content.length - content.length;
    return { ...message, content };
  });
  const next: ConverseRequestBody = { ...request, messages };
  let budget = support.maxPoints;
  let lastRank = Number.POSITIVE_INFINITY;
  const allowTtl = (ttl: CacheTtl | undefined) => {
    const rank = TTL_RANK[ttl ?? support.ttls[0] ?? "5m"];
    if (rank > lastRank) return false;
    lastRank = rank;
    return true;
  };

  const tools = request.toolConfig?.tools ?? [];
  if (
    policy.tools &&
    support.fields.includes("tools") &&
    tools.length &&
    !tools.some((tool) => isCachePoint(tool)) &&
    budget > 0 &&
    allowTtl(ttlFor("tools"))
  ) {
    next.toolConfig = {
      ...(request.toolConfig ?? { tools }),
      tools: [...tools, cachePoint(ttlFor("tools"))],
    };
    points.push("tools");
    budget--;
  }
  const system = request.system ?? [];
  if (
    policy.system &&
    support.fields.includes("system") &&
    canFollow(system) &&
    budget > 0 &&
    allowTtl(ttlFor("system"))
  ) {
    next.system = [...system, cachePoint(ttlFor("system"))];
    points.push("system");
    budget--;
  }
  if (policy.messages && support.fields.includes("messages") && allowTtl(ttlFor("messages"))) {
    for (const index of messageTargets(messages, support)
      .slice(0, budget)
      .sort((a, b) => a - b)) {
      const message = messages[index];
      if (!message) continue;
      messages[index] = { ...message, content: [...message.content, cachePoint(ttlFor("messages"))] };
      points.push(`messages.${index}`);
    }
  }
  return { request: next, points, removed };
}

/**
 * The user turns to mark, most valuable first: the latest turn, then the turn that ended the previous
 * request (the user turn before the latest assistant message), then earlier user turns.
 */
function messageTargets(messages: ConverseRequestBody["messages"], support: CacheSupport): number[] {
  const ok = (index: number) => {
    const message = messages[index];
    if (message?.role !== "user" || !canFollow(message.content)) return false;
    return support.inToolTurns || !hasToolBlocks(message.content);
  };
  const targets: number[] = [];
  const latest = messages.findLastIndex((_, index) => ok(index));
  if (latest >= 0) targets.push(latest);
  const lastAssistant = messages.findLastIndex((message) => message.role === "assistant");
  const previous = messages.findLastIndex((_, index) => index < lastAssistant && ok(index));
  if (previous >= 0 && !targets.includes(previous)) targets.push(previous);
  return targets;
}
