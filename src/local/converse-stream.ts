import type { ModelTurn } from "./model-contract.ts";

/** One ConverseStream event: its `:event-type` and JSON payload. */
export interface StreamEvent {
  type:
    | "messageStart"
    | "contentBlockStart"
    | "contentBlockDelta"
    | "contentBlockStop"
    | "messageStop"
    | "metadata";
  payload: Record<string, unknown>;
}

/** Splits text into deltas of a few words, so streaming is visible. */
function textDeltas(text: string): string[] {
  const pieces = text.match(/\S+\s*|\s+/g) ?? [text];
  const deltas: string[] = [];
  for (let i = 0; i < pieces.length; i += 3) deltas.push(pieces.slice(i, i + 3).join(""));
  return deltas.length ? deltas : [text];
}

/** Splits a tool input's JSON into fragments, as Bedrock streams it. */
function jsonFragments(json: string): string[] {
  const size = Math.max(1, Math.ceil(json.length / 3));
  const fragments: string[] = [];
  for (let i = 0; i < json.length; i += size) fragments.push(json.slice(i, i + size));
  return fragments.length ? fragments : [json];
}

/** The event sequence of a ConverseStream response for one assistant turn. */
export function turnToStreamEvents(turn: ModelTurn, latencyMs: number): StreamEvent[] {
  const events: StreamEvent[] = [{ type: "messageStart", payload: { role: "assistant" } }];
  const delta = (contentBlockIndex: number, value: Record<string, unknown>) =>
    events.push({ type: "contentBlockDelta", payload: { contentBlockIndex, delta: value } });
  turn.content.forEach((block, contentBlockIndex) => {
    if ("text" in block) {
      for (const text of textDeltas(block.text)) delta(contentBlockIndex, { text });
    } else if ("reasoningContent" in block) {
      const { text, signature } = block.reasoningContent.reasoningText;
      for (const piece of textDeltas(text)) delta(contentBlockIndex, { reasoningContent: { text: piece } });
      if (signature) delta(contentBlockIndex, { reasoningContent: { signature } });
    } else if ("citationsContent" in block) {
      for (const part of block.citationsContent.content)
        for (const text of textDeltas(part.text)) delta(contentBlockIndex, { text });
      for (const citation of block.citationsContent.citations) delta(contentBlockIndex, { citation });
    } else {
      const { toolUseId, name, input } = block.toolUse;
      events.push({
        type: "contentBlockStart",
        payload: { contentBlockIndex, start: { toolUse: { toolUseId, name } } },
      });
      for (const fragment of jsonFragments(JSON.stringify(input ?? {}))) {
        delta(contentBlockIndex, { toolUse: { input: fragment } });
      }
    }
    events.push({ type: "contentBlockStop", payload: { contentBlockIndex } });
  });
  events.push({ type: "messageStop", payload: { stopReason: turn.stopReason } });
  events.push({ type: "metadata", payload: { usage: turn.usage, metrics: { latencyMs } } });
  return events;
}

/** The Converse (non-streaming) response body for one assistant turn. */
export function turnToConverseResponse(turn: ModelTurn, latencyMs: number) {
  return {
    output: { message: { role: "assistant", content: turn.content } },
    stopReason: turn.stopReason,
    usage: turn.usage,
    metrics: { latencyMs },
  };
}
