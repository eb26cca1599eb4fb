import type { BaseMessage } from "@langchain/core/messages";
import type { StateSnapshot } from "@langchain/langgraph";
import { textOf } from "../graph/messages.ts";

/** A compiled agent graph with a checkpointer: what thread history reads. */
export interface ThreadGraph {
  getState(config: { configurable: Record<string, unknown> }): Promise<StateSnapshot>;
  getStateHistory(config: { configurable: Record<string, unknown> }): AsyncIterableIterator<StateSnapshot>;
}

/** One checkpoint of a thread, as `glassbox thread history` lists it. */
export interface CheckpointSummary {
  checkpointId: string;
  parentCheckpointId?: string;
  /** LangGraph's step counter: -1 is the input, then one per superstep. */
  step: number;
  /** `input`, `loop`, `update` or `fork`. */
  source: string;
  /** The nodes that wrote this checkpoint. */
  wrote: string[];
  /** The nodes that run next from here (empty once the run ended). */
  next: string[];
  createdAt?: string;
  messages: number;
  /** The last message, clipped to one line. */
  last?: string;
}

/** The checkpoints of a thread, newest first (every branch, as the checkpointer stores them). */
export async function threadHistory(graph: ThreadGraph, threadId: string): Promise<CheckpointSummary[]> {
  const summaries: CheckpointSummary[] = [];
  for await (const snapshot of graph.getStateHistory({ configurable: { thread_id: threadId } }))
    summaries.push(summarize(snapshot));
  return summaries;
}

/** One checkpoint of a thread in full, or undefined when the thread has no such checkpoint. */
export async function threadCheckpoint(
  graph: ThreadGraph,
  threadId: string,
  checkpointId: string,
): Promise<StateSnapshot | undefined> {
  const snapshot = await graph.getState({
    configurable: { thread_id: threadId, checkpoint_id: checkpointId },
  });
  return snapshot.config.configurable?.checkpoint_id === checkpointId && snapshot.createdAt
    ? snapshot
    : undefined;
}

/**
 * The nodes a thread stopped before: `next`, or the nodes with pending interrupts (after a resume
 * value was turned down and the node paused again, LangGraph lists the interrupt but no `next`).
 */
export function pausedNodes(snapshot: StateSnapshot): string[] {
  if (snapshot.next.length > 0) return [...snapshot.next];
  return snapshot.tasks.filter((task) => task.interrupts?.length).map((task) => task.name);
}

/** A checkpoint in a few plain fields. */
export function summarize(snapshot: StateSnapshot): CheckpointSummary {
  const metadata = (snapshot.metadata ?? {}) as {
    step?: number;
    source?: string;
    writes?: Record<string, unknown>;
  };
  const messages = ((snapshot.values as { messages?: BaseMessage[] }).messages ?? []) as BaseMessage[];
  const last = messages.at(-1);
  const parent = snapshot.parentConfig?.configurable?.checkpoint_id as string | undefined;
  return {
    checkpointId: String(snapshot.config.configurable?.checkpoint_id ?? ""),
    ...(parent ? { parentCheckpointId: parent } : {}),
    step: metadata.step ?? 0,
    source: metadata.source ?? "?",
    wrote: Object.keys(metadata.writes ?? {}),
    next: pausedNodes(snapshot),
    ...(snapshot.createdAt ? { createdAt: snapshot.createdAt } : {}),
    messages: messages.length,
    ...(last ? { last: describeMessage(last) } : {}),
  };
}

/** `role: text` on one line, with the tool calls an assistant message asks for. */
export function describeMessage(message: BaseMessage): string {
  const calls = (message as { tool_calls?: Array<{ name: string; args: unknown }> }).tool_calls ?? [];
  const text = textOf(message).replace(/\s+/g, " ").trim();
  const asks = calls.map((call) => `${call.name}(${JSON.stringify(call.args)})`).join(", ");
  const body = [text, asks && `→ ${asks}`].filter(Boolean).join(" ");
  return `${message.getType()}: ${body.length > 160 ? `${body.slice(0, 159)}…` : body}`;
}
