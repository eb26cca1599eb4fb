import { type BaseMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { isContextMarker } from "../model/converse-messages.ts";

/**
 * What the model is shown of a thread, as recorded by the latest marker message: messages before
 * `keepFrom` are left out (or replaced by `summary`), and some tool results are shown shortened.
 * Markers are ordinary messages of the thread (Studio and `glassbox thread history` show them), so the
 * stored history keeps every message and says what was sent instead.
 */
export interface ContextMarker {
  kind: "trim" | "summary";
  /** The id of the first message still sent (its index as a fallback for messages without id). */
  keepFrom: string;
  keepFromIndex: number;
  /** Tool results shown shortened: tool call id → characters kept. */
  truncated: Record<string, number>;
  summary?: string;
}

/** The marker a message carries, if it is one. */
export function markerOf(message: BaseMessage): ContextMarker | undefined {
  if (!isContextMarker(message)) return undefined;
  return (message.additional_kwargs as { glassbox_context: ContextMarker }).glassbox_context;
}

/** The latest marker of a thread. */
export function latestMarker(messages: readonly BaseMessage[]): ContextMarker | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const marker = markerOf(messages[i] as BaseMessage);
    if (marker) return marker;
  }
  return undefined;
}

/** The message a marker is stored as: a system message with a line for people and the marker data. */
export function markerMessage(marker: ContextMarker, note: string): SystemMessage {
  return new SystemMessage({ content: note, additional_kwargs: { glassbox_context: marker } });
}

/** Where the kept part of the thread starts, by id, else by index. */
export function keepIndex(messages: readonly BaseMessage[], marker: ContextMarker | undefined): number {
  if (!marker) return 0;
  const byId = messages.findIndex((message) => message.id === marker.keepFrom);
  return byId >= 0 ? byId : Math.min(marker.keepFromIndex, messages.length);
}

export const SUMMARY_HEADING = "Summary of the earlier conversation (written by Glassbox's context manager):";

/** A tool result cut to `chars` characters, saying so. */
export function shortened(message: ToolMessage, chars: number): ToolMessage {
  const text = typeof message.content === "string" ? message.content : JSON.stringify(message.content);
  if (text.length <= chars) return message;
  return new ToolMessage({
    content: `${text.slice(0, chars)}\n…[tool result shortened for the context window: ${chars} of ${text.length} characters shown]`,
    tool_call_id: message.tool_call_id,
    name: message.name,
    status: message.status,
    id: message.id,
  });
}

/** The messages the model is shown, per the latest marker (all of them when there is none). */
export function contextView(
  messages: readonly BaseMessage[],
  marker = latestMarker(messages),
): BaseMessage[] {
  const start = keepIndex(messages, marker);
  const kept = messages
    .slice(start)
    .filter((message) => !isContextMarker(message))
    .map((message) => {
      const chars = ToolMessage.isInstance(message) ? marker?.truncated[message.tool_call_id] : undefined;
      return chars !== undefined && ToolMessage.isInstance(message) ? shortened(message, chars) : message;
    });
  if (marker?.summary) return [new HumanMessage(`${SUMMARY_HEADING}\n${marker.summary}`), ...kept];
  return kept;
}

/** Indexes where a kept part may start: user turns (so tool uses and their results stay together). */
export function turnStarts(messages: readonly BaseMessage[]): number[] {
  const starts: number[] = [];
  messages.forEach((message, index) => {
    if (message.getType() === "human" && !isContextMarker(message)) starts.push(index);
  });
  return starts;
}
