import { isContextMarker } from "../model/converse-messages.ts";
import {
  type ContextDecision,
  type ContextInput,
  type ContextManager,
  countMessages,
  needsAction,
  targetTokens,
  truncateLargest,
  truncationsFrom,
  weigh,
} from "./context-manager.ts";
import { turnStarts } from "./context-view.ts";

/** Options of {@link slidingWindow}. */
export interface SlidingWindowOptions {
  /** Act before a call once the request passes this fraction of the context window. Default 0.8. */
  threshold?: number;
  /** Trim down to this fraction of the window (lower than `threshold`, so trims are rare). Default 0.5. */
  keep?: number;
  /** Tool results longer than this many characters are shortened first, largest first. Default 2,000. */
  maxToolResultChars?: number;
}

/**
 * A sliding window over the thread: when the request passes `threshold` of the model's context window
 * (or Bedrock refuses it as too long), the largest tool results are shortened first, then the oldest
 * turns are left out, whole turns only, so a tool use and its result are never split, until the request
 * is back under `keep` of the window. The latest turn is always sent.
 *
 * @example
 * createAgent({ model: "us.anthropic.claude-haiku-4-5-20251001-v1:0", context: slidingWindow({ threshold: 0.7 }) })
 */
export function slidingWindow(options: SlidingWindowOptions = {}): ContextManager {
  const threshold = options.threshold ?? 0.8;
  const keep = Math.min(options.keep ?? 0.5, threshold);
  const maxChars = options.maxToolResultChars ?? 2000;
  return {
    name: "sliding_window",
    threshold,
    async decide(input: ContextInput): Promise<ContextDecision | undefined> {
      if (!needsAction(input, threshold)) return undefined;
      const target = targetTokens(input, keep);
      const weighed = weigh(input);
      const previous = input.marker?.truncated ?? {};
      const { truncated, total, count } = truncateLargest(
        input.messages,
        weighed,
        previous,
        target,
        maxChars,
      );
      let start = weighed.start;
      let remaining = total;
      for (const turn of turnStarts(input.messages)) {
        if (remaining <= target || turn >= weighed.latestTurn) break;
        if (turn <= start) continue;
        for (let i = start; i < turn; i++) remaining -= weighed.tokens[i] ?? 0;
        start = turn;
      }
      if (start === weighed.start && count === 0) return undefined;
      const omitted = countMessages(input.messages, 0, start, isContextMarker);
      const kept = input.messages[start];
      return {
        action: "trim",
        marker: {
          kind: "trim",
          keepFrom: kept?.id ?? "",
          keepFromIndex: start,
          truncated: truncationsFrom(input.messages, start, truncated),
        },
        note: `[context] ${omitted} earlier message${omitted === 1 ? " is" : "s are"} not sent to the model${count ? `; ${count} tool result${count === 1 ? "" : "s"} shortened` : ""} (sliding window, ${input.trigger})`,
        messagesOmitted: omitted,
        toolResultsTruncated: count,
      };
    },
  };
}
