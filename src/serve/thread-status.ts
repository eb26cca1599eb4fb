import type { BaseMessage } from "@langchain/core/messages";
import type { StateSnapshot } from "@langchain/langgraph";
import type { Agent } from "../agent/create-agent.ts";
import { type PendingToolCall, ToolReviewRequestSchema } from "../graph/tool-review.ts";
import { pausedNodes } from "../threads/history.ts";

/** Where a thread stands before an invocation acts on it. */
export interface ThreadStatus {
  /** False when the thread has no checkpoint yet (a new session). */
  exists: boolean;
  /** `idle` (the last run ended), `paused` (waiting for decisions) or `unfinished` (a run stopped mid-way). */
  state: "idle" | "paused" | "unfinished";
  /** The nodes the thread would run next. */
  next: string[];
  /** The calls a paused thread waits on. */
  calls: PendingToolCall[];
  /** Ids of the thread's user messages, oldest first (each is the request id of the turn that sent it). */
  userMessageIds: string[];
}

/** True when the agent keeps threads (its graph has a checkpointer). */
export function keepsThreads(agent: Pick<Agent, "graph">): boolean {
  const saver = agent.graph.checkpointer;
  return saver !== undefined && typeof saver !== "boolean";
}

/** Reads the thread's latest checkpoint (one read from the checkpointer). */
export async function threadStatus(agent: Pick<Agent, "graph">, threadId: string): Promise<ThreadStatus> {
  const snapshot: StateSnapshot = await agent.graph.getState({ configurable: { thread_id: threadId } });
  const exists = snapshot.config.configurable?.checkpoint_id !== undefined;
  const next = pausedNodes(snapshot);
  const calls = snapshot.tasks.flatMap((task) =>
    (task.interrupts ?? []).flatMap((pending) => {
      const request = ToolReviewRequestSchema.safeParse(pending.value);
      return request.success ? request.data.calls : [];
    }),
  );
  const waiting = snapshot.tasks.some((task) => task.interrupts?.length);
  const messages = ((snapshot.values as { messages?: BaseMessage[] })?.messages ?? []) as BaseMessage[];
  return {
    exists,
    state: waiting ? "paused" : next.length ? "unfinished" : "idle",
    next,
    calls,
    userMessageIds: messages
      .filter((message) => message.getType() === "human")
      .map((message) => message.id ?? ""),
  };
}
