import type { BaseMessage } from "@langchain/core/messages";
import { textOf } from "../graph/messages.ts";
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

/** Options of {@link summarizing}. */
export interface SummarizingOptions {
  /** The model that writes summaries (a cheaper one, e.g. Claude Haiku); default: the agent's model. */
  model?: string;
  /** Act before a call once the request passes this fraction of the context window. Default 0.8. */
  threshold?: number;
  /** Keep the latest turns verbatim up to this fraction of the window. Default 0.4. */
  keep?: number;
  /** Longest summary, in tokens. Default: a tenth of the window, at most 1,024. */
  maxSummaryTokens?: number;
  /** Tool results longer than this are shortened in the summariser's transcript. Default 1,000. */
  maxToolResultChars?: number;
}

/** The summariser's instructions (the local Bedrock recognises them and answers extractively). */
export const SUMMARY_PROMPT =
  "Summarize the conversation below for an assistant that will continue it without seeing it. Keep every fact, number, decision, open question and tool result the assistant may need; drop pleasantries. Write plain sentences, no preamble.";

/** A conversation as plain text for the summariser, tool results clipped. */
export function transcript(
  messages: readonly BaseMessage[],
  previousSummary: string | undefined,
  maxToolChars: number,
): string {
  const lines: string[] = [];
  if (previousSummary) lines.push(`Earlier summary: ${previousSummary}`);
  for (const message of messages) {
    if (isContextMarker(message)) continue;
    const type = message.getType();
    const text = textOf(message).trim();
    if (type === "human") lines.push(`User: ${text}`);
    else if (type === "ai") {
      const calls = ((message as { tool_calls?: Array<{ name: string; args: unknown }> }).tool_calls ?? [])
        .map((call) => `${call.name}(${JSON.stringify(call.args)})`)
        .join(", ");
      if (text) lines.push(`Assistant: ${text}`);
      if (calls) lines.push(`Assistant called: ${calls}`);
    } else if (type === "tool") {
      const name = (message as { name?: string }).name ?? "tool";
      const body = typeof message.content === "string" ? message.content : JSON.stringify(message.content);
      lines.push(
        `Tool ${name} returned: ${body.length > maxToolChars ? `${body.slice(0, maxToolChars)}…` : body}`,
      );
    }
  }
  return lines.join("\n");
}

/**
 * A summarising manager: when the request passes `threshold` of the context window (or Bedrock refuses
 * it as too long), the older turns are replaced by a summary written by `model`, and the latest turns
 * are kept verbatim up to `keep` of the window. Each summary folds in the one before it.
 *
 * @example
 * createAgent({ context: summarizing({ model: "us.anthropic.claude-haiku-4-5-20251001-v1:0" }) })
 */
export function summarizing(options: SummarizingOptions = {}): ContextManager {
  const threshold = options.threshold ?? 0.8;
  const keep = Math.min(options.keep ?? 0.4, threshold);
  const maxToolChars = options.maxToolResultChars ?? 1000;
  return {
    name: "summarizing",
    threshold,
    ...(options.model ? { summaryModel: options.model } : {}),
    async decide(input: ContextInput): Promise<ContextDecision | undefined> {
      if (!needsAction(input, threshold)) return undefined;
      const target = targetTokens(input, keep);
      const weighed = weigh(input);
      const summaryTokens = options.maxSummaryTokens ?? Math.min(1024, Math.floor(input.contextWindow / 10));
      // Keep the newest turns that fit the target; everything before them is summarised.
      let start = weighed.latestTurn;
      let kept = weighed.fixed + summaryTokens;
      for (let i = weighed.latestTurn; i < input.messages.length; i++) kept += weighed.tokens[i] ?? 0;
      for (const turn of turnStarts(input.messages).reverse()) {
        if (turn >= weighed.latestTurn || turn < weighed.start) continue;
        let size = 0;
        for (let i = turn; i < start; i++) size += weighed.tokens[i] ?? 0;
        if (kept + size > target) break;
        kept += size;
        start = turn;
      }
      const truncation =
        kept > target
          ? truncateLargest(
              input.messages,
              { ...weighed, start },
              input.marker?.truncated ?? {},
              target,
              maxToolChars,
            )
          : { truncated: input.marker?.truncated ?? {}, count: 0 };
      if (start <= weighed.start && truncation.count === 0) return undefined;
      const older = input.messages.slice(weighed.start, start);
      const summary =
        start > weighed.start
          ? await input.summarize(transcript(older, input.marker?.summary, maxToolChars), summaryTokens)
          : undefined;
      const omitted = countMessages(input.messages, 0, start, isContextMarker);
      const text = summary?.text.trim() || input.marker?.summary;
      return {
        action: "summarize",
        marker: {
          kind: "summary",
          keepFrom: input.messages[start]?.id ?? "",
          keepFromIndex: start,
          truncated: truncationsFrom(input.messages, start, truncation.truncated),
          ...(text ? { summary: text } : {}),
        },
        note: `[context] ${omitted} earlier message${omitted === 1 ? " is" : "s are"} replaced by a summary (${input.trigger}${summary ? `, by ${summary.modelId}` : ""})`,
        messagesOmitted: omitted,
        toolResultsTruncated: truncation.count,
        ...(summary
          ? { summary: { modelId: summary.modelId, usage: summary.usage, costUsd: summary.costUsd } }
          : {}),
      };
    },
  };
}
