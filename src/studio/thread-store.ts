import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { ThreadInfo } from "./shared/api-types.ts";

/** What the Studio needs of the thread store beyond LangGraph's saver API. */
type Saver = BaseCheckpointSaver & {
  db?: { prepare(sql: string): { all(...args: unknown[]): unknown[]; run(...args: unknown[]): unknown } };
  storage?: Record<string, Record<string, Record<string, unknown>>>;
  writes?: Record<string, Record<string, unknown>>;
  pool?: { query(sql: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
  options?: { schema?: string };
};

/**
 * The threads in a store, most recently written first. SQLite and PostgreSQL are asked directly (one
 * query); any other saver is listed through LangGraph's `list`.
 */
export async function listThreads(saver: BaseCheckpointSaver, limit = 200): Promise<ThreadInfo[]> {
  const store = saver as Saver;
  if (store.db && typeof store.db.prepare === "function") {
    // SqliteSaver creates its tables on first use; a fresh store has none yet.
    await store.getTuple({ configurable: { thread_id: "\u0000" } });
    const rows = store.db
      .prepare(
        "SELECT thread_id AS threadId, count(*) AS checkpoints, max(checkpoint_id) AS newest FROM checkpoints WHERE checkpoint_ns = '' GROUP BY thread_id ORDER BY newest DESC LIMIT ?",
      )
      .all(limit) as Array<{ threadId: string; checkpoints: number; newest: string }>;
    return rows.map((row) => ({
      threadId: row.threadId,
      checkpoints: Number(row.checkpoints),
      ...timeOf(row.newest),
    }));
  }
  if (store.pool && typeof store.pool.query === "function") {
    const schema = store.options?.schema ?? "public";
    const { rows } = await store.pool.query(
      `SELECT thread_id AS "threadId", count(*) AS checkpoints, max(checkpoint_id) AS newest FROM "${schema}".checkpoints WHERE checkpoint_ns = '' GROUP BY thread_id ORDER BY newest DESC LIMIT $1`,
      [limit],
    );
    return (rows as Array<{ threadId: string; checkpoints: string; newest: string }>).map((row) => ({
      threadId: row.threadId,
      checkpoints: Number(row.checkpoints),
      ...timeOf(row.newest),
    }));
  }
  if (store.storage && typeof store.storage === "object") {
    // MemorySaver: read the ids from its storage; `list` would deserialize every checkpoint of every thread.
    return Object.entries(store.storage)
      .map(([threadId, namespaces]) => {
        const ids = Object.keys(namespaces[""] ?? {});
        const newest = ids.sort().at(-1) ?? "";
        return { threadId, checkpoints: ids.length, newest };
      })
      .filter((thread) => thread.checkpoints > 0)
      .sort((a, b) => b.newest.localeCompare(a.newest))
      .slice(0, limit)
      .map(({ newest, ...thread }) => ({ ...thread, ...timeOf(newest) }));
  }
  const threads = new Map<string, { count: number; newest: string }>();
  for await (const tuple of saver.list({})) {
    const id = String(tuple.config.configurable?.thread_id ?? "");
    if (tuple.config.configurable?.checkpoint_ns) continue;
    const entry = threads.get(id) ?? { count: 0, newest: "" };
    entry.count++;
    const checkpointId = String(tuple.config.configurable?.checkpoint_id ?? "");
    if (checkpointId > entry.newest) entry.newest = checkpointId;
    threads.set(id, entry);
  }
  return [...threads.entries()]
    .sort((a, b) => b[1].newest.localeCompare(a[1].newest))
    .slice(0, limit)
    .map(([threadId, entry]) => ({ threadId, checkpoints: entry.count, ...timeOf(entry.newest) }));
}

/** The ids of a thread's checkpoints (root namespace). */
export async function checkpointIds(saver: BaseCheckpointSaver, threadId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const tuple of saver.list({ configurable: { thread_id: threadId } }))
    ids.add(String(tuple.config.configurable?.checkpoint_id ?? ""));
  return ids;
}

/**
 * Removes checkpoints (and their pending writes) from a thread: what a failed fork wrote, so it leaves
 * no branch behind. Supports the savers Glassbox opens (memory, SQLite, PostgreSQL); returns false for
 * others, which keep the checkpoints.
 */
export async function deleteCheckpoints(
  saver: BaseCheckpointSaver,
  threadId: string,
  ids: readonly string[],
): Promise<boolean> {
  if (!ids.length) return true;
  const store = saver as Saver;
  if (store.db && typeof store.db.prepare === "function") {
    const marks = ids.map(() => "?").join(",");
    store.db
      .prepare(`DELETE FROM writes WHERE thread_id = ? AND checkpoint_id IN (${marks})`)
      .run(threadId, ...ids);
    store.db
      .prepare(`DELETE FROM checkpoints WHERE thread_id = ? AND checkpoint_id IN (${marks})`)
      .run(threadId, ...ids);
    return true;
  }
  if (store.pool && typeof store.pool.query === "function") {
    const schema = store.options?.schema ?? "public";
    await store.pool.query(
      `DELETE FROM "${schema}".checkpoint_writes WHERE thread_id = $1 AND checkpoint_id = ANY($2)`,
      [threadId, ids],
    );
    await store.pool.query(
      `DELETE FROM "${schema}".checkpoints WHERE thread_id = $1 AND checkpoint_id = ANY($2)`,
      [threadId, ids],
    );
    return true;
  }
  if (store.storage && store.writes) {
    for (const namespace of Object.values(store.storage[threadId] ?? {}))
      for (const id of ids) delete (namespace as Record<string, unknown>)[id];
    for (const key of Object.keys(store.writes)) {
      const [thread, , checkpoint] = JSON.parse(key) as [string, string, string];
      if (thread === threadId && ids.includes(checkpoint)) delete store.writes[key];
    }
    return true;
  }
  return false;
}

/** LangGraph checkpoint ids are UUIDv6: their time part says when the checkpoint was written. */
function timeOf(checkpointId: string | undefined): { updatedAt?: string } {
  if (!checkpointId) return {};
  const hex = checkpointId.replace(/-/g, "");
  if (hex.length !== 32 || hex[12] !== "6") return {};
  // v6: time_high (32 bits) time_mid (16) version+time_low (4+12), 100 ns ticks since 1582-10-15.
  const ticks = BigInt(`0x${hex.slice(0, 12)}${hex.slice(13, 16)}`);
  const ms = Number(ticks / 10_000n) - 12_219_292_800_000;
  return Number.isFinite(ms) && ms > 0 ? { updatedAt: new Date(ms).toISOString() } : {};
}
