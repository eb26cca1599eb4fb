import type { IngestOptions } from "../kb/local-knowledge-base.ts";
import {
  type DocumentInput,
  type LocalKnowledgeBase,
  openLocalKnowledgeBase,
} from "../kb/local-knowledge-base.ts";

/** Options of {@link sampleKnowledgeBase}. */
export interface SampleKnowledgeBaseOptions {
  /** The knowledge base id (what Retrieve's `knowledgeBaseId` and spans name). Default `"kb"`. */
  id?: string;
  /** The documents; `id` doubles as the source URI unless `uri` is given. */
  documents: DocumentInput[];
  /** The data source they belong to (default `documents`). */
  dataSourceId?: string;
  chunking?: IngestOptions["chunking"];
}

/**
 * A small in-memory knowledge base for a test: the real `LocalKnowledgeBase` (SQLite `:memory:`, BM25 and
 * vectors), ingested from the given documents. Close it after the test.
 */
export async function sampleKnowledgeBase(options: SampleKnowledgeBaseOptions): Promise<LocalKnowledgeBase> {
  const id = options.id ?? "kb";
  const kb = openLocalKnowledgeBase({ path: ":memory:", id });
  const report = await kb.ingestDocuments(options.documents, {
    ...(options.dataSourceId ? { dataSourceId: options.dataSourceId } : {}),
    ...(options.chunking ? { chunking: options.chunking } : {}),
  });
  if (report.failed.length) {
    kb.close();
    throw new Error(`sampleKnowledgeBase: ${report.failed.map((f) => `${f.path}: ${f.error}`).join("; ")}`);
  }
  return kb;
}
