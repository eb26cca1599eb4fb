import { AIMessage } from "@langchain/core/messages";
import type { ToolCall } from "@langchain/core/messages/tool";

type Block = Record<string, unknown>;

/** A Converse response (or the streamed parts of one) in plain fields. */
export interface ConverseOutcome {
  content: Block[];
  stopReason?: string;
  usage?: Record<string, unknown>;
  metrics?: Record<string, unknown>;
  additionalModelResponseFields?: unknown;
  trace?: unknown;
  requestId?: string;
}

const base64 = (bytes: unknown): string =>
  bytes instanceof Uint8Array
    ? Buffer.from(bytes).toString("base64")
    : typeof bytes === "string"
      ? bytes
      : "";

/**
 * The AIMessage for a Converse response. Content blocks keep Bedrock's order and the shapes
 * `@langchain/aws` uses, so a thread stays readable by LangChain tools: `text`, `reasoning` (text and
 * signature, kept byte for byte), `reasoning_content` (redacted), `citations_content`. Tool uses become
 * `tool_calls`. `response_metadata` carries the stop reason, the Converse usage and the request id.
 */
export function toAIMessage(outcome: ConverseOutcome): AIMessage {
  const content: Block[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of outcome.content) {
    if (typeof block.text === "string") content.push({ type: "text", text: block.text });
    else if (block.toolUse) {
      const use = block.toolUse as { toolUseId: string; name: string; input?: unknown };
      const args = use.input && typeof use.input === "object" ? (use.input as Record<string, unknown>) : {};
      toolCalls.push({ id: use.toolUseId, name: use.name, args, type: "tool_call" });
    } else if (block.reasoningContent) {
      const reasoning = block.reasoningContent as Block;
      const text = reasoning.reasoningText as { text?: string; signature?: string } | undefined;
      if (text)
        content.push({
          type: "reasoning",
          reasoning: text.text ?? "",
          ...(text.signature !== undefined ? { signature: text.signature } : {}),
        });
      else if (reasoning.redactedContent !== undefined)
        content.push({ type: "reasoning_content", redactedContent: base64(reasoning.redactedContent) });
    } else if (block.citationsContent) {
      content.push({ type: "citations_content", citationsContent: block.citationsContent });
    }
  }
  const onlyText = content.every((block) => block.type === "text");
  const usage = outcome.usage as {
    inputTokens?: number;
    outputTokens?: number;
    totalTokens?: number;
  } & Block;
  const cacheRead = (usage?.cacheReadInputTokens as number | undefined) ?? 0;
  const cacheWrite = (usage?.cacheWriteInputTokens as number | undefined) ?? 0;
  return new AIMessage({
    content: onlyText ? content.map((block) => block.text as string).join("") : (content as never),
    tool_calls: toolCalls,
    response_metadata: {
      stopReason: outcome.stopReason,
      usage: outcome.usage,
      metrics: outcome.metrics,
      ...(outcome.additionalModelResponseFields !== undefined
        ? { additionalModelResponseFields: outcome.additionalModelResponseFields }
        : {}),
      ...(outcome.trace !== undefined ? { trace: outcome.trace } : {}),
      model_provider: "bedrock-converse",
    },
    ...(usage
      ? {
          usage_metadata: {
            input_tokens: (usage.inputTokens ?? 0) + cacheRead + cacheWrite,
            output_tokens: usage.outputTokens ?? 0,
            total_tokens: usage.totalTokens ?? 0,
            input_token_details: { cache_read: cacheRead, cache_creation: cacheWrite },
          },
        }
      : {}),
    ...(outcome.requestId ? { id: outcome.requestId } : {}),
  });
}

interface Slot {
  text?: string;
  toolUse?: { toolUseId: string; name: string; input: string };
  reasoning?: { text: string; signature?: string; redacted?: Uint8Array[] };
  citations?: Block[];
}

/** What a ConverseStream event adds, for callers that show it as it arrives. */
export type StreamDelta = { kind: "text"; text: string } | { kind: "reasoning"; text: string };

/**
 * Puts a ConverseStream's events back together into one response: text, tool-use JSON fragments,
 * reasoning text with its signature, redacted reasoning, and citations (text and citation deltas on the
 * same content block index make one `citationsContent` block).
 */
export function createStreamAssembler() {
  const slots = new Map<number, Slot>();
  const outcome: ConverseOutcome = { content: [] };
  const slot = (index: number) => {
    let found = slots.get(index);
    if (!found) {
      found = {};
      slots.set(index, found);
    }
    return found;
  };
  return {
    /** Applies one event; returns the visible delta, if any. */
    push(event: Block): StreamDelta | undefined {
      if (event.contentBlockStart) {
        const { contentBlockIndex, start } = event.contentBlockStart as {
          contentBlockIndex: number;
          start?: Block;
        };
        const use = start?.toolUse as { toolUseId: string; name: string } | undefined;
        if (use) slot(contentBlockIndex).toolUse = { toolUseId: use.toolUseId, name: use.name, input: "" };
        return undefined;
      }
      if (event.contentBlockDelta) {
        const { contentBlockIndex, delta } = event.contentBlockDelta as {
          contentBlockIndex: number;
          delta: Block;
        };
        const target = slot(contentBlockIndex);
        if (typeof delta.text === "string") {
          target.text = (target.text ?? "") + delta.text;
          return delta.text ? { kind: "text", text: delta.text } : undefined;
        }
        if (delta.toolUse) {
          target.toolUse ??= { toolUseId: "", name: "", input: "" };
          target.toolUse.input += String((delta.toolUse as Block).input ?? "");
          return undefined;
        }
        if (delta.reasoningContent) {
          const reasoning = delta.reasoningContent as Block;
          target.reasoning ??= { text: "" };
          if (typeof reasoning.text === "string") {
            target.reasoning.text += reasoning.text;
            return { kind: "reasoning", text: reasoning.text };
          }
          if (typeof reasoning.signature === "string")
            target.reasoning.signature = (target.reasoning.signature ?? "") + reasoning.signature;
          if (reasoning.redactedContent instanceof Uint8Array)
            target.reasoning.redacted = [...(target.reasoning.redacted ?? []), reasoning.redactedContent];
          return undefined;
        }
        if (delta.citation) target.citations = [...(target.citations ?? []), delta.citation as Block];
        return undefined;
      }
      if (event.messageStop) {
        const stop = event.messageStop as Block;
        outcome.stopReason = stop.stopReason as string | undefined;
        if (stop.additionalModelResponseFields !== undefined)
          outcome.additionalModelResponseFields = stop.additionalModelResponseFields;
      }
      if (event.metadata) {
        const metadata = event.metadata as Block;
        outcome.usage = metadata.usage as Block | undefined;
        outcome.metrics = metadata.metrics as Block | undefined;
        if (metadata.trace !== undefined) outcome.trace = metadata.trace;
      }
      return undefined;
    },
    /** Whether the stream reached `messageStop` (a stream cut short did not). */
    get complete(): boolean {
      return outcome.stopReason !== undefined;
    },
    /** The assembled response; tool-use input that is not valid JSON becomes `{}`. */
    finish(requestId?: string): ConverseOutcome {
      const indices = [...slots.keys()].sort((a, b) => a - b);
      outcome.content = indices.flatMap((index): Block[] => {
        const part = slots.get(index) as Slot;
        if (part.toolUse) return [{ toolUse: { ...part.toolUse, input: parseInput(part.toolUse.input) } }];
        if (part.reasoning) {
          if (part.reasoning.redacted?.length)
            return [{ reasoningContent: { redactedContent: Buffer.concat(part.reasoning.redacted) } }];
          return [
            {
              reasoningContent: {
                reasoningText: { text: part.reasoning.text, signature: part.reasoning.signature },
              },
            },
          ];
        }
        if (part.citations?.length) return [citationsBlock(part.text ?? "", part.citations)];
        return part.text !== undefined ? [{ text: part.text }] : [];
      });
      if (requestId) outcome.requestId = requestId;
      return outcome;
    },
  };
}

function parseInput(json: string): unknown {
  if (!json.trim()) return {};
  try {
    return JSON.parse(json);
  } catch {
    return {};
  }
}

/** A streamed citations block: its text, and each citation delta's source content joined. */
function citationsBlock(text: string, deltas: Block[]): Block {
  const citations = deltas.map((delta) => ({
    ...(delta.title !== undefined ? { title: delta.title } : {}),
    ...(delta.source !== undefined ? { source: delta.source } : {}),
    ...(delta.location !== undefined ? { location: delta.location } : {}),
    sourceContent: ((delta.sourceContent as Block[] | undefined) ?? []).map((part) => ({ text: part.text })),
  }));
  return { citationsContent: { content: [{ text }], citations } };
}
