import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { GlassboxError } from "../errors.ts";
import type { SqliteDatabase } from "../storage/sqlite.ts";

/** Another run holds the thread (in this process or another): the new run did not start. */
export class ThreadBusyError extends GlassboxError {
  constructor(
    readonly threadId: string,
    where: string,
    waitedMs: number,
  ) {
    super(
      `thread ${threadId} is busy ${where}${waitedMs ? ` (waited ${(waitedMs / 1000).toFixed(1)} s)` : ""}: nothing was added to it; try again when that run ends`,
      { code: "THREAD_BUSY" },
    );
  }
}

/** Releases a thread taken with {@link ThreadLock.acquire}. */
export type ReleaseThread = () => Promise<void>;

/**
 * One run per thread at a time. `acquire` takes the thread, waiting up to `waitMs` for another run to
 * end, else throws {@link ThreadBusyError}. A process that dies (even by `kill -9`) gives its threads up.
 */
export interface ThreadLock {
  acquire(threadId: string, options?: { waitMs?: number; signal?: AbortSignal }): Promise<ReleaseThread>;
  close(): Promise<void>;
}

/** A cross-process claim on a thread: true when taken, else where the holder is. */
type Claim = (threadId: string) => Promise<true | string>;

const POLL_MS = 100;

/**
 * A lock from a cross-process `claim`, with an in-process queue in front: runs of this process wait for
 * each other here, and only one of them at a time asks the database.
 */
function lockWith(
  claim: Claim,
  release: (threadId: string) => Promise<void>,
  close: () => Promise<void>,
): ThreadLock {
  const local = new Map<string, Promise<void>>();
  return {
    async acquire(threadId, options = {}) {
      const waitMs = options.waitMs ?? 0;
      const started = performance.now();
      const left = () => waitMs - (performance.now() - started);
      while (local.has(threadId)) {
        if (left() <= 0) throw new ThreadBusyError(threadId, "in another run of this process", waitMs);
        await Promise.race([local.get(threadId), sleep(Math.min(left(), 1_000))]);
        options.signal?.throwIfAborted();
      }
      let done = () => {};
      local.set(threadId, new Promise<void>((resolve) => (done = resolve)));
      try {
        for (;;) {
          const claimed = await claim(threadId);
          if (claimed === true) break;
          if (left() <= 0) throw new ThreadBusyError(threadId, claimed, waitMs);
          await sleep(Math.min(POLL_MS, left()));
          options.signal?.throwIfAborted();
        }
      } catch (error) {
        local.delete(threadId);
        done();
        throw error;
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        try {
          await release(threadId);
        } finally {
          local.delete(threadId);
          done();
        }
      };
    },
    close,
  };
}

/** Threads of this process only (the memory checkpointer, or any saver Glassbox did not open). */
export function inProcessThreadLock(): ThreadLock {
  return lockWith(
    async () => true,
    async () => {},
    async () => {},
  );
}

/** How long a SQLite claim lives without a heartbeat (a killed process's claims expire after it). */
export const SQLITE_LEASE_MS = 15_000;

/**
 * Claims in a table of the SQLite file itself: a row per running thread with the owner's host and pid
 * and a lease the owner renews every few seconds. A claim whose owner is gone (its pid no longer runs on
 * this host, or its lease ran out) is taken over, so a process killed with -9 blocks nobody for long.
 */
export function sqliteThreadLock(db: SqliteDatabase, leaseMs = SQLITE_LEASE_MS): ThreadLock {
  db.exec(
    "CREATE TABLE IF NOT EXISTS glassbox_thread_locks (thread_id TEXT PRIMARY KEY, owner TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL, expires_at INTEGER NOT NULL)",
  );
  const owner = randomUUID();
  const host = hostname();
  const held = new Set<string>();
  const select = db.prepare<[string], { owner: string; host: string; pid: number; expires_at: number }>(
    "SELECT owner, host, pid, expires_at FROM glassbox_thread_locks WHERE thread_id = ?",
  );
  const upsert = db.prepare(
    "INSERT OR REPLACE INTO glassbox_thread_locks (thread_id, owner, host, pid, expires_at) VALUES (?, ?, ?, ?, ?)",
  );
  const remove = db.prepare("DELETE FROM glassbox_thread_locks WHERE thread_id = ? AND owner = ?");
  const renew = db.prepare("UPDATE glassbox_thread_locks SET expires_at = ? WHERE owner = ?");
  // One claim at a time across processes: BEGIN IMMEDIATE takes SQLite's write lock.
  const take = db.transaction((threadId: string): true | string => {
    const row = select.get(threadId);
    const now = Date.now();
    const gone = row && (row.expires_at < now || (row.host === host && !processRuns(row.pid)));
    if (row && row.owner !== owner && !gone)
      return row.pid === process.pid
        ? "in another run of this process"
        : `in another process (pid ${row.pid})`;
    upsert.run(threadId, owner, host, process.pid, now + leaseMs);
    return true;
  });
  const heartbeat = setInterval(() => {
    if (held.size) renew.run(Date.now() + leaseMs, owner);
  }, leaseMs / 3);
  heartbeat.unref();
  return lockWith(
    async (threadId) => {
      const claimed = take.immediate(threadId);
      if (claimed === true) held.add(threadId);
      return claimed;
    },
    async (threadId) => {
      held.delete(threadId);
      if (db.open) remove.run(threadId, owner);
    },
    async () => {
      clearInterval(heartbeat);
      if (db.open) for (const threadId of held) remove.run(threadId, owner);
      held.clear();
    },
  );
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The few `pg` client methods the PostgreSQL lock uses. */
export interface PgLockClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
}

/**
 * PostgreSQL advisory locks, held by one session of this process for all its threads: the server
 * releases them when the session ends, so a process killed with -9 frees its threads as its connection
 * drops. The key is a 64-bit hash of `glassbox:thread:<id>`.
 */
export function postgresThreadLock(connect: () => Promise<PgLockClient>): ThreadLock {
  let session: Promise<PgLockClient> | undefined;
  const client = () => {
    session ??= connect();
    return session;
  };
  const key = (threadId: string) => `glassbox:thread:${threadId}`;
  return lockWith(
    async (threadId) => {
      const { rows } = await (await client()).query(
        "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken",
        [key(threadId)],
      );
      return rows[0]?.taken === true ? true : "in another process";
    },
    async (threadId) => {
      await (await client()).query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key(threadId)]);
    },
    async () => {
      if (session) await (await session).end();
      session = undefined;
    },
  );
}

const locks = new WeakMap<BaseCheckpointSaver, ThreadLock>();

/** Registers the lock that guards a saver's threads (`createCheckpointer` does). */
export function setThreadLock(saver: BaseCheckpointSaver, lock: ThreadLock): void {
  locks.set(saver, lock);
}

/** The lock of a saver's threads: the one registered for it, else one for this process. */
export function threadLockFor(saver: BaseCheckpointSaver): ThreadLock {
  let lock = locks.get(saver);
  if (!lock) {
    lock = inProcessThreadLock();
    locks.set(saver, lock);
  }
  return lock;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
