import type { BaseMessage } from "@langchain/core/messages";
import { latestHumanMessage, textOf } from "../graph/messages.ts";
import type { Step } from "../graph/state.ts";
import { doneEvent, pausedEvent, stepEvents } from "./run-state.ts";
import type { RunEvent } from "./shared/api-types.ts";
import type { DrivableGraph } from "./studio-graph.ts";

/**
 * Follows a thread that something else runs (`glassbox chat`, `glassbox serve`, another Studio) by
 * reading its newest checkpoint a few times a second: new steps as they are checkpointed, then the
 * pause or the answer. Returns the function that stops following.
 */
export function watchThread(
  graph: Pick<DrivableGraph, "getState">,
  threadId: string,
  send: (event: RunEvent, index: number) => void,
  intervalMs = 250,
): () => void {
  let index = 0;
  let lastCheckpoint: string | undefined;
  let seen = 0;
  let question: string | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const emit = (event: RunEvent) => send(event, index++);

  const poll = async () => {
    const snapshot = await graph.getState({ configurable: { thread_id: threadId } });
    const checkpoint = snapshot.config.configurable?.checkpoint_id as string | undefined;
    if (!checkpoint || checkpoint === lastCheckpoint) return;
    lastCheckpoint = checkpoint;
    const values = snapshot.values as { messages?: BaseMessage[]; steps?: Step[] };
    const steps = values.steps ?? [];
    const human = latestHumanMessage(values.messages ?? []);
    const asked = human ? textOf(human) : undefined;
    if (steps.length < seen || (asked !== undefined && asked !== question)) {
      seen = 0;
      if (asked !== undefined) emit({ type: "input", text: asked });
    }
    question = asked;
    for (const event of stepEvents(steps.slice(seen))) emit(event);
    seen = steps.length;
    const paused = pausedEvent(snapshot);
    if (paused) emit(paused);
    else if (!snapshot.next.length) emit(doneEvent(snapshot, 0));
  };

  const loop = () => {
    if (stopped) return;
    poll()
      .catch((error: Error) => emit({ type: "error", message: error.message }))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  loop();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
