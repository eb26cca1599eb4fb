/**
 * Retrieval quality and speed of the local knowledge base, side by side with MiniSearch and Orama on the
 * same documents in the same run.
 *
 * 1. CISI (1,460 documents, 76 judged queries, split into tuning and confirmation halves): BM25 k1/b, each
 *    embedder and each fusion, MiniSearch and Orama (bench/retrieval-quality.ts).
 * 2. Ingest throughput into the SQLite file (CISI with default chunking; synthetic chunks).
 * 3. Query latency p50 / p99 at 10k and 100k chunks synthesized deterministically from CISI sentences.
 *
 * Run alone: `npx tsx bench/retrieval.ts`; `npm run bench` runs it with the others.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, insertMultiple, search as oramaSearch } from "@orama/orama";
import MiniSearch from "minisearch";
import { openLocalKnowledgeBase } from "../src/kb/local-knowledge-base.ts";
import { splitSentences } from "../src/kb/tokens.ts";
import { type Collection, loadCisi } from "./cisi.ts";
import { benchRetrievalQuality } from "./retrieval-quality.ts";
import { median, percentile, table } from "./stats.ts";

type Ranker = (query: string, k: number) => Promise<string[]> | string[];

function miniSearch(docs: Array<{ id: string; text: string }>): Ranker {
  const index = new MiniSearch<{ id: string; text: string }>({ fields: ["text"], idField: "id" });
  index.addAll(docs);
  return (query, k) =>
    index
      .search(query)
      .slice(0, k)
      .map((hit) => String(hit.id));
}

async function orama(docs: Array<{ id: string; text: string }>): Promise<Ranker> {
  const db = create({ schema: { id: "string", text: "string" } as const });
  await insertMultiple(db, docs, 1000);
  // threshold 1: documents with any query term (the default 0 keeps only documents with all of them).
  return async (query, k) => {
    const result = await oramaSearch(db, { term: query, properties: ["text"], limit: k, threshold: 1 });
    return result.hits.map((hit) => String(hit.id));
  };
}

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` chunks of three CISI sentences each, picked by a seeded generator (the same every run). */
export function synthesizeChunks(collection: Collection, count: number): Array<{ id: string; text: string }> {
  const sentences = collection.documents
    .flatMap((doc) => splitSentences(doc.text))
    .filter((s) => s.length > 30);
  const random = mulberry32(42);
  return Array.from({ length: count }, (_, i) => ({
    id: `c${i}`,
    text: Array.from({ length: 3 }, () => sentences[Math.floor(random() * sentences.length)]).join(" "),
  }));
}

/** Query latencies, stopping early once `budgetMs` is spent (slow peers at 100k), after at least 3 calls. */
async function timeQueries(
  rank: Ranker,
  queries: string[],
  rounds: number,
  budgetMs = 8_000,
): Promise<{ p50: number; p99: number; n: number }> {
  for (const query of queries.slice(0, 3)) await rank(query, 10); // warm-up
  const times: number[] = [];
  const started = performance.now();
  outer: for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const t = performance.now();
      await rank(query, 10);
      times.push(performance.now() - t);
      if (times.length >= 3 && performance.now() - started > budgetMs) break outer;
    }
  }
  return { p50: median(times), p99: percentile(times, 99), n: times.length };
}

const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

export async function benchRetrieval() {
  const started = performance.now();
  const cisi = loadCisi();
  const dir = mkdtempSync(join(tmpdir(), "glassbox-bench-kb-"));
  try {
    // 1. Quality on CISI: BM25 parameters, embedders and fusions (bench/retrieval-quality.ts).
    const quality = await benchRetrievalQuality(dir);
    const kb = openLocalKnowledgeBase({ path: join(dir, "cisi.sqlite") });
    const ingestStarted = performance.now();
    await kb.ingestDocuments(cisi.documents, { chunking: { chunkingStrategy: "NONE" } });
    const cisiIngestMs = performance.now() - ingestStarted;
    kb.close();

    // 2. Ingest with default chunking (about 300 tokens at sentence ends) into a fresh file.
    const chunked = openLocalKnowledgeBase({ path: join(dir, "cisi-default.sqlite") });
    const chunkedStarted = performance.now();
    const report = await chunked.ingestDocuments(cisi.documents);
    const chunkedMs = performance.now() - chunkedStarted;
    chunked.close();

    // 3. Latency at scale.
    const queries = loadCisi().queries.map((q) => q.text);
    const scale: Array<Record<string, string | number>> = [];
    for (const size of [10_000, 100_000]) {
      const chunks = synthesizeChunks(cisi, size);
      const path = join(dir, `scale-${size}.sqlite`);
      const big = openLocalKnowledgeBase({ path });
      const t0 = performance.now();
      await big.ingestDocuments(chunks, { chunking: { chunkingStrategy: "NONE" } });
      const ingestMs = performance.now() - t0;
      const t1 = performance.now();
      await big.search("warm up the index", { k: 1, type: "BM25" });
      const loadMs = performance.now() - t1;
      const rounds = size > 50_000 ? 1 : 2;
      const sample = size > 50_000 ? queries.slice(0, 40) : queries;
      // Chat-length questions: the first five words of four letters or more of each CISI query.
      const short = sample.map((q) =>
        q
          .split(/\s+/)
          .filter((w) => w.length > 3)
          .slice(0, 5)
          .join(" "),
      );
      const log = (what: string) =>
        console.error(`  ${size} chunks: ${what} (${Math.round((performance.now() - started) / 1000)} s)`);
      log(`ingested in ${Math.round(ingestMs)} ms`);
      const row: Record<string, string | number> = {
        chunks: size,
        "ingest chunks/s": Math.round(size / (ingestMs / 1000)),
        "index load ms": Math.round(loadMs),
      };
      const rank =
        (type: "BM25" | "SEMANTIC" | "HYBRID"): Ranker =>
        async (q, k) =>
          (await big.search(q, { k, type })).map((hit) => hit.documentId);
      const rankers: Array<[string, () => Ranker | Promise<Ranker>]> = [
        ["BM25", () => rank("BM25")],
        ["BM25 5-word", () => rank("BM25")],
        ["SEMANTIC", () => rank("SEMANTIC")],
        ["HYBRID", () => rank("HYBRID")],
        ["MiniSearch", () => miniSearch(chunks)],
        // Orama needs minutes to index 100k chunks; GLASSBOX_BENCH_FULL=1 includes it there.
        ...(size < 50_000 || process.env.GLASSBOX_BENCH_FULL === "1"
          ? ([["Orama", () => orama(chunks)]] as Array<[string, () => Promise<Ranker>]>)
          : []),
      ];
      for (const [name, build] of rankers) {
        const ranker = await build();
        const { p50, p99, n } = await timeQueries(ranker, name.includes("5-word") ? short : sample, rounds);
        log(`${name} p50 ${ms(p50)} ms over ${n} queries`);
        row[`${name} p50/p99 ms`] = `${ms(p50)} / ${ms(p99)}${n < sample.length * rounds ? ` (n=${n})` : ""}`;
      }
      row["Orama p50/p99 ms"] ??= "skipped (GLASSBOX_BENCH_FULL=1)";
      big.close();
      rmSync(path, { force: true });
      scale.push(row);
    }
    console.log(
      `\nIngest (SQLite file, hashing embedder): CISI with default chunking ${report.chunks} chunks in ${Math.round(chunkedMs)} ms = ${Math.round(cisi.documents.length / (chunkedMs / 1000))} docs/s, ${Math.round(report.chunks / (chunkedMs / 1000))} chunks/s; CISI unchunked ${Math.round(cisi.documents.length / (cisiIngestMs / 1000))} docs/s\n`,
    );
    console.log(
      "Query latency (k = 10; 10k: the 76 judged CISI queries × 2 rounds; 100k: 40 queries; a system stops after 8 s, n = calls timed)\n",
    );
    const header = Object.keys(scale[0] ?? {});
    console.log(
      table(
        header,
        scale.map((row) => header.map((key) => String(row[key]))),
      ),
    );
    const bm25 = quality.bm25?.all.ndcg10 ?? 0;
    const peers = Math.max(...Object.values(quality.peers).map((p) => p.all.ndcg10));
    const hashing = quality.embedders["hashing-1024"]?.quality;
    const semantic = hashing?.SEMANTIC?.all.ndcg10 ?? 0;
    const hybrid = Math.max(
      hashing?.["HYBRID weighted (default weight)"]?.all.ndcg10 ?? 0,
      hashing?.["HYBRID RRF (default weight)"]?.all.ndcg10 ?? 0,
    );
    const p50At100k = Number(String(scale[1]?.["BM25 p50/p99 ms"] ?? "").split(" / ")[0]);
    const shortP50At100k = Number(String(scale[1]?.["BM25 5-word p50/p99 ms"] ?? "").split(" / ")[0]);
    const targets = {
      bm25AtLeastPeers: bm25 >= peers,
      hashingHybridAtLeastBetterInput: hybrid >= Math.max(bm25, semantic),
      ...quality.targets,
      bm25P50Under5msAt100k: p50At100k < 5,
      bm25ShortQueryP50Under5msAt100k: shortP50At100k < 5,
    };
    console.log(
      `\ntargets: ${JSON.stringify(targets)} (${Math.round((performance.now() - started) / 1000)} s)`,
    );
    return {
      quality: {
        bm25Grid: quality.bm25Grid.best,
        bm25: quality.bm25,
        embedders: quality.embedders,
        peers: quality.peers,
      },
      ingest: { cisiChunks: report.chunks, cisiChunkedMs: chunkedMs, cisiUnchunkedMs: cisiIngestMs },
      scale,
      targets,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchRetrieval();
}
