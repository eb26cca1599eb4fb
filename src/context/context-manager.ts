import { type BaseMessage, ToolMessage } from "@langchain/core/messages";
import type { TokenCount } from "../model/count-tokens.ts";
import type { Usage } from "../model/usage.ts";
import { type ContextMarker, keepIndex, turnStarts } from "./context-view.ts";

/** A summariser call the manager may make: the transcript in, the summary text and its cost out. */
export type Summarize = (
  transcript: string,
  maxTokens: number,
) => Promise<{ text: string; modelId: string; usage: Usage; costUsd?: number }>;

/** What a context manager is told before a model call. */
export interface ContextInput {
  /** The whole thread, markers included. */
  messages: readonly BaseMessage[];
  marker: ContextMarker | undefined;
  /** Input tokens of the request as it would be sent now (tools and system prompt included). */
  tokens: TokenCount;
  /** Estimated tokens of one message, to weigh the parts of the thread. */
  estimate(message: BaseMessage): number;
  contextWindow: number;
  trigger: "proactive" | "overflow";
  /** How many overflow retries came before this one (each asks for a smaller view). */
  overflowRound: number;
  summarize: Summarize;
}

/** A new view of the thread, and what making it involved. */
export interface ContextDecision {
  action: "trim" | "summarize";
  marker: ContextMarker;
  /** One line for the thread history. */
  note: string;
  messagesOmitted: number;
  toolResultsTruncated: number;
  summary?: { modelId: string; usage: Usage; costUsd?: number };
}

/** Keeps long threads within the model's context window. */
export interface ContextManager {
  readonly name: string;
  /** Fraction of the context window above which the manager acts before a call. */
  readonly threshold: number;
  /** The model that writes summaries, when the manager summarises (default: the agent's model). */
  readonly summaryModel?: string;
  /** A smaller view, or undefined when none is needed (or none can be made). */
  decide(input: ContextInput): Promise<ContextDecision | undefined>;
}

/** The parts of the thread as the manager weighs them, scaled so they add up to the measured count. */
export interface Weighed {
  start: number;
  /** Tokens per message index (0 outside the kept part). */
  tokens: number[];
  /** Tokens that no trimming changes: tools, system prompt, the summary. */
  fixed: number;
  /** Where the latest user turn starts: nothing from there on is dropped. */
  latestTurn: number;
}

export function weigh(input: ContextInput): Weighed {
  const start = keepIndex(input.messages, input.marker);
  const raw = input.messages.map((message, index) => (index < start ? 0 : input.estimate(message)));
  const rawSum = raw.reduce((a, b) => a + b, 0);
  const scale = rawSum > 0 ? Math.max(0.25, Math.min(4, input.tokens.tokens / (rawSum * 1.1))) : 1;
  const tokens = raw.map((value) => Math.ceil(value * scale));
  const fixed = Math.max(0, input.tokens.tokens - tokens.reduce((a, b) => a + b, 0));
  const starts = turnStarts(input.messages).filter((index) => index >= start);
  return { start, tokens, fixed, latestTurn: starts.at(-1) ?? start };
}

/** The token target for a new view: `keep` of the window, lower on each overflow retry. */
export function targetTokens(input: ContextInput, keep: number): number {
  const target = Math.floor(input.contextWindow * keep);
  if (input.trigger === "proactive") return target;
  return Math.min(target, Math.floor(input.tokens.tokens * 0.6 ** (input.overflowRound + 1)));
}

/** Whether the manager should act: over its threshold, or Bedrock said the input is too long. */
export function needsAction(input: ContextInput, threshold: number): boolean {
  return input.trigger === "overflow" || input.tokens.tokens > input.contextWindow * threshold;
}

const lengthOf = (message: ToolMessage) =>
  typeof message.content === "string" ? message.content.length : JSON.stringify(message.content).length;

/**
 * Shortens the largest tool results in the kept part, largest first, to `maxChars` characters each,
 * until the total fits `target`. Returns the truncations (tool call id → characters) and the new total.
 */
export function truncateLargest(
  messages: readonly BaseMessage[],
  weighed: Weighed,
  previous: Record<string, number>,
  target: number,
  maxChars: number,
): { truncated: Record<string, number>; total: number; count: number } {
  const truncated = { ...previous };
  let total = weighed.fixed + weighed.tokens.reduce((a, b) => a + b, 0);
  let count = 0;
  const candidates = messages
    .flatMap((message, index) =>
      index >= weighed.start && ToolMessage.isInstance(message)
        ? [{ message, index, length: lengthOf(message) }]
        : [],
    )
    .filter(({ message, length }) => Math.min(length, truncated[message.tool_call_id] ?? length) > maxChars)
    .sort((a, b) => b.length - a.length);
  for (const { message, index, length } of candidates) {
    if (total <= target) break;
    const keep = maxChars;
    const before = weighed.tokens[index] ?? 0;
    const after = Math.ceil((before * keep) / length) + 20;
    if (after >= before) continue;
    truncated[message.tool_call_id] = keep;
    weighed.tokens[index] = after;
    total -= before - after;
    count++;
  }
  return { truncated, total, count };
}

/** Truncations that still apply from `start` on (those for dropped messages are forgotten). */
export function truncationsFrom(
  messages: readonly BaseMessage[],
  start: number,
  truncated: Record<string, number>,
): Record<string, number> {
  const kept = new Set(
    messages
      .slice(start)
      .flatMap((message) => (ToolMessage.isInstance(message) ? [message.tool_call_id] : [])),
  );
  return Object.fromEntries(Object.entries(truncated).filter(([id]) => kept.has(id)));
}

/** Counts the messages (not markers) between two indexes. */
export const countMessages = (
  messages: readonly BaseMessage[],
  from: number,
  to: number,
  isMarker: (m: BaseMessage) => boolean,
) => messages.slice(from, to).filter((message) => !isMarker(message)).length;
