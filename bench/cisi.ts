/** The CISI test collection (SMART format): 1,460 documents, 112 queries, relevance judgments. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Collection {
  documents: Array<{ id: string; text: string }>;
  queries: Array<{ id: string; text: string }>;
  /** query id → relevant document ids */
  qrels: Map<string, Set<string>>;
}

export const CISI_DIR = process.env.GLASSBOX_CISI_DIR ?? "/work/shared/data/retrieval/cisi";

/** Records of a SMART file: `.I id` then fields `.T`, `.A`, `.W`, `.X`, `.B`. */
function records(text: string): Array<{ id: string; fields: Record<string, string> }> {
  const out: Array<{ id: string; fields: Record<string, string> }> = [];
  let current: { id: string; fields: Record<string, string> } | undefined;
  let field = "";
  for (const line of text.split(/\r?\n/)) {
    const id = /^\.I\s+(\d+)/.exec(line);
    if (id) {
      current = { id: id[1] as string, fields: {} };
      out.push(current);
      field = "";
      continue;
    }
    const marker = /^\.([A-Z])\s*$/.exec(line.trimEnd());
    if (marker && current) {
      field = marker[1] as string;
      current.fields[field] = "";
      continue;
    }
    if (current && field) current.fields[field] += `${line}\n`;
  }
  return out;
}

/** Loads CISI: document text is title plus abstract (`.T` + `.W`), as in the usual runs. */
export function loadCisi(dir = CISI_DIR): Collection {
  const read = (name: string) => readFileSync(join(dir, name), "latin1");
  const documents = records(read("CISI.ALL")).map(({ id, fields }) => ({
    id,
    text: `${(fields.T ?? "").trim()}\n\n${(fields.W ?? "").trim()}`.trim(),
  }));
  const queries = records(read("CISI.QRY")).map(({ id, fields }) => ({
    id,
    text: `${(fields.T ?? "").trim()} ${(fields.W ?? "").trim()}`.replace(/\s+/g, " ").trim(),
  }));
  const qrels = new Map<string, Set<string>>();
  for (const line of read("CISI.REL").split(/\r?\n/)) {
    const [query, doc] = line.trim().split(/\s+/);
    if (!query || !doc) continue;
    if (!qrels.has(query)) qrels.set(query, new Set());
    qrels.get(query)?.add(doc);
  }
  return { documents, queries: queries.filter((q) => qrels.has(q.id)), qrels };
}

/** nDCG@k with binary gains. */
export function ndcgAt(ranked: string[], relevant: Set<string>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal ? dcg / ideal : 0;
}

export function recallAt(ranked: string[], relevant: Set<string>, k: number): number {
  const found = ranked.slice(0, k).filter((id) => relevant.has(id)).length;
  return relevant.size ? found / relevant.size : 0;
}

/** Reciprocal rank of the first relevant document (0 when none is ranked). */
export function reciprocalRank(ranked: string[], relevant: Set<string>): number {
  const at = ranked.findIndex((id) => relevant.has(id));
  return at < 0 ? 0 : 1 / (at + 1);
}

/** Mean nDCG@10, Recall@100 and MRR of a ranker over the judged queries. */
export async function evaluate(
  collection: Collection,
  rank: (query: string) => Promise<string[]> | string[],
): Promise<{ ndcg10: number; recall100: number; mrr: number }> {
  let ndcg = 0;
  let recall = 0;
  let mrr = 0;
  for (const query of collection.queries) {
    const relevant = collection.qrels.get(query.id) as Set<string>;
    const ranked = await rank(query.text);
    ndcg += ndcgAt(ranked, relevant, 10);
    recall += recallAt(ranked, relevant, 100);
    mrr += reciprocalRank(ranked, relevant);
  }
  const n = collection.queries.length;
  return { ndcg10: ndcg / n, recall100: recall / n, mrr: mrr / n };
}

/**
 * The fixed split of CISI's judged queries used to choose retrieval defaults: odd ids tune, even ids confirm.
 * Fixed before any tuning; the benchmark reports both halves and all of CISI.
 */
export function splitQueries(collection: Collection): { tuning: Collection; confirmation: Collection } {
  const part = (odd: boolean): Collection => ({
    ...collection,
    queries: collection.queries.filter((q) => (Number(q.id) % 2 === 1) === odd),
  });
  return { tuning: part(true), confirmation: part(false) };
}
