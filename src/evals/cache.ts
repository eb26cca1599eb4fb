import { createHash } from "node:crypto";
import { ensurePrivateFile } from "../storage/private-files.ts";
import { openSqliteDatabase } from "../storage/sqlite.ts";

/** A content-addressed key: SHA-256 of the canonical JSON of everything that decides the answer. */
export function cacheKey(parts: unknown): string {
  return createHash("sha256").update(canonicalJson(parts)).digest("hex");
}

/**
 * The cache key of one target call: everything that decides its answer. The endpoint (or Amazon
 * Bedrock and its region), the model that answers after a traffic split, the target's fingerprint
 * (system prompt, tool specs, inference and guardrail settings, extensions: see `agentFingerprint`)
 * and the suite's own, the Glassbox version, the input and the repetition.
 */
export function targetCacheKey(parts: {
  endpoint: string;
  modelId: string;
  target: unknown;
  suiteFingerprint: string;
  glassbox: string;
  input: string;
  repetition: number;
}): string {
  return cacheKey({ kind: "target/v2", ...parts });
}

/** JSON with object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : inner,
  );
}

/** Target outputs and judge verdicts by content key, in a SQLite file that outlives the process. */
export interface EvalCache {
  get<T>(kind: "target" | "judge", key: string): T | undefined;
  put(kind: "target" | "judge", key: string, value: unknown): void;
  readonly hits: { target: number; judge: number };
  close(): void;
}

/** Opens (creating) the cache database at `path`. */
export function openCache(path: string): EvalCache {
  ensurePrivateFile(path);
  const db = openSqliteDatabase(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(
    "CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (kind, key))",
  );
  const select = db.prepare<[string, string], { value: string }>(
    "SELECT value FROM entries WHERE kind = ? AND key = ?",
  );
  const insert = db.prepare(
    "INSERT OR REPLACE INTO entries (kind, key, value, created_at) VALUES (?, ?, ?, ?)",
  );
  const hits = { target: 0, judge: 0 };
  return {
    hits,
    get(kind, key) {
      const row = select.get(kind, key);
      if (!row) return undefined;
      hits[kind]++;
      return JSON.parse(row.value);
    },
    put(kind, key, value) {
      insert.run(kind, key, JSON.stringify(value), new Date().toISOString());
    },
    close: () => db.close(),
  };
}

/** A cache that stores nothing (`--no-cache`). */
export function noCache(): EvalCache {
  return { hits: { target: 0, judge: 0 }, get: () => undefined, put() {}, close() {} };
}
