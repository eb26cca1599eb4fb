/**
 * @module
 * Knowledge bases: the `Retriever` contract (Bedrock's `Retrieve`), a managed Bedrock Knowledge Base, the
 * embedded SQLite `LocalKnowledgeBase` (ingest, chunking, hybrid search, filters), citations, and
 * `knowledgeBaseParts` that put retrieval into an agent.
 */
export type { BedrockKnowledgeBaseOptions } from "./bedrock-knowledge-base.ts";
export { createAgentRuntimeClient, createBedrockKnowledgeBase } from "./bedrock-knowledge-base.ts";
export { type Bm25Params, DEFAULT_BM25 } from "./bm25.ts";
export type { ChunkingConfiguration } from "./chunking.ts";
export { ChunkingConfigurationSchema, chunkText, DEFAULT_CHUNKING } from "./chunking.ts";
export type { Citation } from "./citations.ts";
export { buildCitations } from "./citations.ts";
export type { Embedder } from "./embedder.ts";
export { createHashingEmbedder, createTitanEmbedder, TITAN_EMBED_V2 } from "./embedder.ts";
export type { FusionMethod } from "./fusion.ts";
export { reciprocalRankFusion, weightedFusion } from "./fusion.ts";
export { knowledgeBaseDir, knowledgeBasePath, listKnowledgeBaseNames } from "./kb-path.ts";
export type { KnowledgeBasePartsOptions } from "./knowledge-base-agent.ts";
export { knowledgeBaseParts } from "./knowledge-base-agent.ts";
export { isKnowledgeBaseId, knowledgeBaseIdOf } from "./knowledge-base-id.ts";
export type {
  DocumentInput,
  IngestOptions,
  LocalKnowledgeBaseOptions,
  LocalSearchType,
  SearchHit,
  SyncReport,
} from "./local-knowledge-base.ts";
export {
  DEFAULT_SOURCE_BUCKET,
  defaultSourceUriPrefix,
  LocalKnowledgeBase,
  openLocalKnowledgeBase,
} from "./local-knowledge-base.ts";
export { RESERVED_KEYS } from "./metadata.ts";
export { createOnnxEmbedder, type OnnxEmbedderOptions, OnnxEmbedderOptionsSchema } from "./onnx-embedder.ts";
export type { RetrievalFilter } from "./retrieval-filter.ts";
export { matchesFilter, RetrievalFilterSchema } from "./retrieval-filter.ts";
export type { RetrievalResult, RetrieveRequest, RetrieveResponse, Retriever } from "./retriever.ts";
export { RetrieveRequestSchema } from "./retriever.ts";
export type { RetrievalSettings } from "./traced-retrieve.ts";
export {
  createWordVectorEmbedder,
  loadWinkWordVectors,
  type WordVectorEmbedder,
  type WordVectorEmbedderOptions,
  type WordVectors,
} from "./word-vector-embedder.ts";
