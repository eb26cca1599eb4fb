import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import { analyze } from "./analyzer.ts";
import { Bm25Index, type Bm25Params } from "./bm25.ts";
import {
  type ChunkingConfiguration,
  ChunkingConfigurationSchema,
  chunkText,
  DEFAULT_CHUNKING,
} from "./chunking.ts";
import { createHashingEmbedder, type Embedder } from "./embedder.ts";
import { type FusionMethod, reciprocalRankFusion, weightedFusion } from "./fusion.ts";
import { KnowledgeBaseStore, type StoredChunk } from "./kb-store.ts";
import { RESERVED_KEYS, sidecarAttributes } from "./metadata.ts";
import { type DocumentFormat, formatOf, parseDocument } from "./parsers.ts";
import { matchesFilter, type RetrievalFilter } from "./retrieval-filter.ts";
import {
  DEFAULT_NUMBER_OF_RESULTS,
  decodeNextToken,
  encodeNextToken,
  type RetrievalLocation,
  type RetrievalResult,
  type RetrieveRequest,
  RetrieveRequestSchema,
  type RetrieveResponse,
  type Retriever,
} from "./retriever.ts";
import type { Hit } from "./top-k.ts";
import { VectorIndex } from "./vector-index.ts";

/** How the local knowledge base ranks: Bedrock's two search types plus plain BM25. */
export type LocalSearchType = "HYBRID" | "SEMANTIC" | "BM25";

/** Options of {@link openLocalKnowledgeBase}. */
export interface LocalKnowledgeBaseOptions {
  /** The SQLite file (created when missing); `:memory:` for a throwaway one. */
  path: string;
  /** The knowledge base id; default: the file name without `.sqlite`. */
  id?: string;
  /** Default: the offline hashing embedder (1024 dimensions). Must match the one the file was built with. */
  embedder?: Embedder;
  /** What Retrieve does without `overrideSearchType` (Bedrock "decides"); default HYBRID. */
  defaultSearchType?: LocalSearchType;
  /** How HYBRID merges BM25 and vector lists; default weighted (min-max, 0.5 / 0.5). */
  fusion?: FusionMethod;
  /** Weights of [BM25, vector] in fusion; default from the embedder's `hybridWeight` (0.5 / 0.5 for a model). */
  fusionWeights?: [number, number];
  bm25?: Partial<Bm25Params>;
}

/** A document to ingest without a folder (programmatic ingestion, benchmarks). */
export interface DocumentInput {
  id: string;
  text: string;
  metadata?: Record<string, string | number | boolean | string[]>;
  uri?: string;
}

/** What an ingest did. Failed files are listed with the reason; they never stop the sync. */
export interface SyncReport {
  dataSourceId: string;
  scanned: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  chunks: number;
  failed: Array<{ path: string; error: string }>;
  skipped: Array<{ path: string; reason: string }>;
  durationMs: number;
}

/** Options of an ingest. */
export interface IngestOptions {
  /** The data source the files belong to; a sync removes only its own missing documents. Default: the folder name. */
  dataSourceId?: string;
  chunking?: ChunkingConfiguration;
  /**
   * Source URIs become `<prefix><relative path>`: default `s3://glassbox-local-kb/<knowledge base id>/`, so
   * Retrieve answers S3 locations as a knowledge base over an S3 data source does. A `file://` or other
   * non-S3, non-web prefix gives `CUSTOM` locations.
   */
  sourceUriPrefix?: string;
  onProgress?: (progress: { done: number; total: number; path: string }) => void;
}

interface Entry {
  id: string;
  documentId: string;
  parentId: string | null;
  text: string;
  metadata: Record<string, unknown>;
}

interface Index {
  entries: Entry[];
  bm25: Bm25Index;
  vectors: VectorIndex;
}

/** One ranked chunk from {@link LocalKnowledgeBase.search}. */
export interface SearchHit {
  chunkId: string;
  documentId: string;
  text: string;
  metadata: Record<string, unknown>;
  score: number;
  /** The parent chunk (HIERARCHICAL chunking). */
  parentId?: string | null;
}

const SIDECAR = ".metadata.json";

/** The bucket of the S3 URIs ingested documents get unless the ingest names a prefix. */
export const DEFAULT_SOURCE_BUCKET = "glassbox-local-kb";

/** The default source URI prefix of a knowledge base: `s3://glassbox-local-kb/<id>/`. */
export function defaultSourceUriPrefix(knowledgeBaseId: string): string {
  return `s3://${DEFAULT_SOURCE_BUCKET}/${knowledgeBaseId}/`;
}

/**
 * The embedded knowledge base: one SQLite file holding documents, chunks, metadata and embeddings, an
 * in-memory BM25 index and an exact vector index built from it on first use, and Bedrock's `Retrieve`
 * contract on top (search type, every filter operator, reranking, paging).
 */
export class LocalKnowledgeBase implements Retriever {
  readonly id: string;
  readonly store: KnowledgeBaseStore;
  readonly embedder: Embedder;
  private readonly options: LocalKnowledgeBaseOptions;
  private index: Index | undefined;

  constructor(options: LocalKnowledgeBaseOptions) {
    this.options = options;
    this.id = options.id ?? basename(options.path).replace(/\.sqlite3?$|\.db$/i, "");
    this.embedder = options.embedder ?? createHashingEmbedder();
    this.store = new KnowledgeBaseStore(options.path);
    const stored = this.store.getMeta("embedder");
    if (stored && stored !== this.embedder.id) {
      this.store.close();
      throw new Error(
        `knowledge base ${options.path} was built with the embedder "${stored}", not "${this.embedder.id}": open it with the same embedder or ingest into a new file`,
      );
    }
  }

  /** Syncs a folder: new and changed files (by content hash) are indexed, deleted ones removed. */
  async ingestDirectory(dir: string, options: IngestOptions = {}): Promise<SyncReport> {
    const root = resolve(dir);
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory()) throw new Error(`${dir} is not a folder`);
    const dataSourceId = options.dataSourceId ?? (basename(root) || "default");
    const files = await listFiles(root);
    const skipped: SyncReport["skipped"] = [];
    const documents: Array<{ path: string; format: DocumentFormat }> = [];
    const names = new Set(files);
    for (const path of files) {
      if (path.endsWith(SIDECAR)) {
        if (!names.has(path.slice(0, -SIDECAR.length)))
          skipped.push({ path, reason: "metadata sidecar without its file" });
        continue;
      }
      const format = formatOf(path);
      if (format) documents.push({ path, format });
      else skipped.push({ path, reason: "unsupported file type" });
    }
    return this.sync(
      dataSourceId,
      documents.map(({ path, format }) => ({
        id: relative(root, path).split(sep).join("/"),
        path,
        load: async () => {
          const bytes = await readFile(path);
          const sidecar = names.has(`${path}${SIDECAR}`) ? await readFile(`${path}${SIDECAR}`) : undefined;
          return { bytes, sidecar, format };
        },
        uri: `${options.sourceUriPrefix ?? defaultSourceUriPrefix(this.id)}${relative(root, path).split(sep).join("/")}`,
      })),
      options,
      skipped,
      true,
    );
  }

  /** Ingests documents given as text (replacing those with the same id when their content changed). */
  async ingestDocuments(documents: DocumentInput[], options: IngestOptions = {}): Promise<SyncReport> {
    return this.sync(
      options.dataSourceId ?? "documents",
      documents.map((doc) => ({
        id: doc.id,
        path: doc.id,
        uri: doc.uri ?? doc.id,
        load: async () => ({
          bytes: Buffer.from(doc.text),
          sidecar: doc.metadata
            ? Buffer.from(JSON.stringify({ metadataAttributes: doc.metadata }))
            : undefined,
          format: "txt" as DocumentFormat,
        }),
      })),
      options,
      [],
      false,
    );
  }

  private async sync(
    dataSourceId: string,
    sources: Array<{
      id: string;
      path: string;
      uri: string;
      load: () => Promise<{ bytes: Buffer; sidecar?: Buffer; format: DocumentFormat }>;
    }>,
    options: IngestOptions,
    skipped: SyncReport["skipped"],
    removeMissing: boolean,
  ): Promise<SyncReport> {
    const started = performance.now();
    const chunkingKey = `chunking:${dataSourceId}`;
    const storedChunking = this.store.getMeta(chunkingKey);
    const chunking = options.chunking
      ? ChunkingConfigurationSchema.parse(options.chunking)
      : storedChunking
        ? (JSON.parse(storedChunking) as ChunkingConfiguration)
        : DEFAULT_CHUNKING;
    const existing = new Map(this.store.documents().map((doc) => [doc.id, doc]));
    const report: SyncReport = {
      dataSourceId,
      scanned: sources.length,
      added: 0,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      chunks: 0,
      failed: [],
      skipped,
      durationMs: 0,
    };
    this.store.setMeta("embedder", this.embedder.id);
    this.store.setMeta(chunkingKey, JSON.stringify(chunking));
    const seen = new Set<string>();
    let done = 0;
    const batch: Parameters<KnowledgeBaseStore["putDocuments"]>[0] = [];
    let batchChunks = 0;
    const flush = () => {
      if (batch.length) this.store.putDocuments(batch.splice(0));
      batchChunks = 0;
    };
    for (const source of sources) {
      const documentId = source.id;
      seen.add(documentId);
      try {
        const { bytes, sidecar, format } = await source.load();
        const hash = createHash("sha256")
          .update(bytes)
          .update("\0")
          .update(sidecar ?? "")
          .update("\0")
          .update(JSON.stringify(chunking))
          .update(this.embedder.id)
          .digest("hex");
        const previous = existing.get(documentId);
        if (previous?.hash === hash && previous.dataSourceId === dataSourceId) {
          report.unchanged++;
        } else {
          const attributes = sidecar
            ? sidecarAttributes(JSON.parse(sidecar.toString("utf8")) as unknown)
            : {};
          const parsed = await parseDocument(bytes, format);
          const { chunks, parents } = await this.chunkDocument(
            parsed.pages && chunking.chunkingStrategy !== "NONE" ? parsed.pages : [parsed.text],
            chunking,
            {
              documentId,
              dataSourceId,
              uri: source.uri,
              attributes,
              paged: Boolean(parsed.pages) && chunking.chunkingStrategy !== "NONE",
            },
          );
          batch.push({
            document: { id: documentId, dataSourceId, uri: source.uri, hash, format },
            chunks,
            parents,
          });
          batchChunks += chunks.length;
          if (batch.length >= 500 || batchChunks >= 2000) flush();
          report.chunks += chunks.length;
          if (previous) report.updated++;
          else report.added++;
          this.index = undefined;
        }
      } catch (error) {
        report.failed.push({ path: source.path, error: (error as Error).message });
      }
      options.onProgress?.({ done: ++done, total: sources.length, path: source.path });
    }
    flush();
    if (removeMissing) {
      for (const doc of existing.values()) {
        if (doc.dataSourceId === dataSourceId && !seen.has(doc.id)) {
          this.store.deleteDocument(doc.id);
          report.deleted++;
          this.index = undefined;
        }
      }
    }
    report.durationMs = performance.now() - started;
    return report;
  }

  private async chunkDocument(
    pages: string[],
    chunking: ChunkingConfiguration,
    doc: {
      documentId: string;
      dataSourceId: string;
      uri: string;
      attributes: Record<string, unknown>;
      paged: boolean;
    },
  ): Promise<{ chunks: StoredChunk[]; parents: Array<{ id: string; text: string }> }> {
    const chunks: StoredChunk[] = [];
    const parents: Array<{ id: string; text: string }> = [];
    for (const [pageIndex, page] of pages.entries()) {
      const plan = await chunkText(page, chunking, this.embedder);
      const parentIds = plan.parents.map((text, i) => {
        const id = chunkId(doc.documentId, `p${pageIndex}:${i}`);
        parents.push({ id, text });
        return id;
      });
      for (const chunk of plan.chunks) {
        const position = chunks.length;
        const id = chunkId(doc.documentId, String(position));
        chunks.push({
          id,
          documentId: doc.documentId,
          parentId: chunk.parent === undefined ? null : (parentIds[chunk.parent] ?? null),
          position,
          text: chunk.text,
          metadata: {
            ...doc.attributes,
            [RESERVED_KEYS.sourceUri]: doc.uri,
            [RESERVED_KEYS.dataSourceId]: doc.dataSourceId,
            [RESERVED_KEYS.chunkId]: id,
            ...(doc.paged ? { [RESERVED_KEYS.pageNumber]: pageIndex + 1 } : {}),
          },
          embedding: null,
        });
      }
    }
    const vectors = await this.embedder.embed(chunks.map((chunk) => chunk.text));
    chunks.forEach((chunk, i) => {
      chunk.embedding = vectors[i] ?? null;
    });
    return { chunks, parents };
  }

  private ensureIndex(): Index {
    if (this.index) return this.index;
    const entries: Entry[] = [];
    const bm25 = new Bm25Index(this.options.bm25);
    const vectors = new VectorIndex(this.embedder.dimensions);
    for (const chunk of this.store.chunks()) {
      const index = entries.length;
      entries.push({
        id: chunk.id,
        documentId: chunk.documentId,
        parentId: chunk.parentId,
        text: chunk.text,
        metadata: chunk.metadata,
      });
      bm25.add(index, chunk.text);
      if (chunk.embedding) vectors.add(index, chunk.embedding);
    }
    this.index = { entries, bm25, vectors };
    return this.index;
  }

  /** Ranked chunks for a query (children of HIERARCHICAL chunking are returned as themselves). */
  async search(
    query: string,
    options: {
      k: number;
      type?: LocalSearchType;
      filter?: RetrievalFilter;
      fusion?: FusionMethod;
      depth?: number;
    },
  ): Promise<SearchHit[]> {
    const index = this.ensureIndex();
    const type = options.type ?? this.options.defaultSearchType ?? "HYBRID";
    const filter = options.filter;
    // Each chunk's filter decision is made once per query (BM25 meets a chunk once per query term).
    const decided = filter ? new Uint8Array(index.entries.length) : undefined;
    const allowed =
      filter && decided
        ? (i: number) => {
            if (!decided[i]) decided[i] = matchesFilter((index.entries[i] as Entry).metadata, filter) ? 1 : 2;
            return decided[i] === 1;
          }
        : undefined;
    const depth = Math.max(options.k, options.depth ?? 100);
    const vectorWeight = this.embedder.hybridWeight ?? 0.5;
    const weights = this.options.fusionWeights ?? [1 - vectorWeight, vectorWeight];
    // A list fusion gives no weight adds nothing but its cost: HYBRID then runs as the other search alone.
    const mode = type !== "HYBRID" ? type : weights[1] === 0 ? "BM25" : weights[0] === 0 ? "SEMANTIC" : type;
    let hits: Hit[];
    if (mode === "BM25") {
      hits = normaliseByTop(index.bm25.search(query, options.k, allowed));
      // Bedrock's HYBRID fills k from the vector list when too few passages match the words; with no
      // weight on it those come last, at score 0, and the vector scan runs only when they are needed.
      if (type === "HYBRID" && hits.length < options.k && index.entries.length > hits.length)
        hits = hits.concat(await this.vectorFill(query, options.k - hits.length, hits, allowed));
    } else {
      const [vector] = await this.embedder.embed([query]);
      const semantic = index.vectors.search(
        vector as Float32Array,
        mode === "SEMANTIC" ? options.k : depth,
        allowed,
      );
      if (mode === "SEMANTIC") {
        hits = semantic.map((hit) => ({ index: hit.index, score: Math.max(0, hit.score) }));
      } else {
        const lexical = index.bm25.search(query, depth, allowed);
        const fusion = options.fusion ?? this.options.fusion ?? "weighted";
        hits = (
          fusion === "rrf"
            ? reciprocalRankFusion([lexical, semantic], { weights })
            : weightedFusion([lexical, semantic], weights)
        ).slice(0, options.k);
      }
    }
    return hits.map((hit) => {
      const entry = index.entries[hit.index] as Entry;
      return {
        chunkId: entry.id,
        documentId: entry.documentId,
        text: entry.text,
        metadata: entry.metadata,
        score: hit.score,
        parentId: entry.parentId,
      };
    });
  }

  /** The nearest passages by vector not among `taken`, scored 0 (their fused share when weighted 0). */
  private async vectorFill(
    query: string,
    count: number,
    taken: readonly Hit[],
    allowed: ((i: number) => boolean) | undefined,
  ): Promise<Hit[]> {
    const index = this.ensureIndex();
    const seen = new Set(taken.map((hit) => hit.index));
    const [vector] = await this.embedder.embed([query]);
    return index.vectors
      .search(vector as Float32Array, count + seen.size, allowed)
      .filter((hit) => !seen.has(hit.index))
      .slice(0, count)
      .map((hit) => ({ index: hit.index, score: 0 }));
  }

  /** Bedrock's `Retrieve` against this knowledge base. */
  async retrieve(request: RetrieveRequest): Promise<RetrieveResponse> {
    const body = RetrieveRequestSchema.parse(request);
    const config = body.retrievalConfiguration?.vectorSearchConfiguration ?? {};
    const k = config.numberOfResults ?? DEFAULT_NUMBER_OF_RESULTS;
    const offset = decodeNextToken(body.nextToken);
    const wanted = offset + k;
    // One more than a page tells whether a next page exists; HIERARCHICAL needs spare children per parent.
    const hierarchical = this.hasParents();
    const fetch = (wanted + 1) * (hierarchical ? 4 : 1);
    let hits = await this.search(body.retrievalQuery.text, {
      k: Math.min(fetch, 1000),
      type: config.overrideSearchType ?? this.options.defaultSearchType ?? "HYBRID",
      filter: config.filter,
    });
    if (hierarchical) hits = this.toParents(hits);
    if (config.rerankingConfiguration) {
      const count =
        config.rerankingConfiguration.bedrockRerankingConfiguration?.numberOfRerankedResults ?? hits.length;
      hits = [...lexicalRerank(body.retrievalQuery.text, hits.slice(0, count)), ...hits.slice(count)];
    }
    const page = hits.slice(offset, wanted);
    return {
      retrievalResults: page.map((hit) => this.toResult(hit)),
      ...(hits.length > wanted ? { nextToken: encodeNextToken(wanted) } : {}),
      ...(body.guardrailConfiguration ? { guardrailAction: "NONE" as const } : {}),
    };
  }

  private hasParents(): boolean {
    return this.store.counts().parents > 0;
  }

  /** HIERARCHICAL: children are searched, parents returned (once, at their best child's score). */
  private toParents(hits: SearchHit[]): SearchHit[] {
    const seen = new Set<string>();
    const out: SearchHit[] = [];
    for (const hit of hits) {
      const parentId = hit.parentId;
      if (!parentId) {
        out.push(hit);
        continue;
      }
      if (seen.has(parentId)) continue;
      seen.add(parentId);
      const text = this.store.parentText(parentId) ?? hit.text;
      out.push({
        ...hit,
        chunkId: parentId,
        text,
        metadata: { ...hit.metadata, [RESERVED_KEYS.chunkId]: parentId },
      });
    }
    return out;
  }

  private toResult(hit: SearchHit): RetrievalResult {
    const uri = String(hit.metadata[RESERVED_KEYS.sourceUri] ?? hit.documentId);
    const location: RetrievalLocation = uri.startsWith("s3://")
      ? { type: "S3", s3Location: { uri } }
      : /^https?:\/\//.test(uri)
        ? { type: "WEB", webLocation: { url: uri } }
        : { type: "CUSTOM", customDocumentLocation: { id: uri } };
    return {
      content: { type: "TEXT", text: hit.text },
      location,
      metadata: hit.metadata,
      score: hit.score,
      documentId: hit.documentId,
    };
  }

  /** Documents, chunks and file size. */
  stats() {
    const counts = this.store.counts();
    const documents = this.store.documents();
    const bySource = new Map<string, number>();
    for (const doc of documents) bySource.set(doc.dataSourceId, (bySource.get(doc.dataSourceId) ?? 0) + 1);
    return {
      id: this.id,
      path: this.store.path,
      embedder: this.store.getMeta("embedder") ?? this.embedder.id,
      ...counts,
      dataSources: [...bySource].map(([id, count]) => ({
        id,
        documents: count,
        chunking: JSON.parse(this.store.getMeta(`chunking:${id}`) ?? "null") as ChunkingConfiguration | null,
      })),
    };
  }

  close(): void {
    this.store.close();
  }
}

/** Opens (or creates) a local knowledge base file. */
export function openLocalKnowledgeBase(options: LocalKnowledgeBaseOptions): LocalKnowledgeBase {
  return new LocalKnowledgeBase(options);
}

function chunkId(documentId: string, position: string): string {
  const hex = createHash("sha256").update(`${documentId}\0${position}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function normaliseByTop(hits: Hit[]): Hit[] {
  const top = hits[0]?.score ?? 1;
  return hits.map((hit) => ({ index: hit.index, score: top > 0 ? hit.score / top : 0 }));
}

/**
 * The offline stand-in for a reranking model: re-orders by the share of distinct query terms a chunk
 * contains (70%) and its retrieval score (30%). It is a lexical heuristic, not a cross-encoder.
 */
export function lexicalRerank(query: string, hits: SearchHit[]): SearchHit[] {
  const terms = new Set(analyze(query));
  if (!terms.size) return hits;
  return hits
    .map((hit, rank) => {
      const words = new Set(analyze(hit.text));
      let covered = 0;
      for (const term of terms) if (words.has(term)) covered++;
      return { hit: { ...hit, score: 0.7 * (covered / terms.size) + 0.3 * hit.score }, rank };
    })
    .sort((a, b) => b.hit.score - a.hit.score || a.rank - b.rank)
    .map(({ hit }) => hit);
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  await walk(root);
  return out;
}
