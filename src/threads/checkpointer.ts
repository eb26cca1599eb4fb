import { resolve } from "node:path";
import { type BaseCheckpointSaver, MemorySaver } from "@langchain/langgraph";
import { z } from "zod";
import { parseWith } from "../config/config-error.ts";
import { GlassboxError } from "../errors.ts";
import { ensurePrivateFile } from "../storage/private-files.ts";
import {
  inProcessThreadLock,
  postgresThreadLock,
  setThreadLock,
  sqliteThreadLock,
  type ThreadLock,
} from "./thread-lock.ts";

/**
 * Where threads are kept: `memory` (this process only), `sqlite:<path>` (one file, the embedded
 * default), or a `postgres://` / `postgresql://` URL (several workers sharing threads).
 */
export const CheckpointerSpecSchema = z.union(
  [
    z.literal("memory").transform(() => ({ kind: "memory" as const })),
    z
      .string()
      .regex(/^sqlite:.+/)
      .transform((spec) => ({ kind: "sqlite" as const, path: spec.slice("sqlite:".length) })),
    z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/)
      .transform((url) => ({ kind: "postgres" as const, url })),
  ],
  { error: () => 'expected "memory", "sqlite:<path>" or a postgres://user@host:port/db URL' },
);
export type CheckpointerSpec = z.output<typeof CheckpointerSpecSchema>;

/** An open checkpointer and how to release its file or connections. */
export interface Checkpointer {
  saver: BaseCheckpointSaver;
  spec: CheckpointerSpec;
  /** One run per thread at a time, across processes sharing the store (agents built on `saver` use it). */
  lock: ThreadLock;
  close(): Promise<void>;
}

/** The thread store cannot be opened or reached; the message names the database (never a password). */
export class DatabaseError extends GlassboxError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: "DATABASE_UNAVAILABLE", cause });
  }
}

/** A PostgreSQL URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}

/**
 * Creates the saver's tables, one process at a time: PostgresSaver's `CREATE TABLE IF NOT EXISTS` races
 * (a unique violation) when several workers start together.
 */
async function setUp(
  saver: { setup(): Promise<void> },
  client: { query(text: string): Promise<unknown>; end(): Promise<void> },
): Promise<void> {
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended('glassbox:checkpointer-setup', 0))");
    await saver.setup();
  } finally {
    await client.end().catch(() => {});
  }
}

function reason(error: unknown): string {
  const err = error as { code?: string; message?: string; errors?: Array<{ code?: string }> };
  return err.code ?? err.errors?.[0]?.code ?? err.message ?? String(error);
}

/** Parses a checkpointer spec; the error names `source` and lists the accepted forms. */
export function parseCheckpointerSpec(spec: string, source = "checkpointer"): CheckpointerSpec {
  return parseWith(CheckpointerSpecSchema, spec, source);
}

/**
 * Opens the checkpointer a spec names, with the official LangGraph savers: `MemorySaver`,
 * `SqliteSaver` (better-sqlite3; the file, private to you, and its folder are created) and
 * `PostgresSaver` (its tables are created on first use), with the lock that keeps one run per thread
 * at a time. A store that cannot be opened is a {@link DatabaseError} naming it.
 */
export async function createCheckpointer(spec: string | CheckpointerSpec): Promise<Checkpointer> {
  const parsed = typeof spec === "string" ? parseCheckpointerSpec(spec) : spec;
  const opened = await open(parsed);
  setThreadLock(opened.saver, opened.lock);
  return opened;
}

async function open(parsed: CheckpointerSpec): Promise<Checkpointer> {
  switch (parsed.kind) {
    case "memory":
      return { saver: new MemorySaver(), spec: parsed, lock: inProcessThreadLock(), close: async () => {} };
    case "sqlite": {
      const { SqliteSaver } = await import("@langchain/langgraph-checkpoint-sqlite");
      let saver: InstanceType<typeof SqliteSaver>;
      let lock: ThreadLock;
      try {
        if (parsed.path !== ":memory:") ensurePrivateFile(resolve(parsed.path));
        saver = SqliteSaver.fromConnString(parsed.path);
        lock = sqliteThreadLock(saver.db);
      } catch (error) {
        throw new DatabaseError(
          `cannot open the SQLite thread store ${parsed.path} (${reason(error)}): check the path and its permissions`,
          error,
        );
      }
      return {
        saver,
        spec: parsed,
        lock,
        close: async () => {
          await lock.close();
          saver.db.close();
        },
      };
    }
    case "postgres": {
      const { PostgresSaver } = await import("@langchain/langgraph-checkpoint-postgres");
      const { default: pg } = await import("pg");
      const where = redactUrl(parsed.url);
      const saver = PostgresSaver.fromConnString(parsed.url);
      const connectClient = async () => {
        const client = new pg.Client({ connectionString: parsed.url, application_name: "glassbox" });
        try {
          await client.connect();
        } catch (error) {
          throw new DatabaseError(
            `cannot reach the PostgreSQL thread store at ${where} (${reason(error)}): is the server running? Check --checkpointer / GLASSBOX_CHECKPOINTER`,
            error,
          );
        }
        client.on("error", () => {}); // a dropped session ends its locks; the next query reports it
        return client;
      };
      try {
        await setUp(saver, await connectClient());
      } catch (error) {
        await saver.end().catch(() => {});
        if (DatabaseError.isInstance(error)) throw error;
        throw new DatabaseError(
          `cannot set up the PostgreSQL thread store at ${where} (${reason(error)}: ${(error as Error).message})`,
          error,
        );
      }
      const lock = postgresThreadLock(async () => {
        const client = new pg.Client({
          connectionString: parsed.url,
          application_name: "glassbox thread lock",
        });
        try {
          await client.connect();
        } catch (error) {
          throw new DatabaseError(
            `cannot reach the PostgreSQL thread store at ${where} (${reason(error)})`,
            error,
          );
        }
        client.on("error", () => {}); // a dropped session ends the locks; the next query reports it
        return client;
      });
      return {
        saver,
        spec: parsed,
        lock,
        close: async () => {
          await lock.close();
          await saver.end();
        },
      };
    }
  }
}
