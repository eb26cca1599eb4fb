/**
 * @module
 * Durable threads: checkpointers (memory, SQLite, PostgreSQL) and a thread's history for time travel.
 */
export type { Checkpointer, CheckpointerSpec } from "./checkpointer.ts";
export {
  CheckpointerSpecSchema,
  createCheckpointer,
  DatabaseError,
  parseCheckpointerSpec,
} from "./checkpointer.ts";
export type { CheckpointSummary } from "./history.ts";
export { threadCheckpoint, threadHistory } from "./history.ts";
export {
  inProcessThreadLock,
  type ReleaseThread,
  ThreadBusyError,
  type ThreadLock,
  threadLockFor,
} from "./thread-lock.ts";
