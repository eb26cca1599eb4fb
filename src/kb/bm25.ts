import { analyze } from "./analyzer.ts";
import { type Hit, topK, topKByScore } from "./top-k.ts";

/** BM25 parameters; the defaults are Anserini's (k1 = 0.9, b = 0.4) so scores compare with its published runs. */
export interface Bm25Params {
  k1: number;
  b: number;
}

interface Posting {
  docs: number[];
  tfs: number[];
}

/**
 * An in-memory inverted index scored with Okapi BM25 as Lucene computes it:
 * idf = ln(1 + (N − df + 0.5) / (df + 0.5)), tf part = tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl)).
 * Documents are numbered by the caller; removing one marks it dead and corrects N and the average length.
 */
export class Bm25Index {
  readonly params: Bm25Params;
  private readonly postings = new Map<string, Posting>();
  private readonly lengths: number[] = [];
  private readonly alive: boolean[] = [];
  private liveCount = 0;
  private removed = 0;
  private totalLength = 0;
  private scores = new Float64Array(0);
  /** k1·(1 − b + b·dl/avgdl) per document; recomputed after the collection changes. */
  private norms: Float64Array | undefined;

  constructor(params: Partial<Bm25Params> = {}) {
    this.params = { k1: params.k1 ?? 0.9, b: params.b ?? 0.4 };
  }

  get size(): number {
    return this.liveCount;
  }

  /** Indexes a text as document `index` (indexes must be new). */
  add(index: number, text: string): void {
    const terms = analyze(text);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) {
      let posting = this.postings.get(term);
      if (!posting) {
        posting = { docs: [], tfs: [] };
        this.postings.set(term, posting);
      }
      posting.docs.push(index);
      posting.tfs.push(tf);
    }
    this.lengths[index] = terms.length;
    this.alive[index] = true;
    this.norms = undefined;
    this.liveCount++;
    this.totalLength += terms.length;
  }

  remove(index: number): void {
    if (!this.alive[index]) return;
    this.alive[index] = false;
    this.norms = undefined;
    this.removed++;
    this.liveCount--;
    this.totalLength -= this.lengths[index] ?? 0;
  }

  /** The best `k` documents for a query; `allowed` restricts them (metadata filters). */
  search(query: string, k: number, allowed?: (index: number) => boolean): Hit[] {
    const terms = analyze(query);
    if (!terms.length || !this.liveCount) return [];
    if (this.scores.length < this.lengths.length) this.scores = new Float64Array(this.lengths.length);
    const scores = this.scores;
    const touched: number[] = [];
    const { k1 } = this.params;
    const norms = this.documentNorms();
    for (const term of terms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      let df = posting.docs.length;
      if (this.removed) {
        df = 0;
        for (const doc of posting.docs) if (this.alive[doc]) df++;
      }
      if (!df) continue;
      const idf = Math.log(1 + (this.liveCount - df + 0.5) / (df + 0.5));
      const { docs, tfs } = posting;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i] as number;
        if ((this.removed && !this.alive[doc]) || (allowed && !allowed(doc))) continue;
        const tf = tfs[i] as number;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] = (scores[doc] as number) + (idf * tf * (k1 + 1)) / (tf + (norms[doc] as number));
      }
    }
    const hits =
      k <= 64
        ? topKByScore(touched, scores, k)
        : topK(
            touched.length,
            k,
            (i) => touched[i] as number,
            (i) => scores[touched[i] as number] as number,
          );
    for (const doc of touched) scores[doc] = 0;
    return hits;
  }

  private documentNorms(): Float64Array {
    if (this.norms) return this.norms;
    const { k1, b } = this.params;
    const avgdl = this.totalLength / this.liveCount || 1;
    const norms = new Float64Array(this.lengths.length);
    for (let doc = 0; doc < this.lengths.length; doc++) {
      norms[doc] = k1 * (1 - b + (b * (this.lengths[doc] ?? 0)) / avgdl);
    }
    this.norms = norms;
    return norms;
  }
}
