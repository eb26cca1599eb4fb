import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type BaseCheckpointSaver, MemorySaver } from "@langchain/langgraph";
import { z } from "zod";
import { parseWith } from "../config/config-error.ts";

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
  close(): Promise<void>;
}

/** Parses a checkpointer spec; the error names `source` and lists the accepted forms. */
export function parseCheckpointerSpec(spec: string, source = "checkpointer"): CheckpointerSpec {
  return parseWith(CheckpointerSpecSchema, spec, source);
}

/**
 * Opens the checkpointer a spec names, with the official LangGraph savers: `MemorySaver`,
 * `SqliteSaver` (better-sqlite3; the file and its folder are created) and `PostgresSaver` (its tables
 * are created on first use).
 */
export async function createCheckpointer(spec: string | CheckpointerSpec): Promise<Checkpointer> {
  const parsed = typeof spec === "string" ? parseCheckpointerSpec(spec) : spec;
  switch (parsed.kind) {
    case "memory":
      return { saver: new MemorySaver(), spec: parsed, close: async () => {} };
    case "sqlite": {
      const { SqliteSaver } = await import("@langchain/langgraph-checkpoint-sqlite");
      if (parsed.path !== ":memory:") mkdirSync(dirname(resolve(parsed.path)), { recursive: true });
      const saver = SqliteSaver.fromConnString(parsed.path);
      return {
        saver,
        spec: parsed,
        close: async () => {
          saver.db.close();
        },
      };
    }
    case "postgres": {
      const { PostgresSaver } = await import("@langchain/langgraph-checkpoint-postgres");
      const saver = PostgresSaver.fromConnString(parsed.url);
      await saver.setup();
      return { saver, spec: parsed, close: () => saver.end() };
    }
  }
}
