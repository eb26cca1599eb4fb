import { ThreadConflictError } from "./invocation-errors.ts";

/**
 * One run per thread in this process, checked before any work: a second invocation on a thread with a
 * run in progress is turned away (409) at once. Across workers sharing a SQLite or PostgreSQL thread
 * store, the agent's own thread lock (`src/threads/thread-lock.ts`, taken by every run on a store opened
 * with `createCheckpointer`) refuses the run with `ThreadBusyError`, answered as the same 409.
 */
export function createThreadLock() {
  const running = new Set<string>();
  return {
    /** Takes the thread, or throws ThreadBusy; the returned function releases it. */
    acquire(threadId: string): () => void {
      if (running.has(threadId))
        throw new ThreadConflictError(
          "ThreadBusy",
          `a run is in progress on session ${threadId}; wait for it to finish, then send the next turn`,
        );
      running.add(threadId);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        running.delete(threadId);
      };
    },
    get size() {
      return running.size;
    },
  };
}
export type ThreadLock = ReturnType<typeof createThreadLock>;
