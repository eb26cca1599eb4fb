import { randomUUID } from "node:crypto";

/**
 * How long a RetrieveAndGenerate session lives: 24 hours from the call that created it; Bedrock does not
 * extend it on use (AWS re:Post knowledge center, "reuse a knowledge base session").
 */
export const RAG_SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/** One question and the answer the service gave, in a session. */
export interface RagTurn {
  question: string;
  answer: string;
}

/** A RetrieveAndGenerate session: what was asked and answered, and where. */
export interface RagSession {
  id: string;
  createdAt: number;
  /** The knowledge base (or `EXTERNAL_SOURCES`) the session was opened on. */
  target: string;
  kmsKeyArn?: string;
  turns: RagTurn[];
}

/** The outcome of looking a session id up. */
export type SessionLookup = { session: RagSession } | { missing: "unknown" | "expired" };

/**
 * The sessions of the local Bedrock's RetrieveAndGenerate: the service issues the id (a UUID) on the
 * first call, follow-ups pass it back, and a session ends 24 hours after it began. The clock is
 * injectable so tests can move past the expiry.
 */
export class RagSessions {
  readonly #sessions = new Map<string, RagSession>();
  readonly #clock: () => number;
  readonly #ttlMs: number;

  constructor(options: { clock?: () => number; ttlMs?: number } = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#ttlMs = options.ttlMs ?? RAG_SESSION_TTL_MS;
  }

  /** Opens a session with a new id. */
  create(target: string, kmsKeyArn?: string): RagSession {
    this.#sweep();
    const session: RagSession = {
      id: randomUUID(),
      createdAt: this.#clock(),
      target,
      ...(kmsKeyArn ? { kmsKeyArn } : {}),
      turns: [],
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session behind an id, or why there is none. */
  find(id: string): SessionLookup {
    const session = this.#sessions.get(id);
    if (!session) return { missing: "unknown" };
    if (this.#expired(session)) {
      this.#sessions.delete(id);
      return { missing: "expired" };
    }
    return { session };
  }

  #expired(session: RagSession): boolean {
    return this.#clock() - session.createdAt >= this.#ttlMs;
  }

  #sweep(): void {
    for (const [id, session] of this.#sessions) if (this.#expired(session)) this.#sessions.delete(id);
  }
}
