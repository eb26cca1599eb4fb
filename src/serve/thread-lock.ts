import { ThreadConflictError } from "./invocation-errors.ts";

/**
 * One run per thread in this process: a second invocation on a thread with a run in progress is turned
 * away (409) rather than interleaving two runs' checkpoints. Workers sharing a PostgreSQL thread store
 * need a lock in the store as well; this one only covers the process.
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
