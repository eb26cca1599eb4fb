import { ensurePrivateFile } from "../storage/private-files.ts";
import { openSqliteDatabase, type SqliteDatabase } from "../storage/sqlite.ts";

/** A chunk as stored: searchable text, metadata, and the parent it stands for (HIERARCHICAL). */
export interface StoredChunk {
  id: string;
  documentId: string;
  parentId: string | null;
  position: number;
  text: string;
  metadata: Record<string, unknown>;
  embedding: Float32Array | null;
}

/** A document as stored: where it came from and the hash that decides whether to re-index it. */
export interface StoredDocument {
  id: string;
  dataSourceId: string;
  uri: string;
  hash: string;
  format: string;
  chunks: number;
  updatedAt: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kb_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  data_source_id TEXT NOT NULL,
  uri TEXT NOT NULL,
  hash TEXT NOT NULL,
  format TEXT NOT NULL,
  chunks INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_data_source ON documents (data_source_id);
CREATE TABLE IF NOT EXISTS parents (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  parent_id TEXT,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  metadata TEXT NOT NULL,
  embedding BLOB
);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks (document_id);
CREATE INDEX IF NOT EXISTS parents_document ON parents (document_id);
`;

/**
 * The SQLite file behind a local knowledge base: documents with their content hashes, chunks with
 * metadata and embeddings, parent chunks for HIERARCHICAL. WAL mode, foreign keys on, one transaction
 * per batch of documents, so an interrupted ingest loses at most the batch in flight (the next sync redoes it).
 */
export class KnowledgeBaseStore {
  readonly path: string;
  private readonly db: SqliteDatabase;

  constructor(path: string) {
    this.path = path;
    if (path !== ":memory:") ensurePrivateFile(path);
    this.db = openSqliteDatabase(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(SCHEMA);
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare("SELECT value FROM kb_meta WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        "INSERT INTO kb_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      )
      .run(key, value);
  }

  documents(dataSourceId?: string): StoredDocument[] {
    const sql = `SELECT id, data_source_id AS dataSourceId, uri, hash, format, chunks, updated_at AS updatedAt FROM documents${
      dataSourceId ? " WHERE data_source_id = ?" : ""
    } ORDER BY id`;
    const statement = this.db.prepare(sql);
    return (dataSourceId ? statement.all(dataSourceId) : statement.all()) as StoredDocument[];
  }

  /** Replaces documents and all their chunks, in one transaction. */
  putDocuments(
    batch: Array<{
      document: Omit<StoredDocument, "chunks" | "updatedAt">;
      chunks: StoredChunk[];
      parents: Array<{ id: string; text: string }>;
    }>,
  ): void {
    const insertDocument = this.db.prepare(
      "INSERT INTO documents (id, data_source_id, uri, hash, format, chunks, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const insertParent = this.db.prepare("INSERT INTO parents (id, document_id, text) VALUES (?, ?, ?)");
    const insertChunk = this.db.prepare(
      "INSERT INTO chunks (id, document_id, parent_id, position, text, metadata, embedding) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const remove = this.db.prepare("DELETE FROM documents WHERE id = ?");
    this.db.transaction(() => {
      for (const { document, chunks, parents } of batch) {
        remove.run(document.id);
        insertDocument.run(
          document.id,
          document.dataSourceId,
          document.uri,
          document.hash,
          document.format,
          chunks.length,
          new Date().toISOString(),
        );
        for (const parent of parents) insertParent.run(parent.id, document.id, parent.text);
        for (const chunk of chunks) {
          insertChunk.run(
            chunk.id,
            document.id,
            chunk.parentId,
            chunk.position,
            chunk.text,
            JSON.stringify(chunk.metadata),
            chunk.embedding
              ? Buffer.from(chunk.embedding.buffer, chunk.embedding.byteOffset, chunk.embedding.byteLength)
              : null,
          );
        }
      }
    })();
  }

  deleteDocument(id: string): void {
    this.db.prepare("DELETE FROM documents WHERE id = ?").run(id);
  }

  /** Every chunk in insertion order. */
  *chunks(): Generator<StoredChunk> {
    const rows = this.db
      .prepare(
        "SELECT id, document_id, parent_id, position, text, metadata, embedding FROM chunks ORDER BY seq",
      )
      .iterate() as IterableIterator<{
      id: string;
      document_id: string;
      parent_id: string | null;
      position: number;
      text: string;
      metadata: string;
      embedding: Buffer | null;
    }>;
    for (const row of rows) {
      yield {
        id: row.id,
        documentId: row.document_id,
        parentId: row.parent_id,
        position: row.position,
        text: row.text,
        metadata: JSON.parse(row.metadata) as Record<string, unknown>,
        embedding: row.embedding
          ? new Float32Array(
              row.embedding.buffer.slice(
                row.embedding.byteOffset,
                row.embedding.byteOffset + row.embedding.byteLength,
              ),
            )
          : null,
      };
    }
  }

  parentText(id: string): string | undefined {
    const row = this.db.prepare("SELECT text FROM parents WHERE id = ?").get(id) as
      | { text: string }
      | undefined;
    return row?.text;
  }

  counts(): { documents: number; chunks: number; parents: number; bytes: number } {
    const one = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    const pageCount = this.db.pragma("page_count", { simple: true }) as number;
    const pageSize = this.db.pragma("page_size", { simple: true }) as number;
    return {
      documents: one("SELECT count(*) AS n FROM documents"),
      chunks: one("SELECT count(*) AS n FROM chunks"),
      parents: one("SELECT count(*) AS n FROM parents"),
      bytes: pageCount * pageSize,
    };
  }

  close(): void {
    this.db.close();
  }
}
