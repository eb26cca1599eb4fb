/**
 * The retrieval peers measured in the same run as Glassbox's knowledge base (`retrieval.ts` for speed,
 * `retrieval-quality.ts` for nDCG): MiniSearch and Orama with their defaults, as a team would use them.
 */
import { create, insertMultiple, search as oramaSearch } from "@orama/orama";
import MiniSearch from "minisearch";

/** Ranks document ids for a query, best first. */
export type Ranker = (query: string, k: number) => Promise<string[]> | string[];

export function miniSearch(docs: Array<{ id: string; text: string }>): Ranker {
  const index = new MiniSearch<{ id: string; text: string }>({ fields: ["text"], idField: "id" });
  index.addAll(docs);
  return (query, k) =>
    index
      .search(query)
      .slice(0, k)
      .map((hit) => String(hit.id));
}

export async function orama(docs: Array<{ id: string; text: string }>): Promise<Ranker> {
  const db = create({ schema: { id: "string", text: "string" } as const });
  await insertMultiple(db, docs, 1000);
  // threshold 1: documents with any query term (the default 0 keeps only documents with all of them).
  return async (query, k) => {
    const result = await oramaSearch(db, { term: query, properties: ["text"], limit: k, threshold: 1 });
    return result.hits.map((hit) => String(hit.id));
  };
}
