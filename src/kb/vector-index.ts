import { type Hit, topK } from "./top-k.ts";

/**
 * Exact nearest-neighbour search by cosine similarity over unit vectors kept in one contiguous
 * Float32Array (a flat index: no approximation, so recall is exactly that of the embedder).
 */
export class VectorIndex {
  readonly dimensions: number;
  private data: Float32Array;
  private count = 0;
  private readonly alive: boolean[] = [];
  private scores = new Float32Array(0);
  private removed = 0;

  constructor(dimensions: number, capacity = 1024) {
    this.dimensions = dimensions;
    this.data = new Float32Array(dimensions * capacity);
  }

  /** Stores the vector of document `index` (indexes are dense and new). */
  add(index: number, vector: Float32Array): void {
    if (vector.length !== this.dimensions) {
      throw new Error(`vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    }
    const needed = (index + 1) * this.dimensions;
    if (needed > this.data.length) {
      const grown = new Float32Array(Math.max(needed, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(vector, index * this.dimensions);
    this.alive[index] = true;
    this.count = Math.max(this.count, index + 1);
  }

  remove(index: number): void {
    if (this.alive[index]) this.removed++;
    this.alive[index] = false;
  }

  search(query: Float32Array, k: number, allowed?: (index: number) => boolean): Hit[] {
    const dims = this.dimensions;
    const data = this.data;
    if (this.scores.length < this.count) this.scores = new Float32Array(this.data.length / dims);
    const scores = this.scores;
    const everyone = !allowed && !this.removed;
    const candidates: number[] = [];
    for (let doc = 0; doc < this.count; doc++) {
      if (!everyone && (!this.alive[doc] || (allowed && !allowed(doc)))) continue;
      let a = 0;
      let b = 0;
      let c = 0;
      let d = 0;
      const base = doc * dims;
      let j = 0;
      for (; j + 3 < dims; j += 4) {
        a += (data[base + j] as number) * (query[j] as number);
        b += (data[base + j + 1] as number) * (query[j + 1] as number);
        c += (data[base + j + 2] as number) * (query[j + 2] as number);
        d += (data[base + j + 3] as number) * (query[j + 3] as number);
      }
      for (; j < dims; j++) a += (data[base + j] as number) * (query[j] as number);
      if (!everyone) candidates.push(doc);
      scores[doc] = a + b + c + d;
    }
    if (everyone)
      return topK(
        this.count,
        k,
        (i) => i,
        (i) => scores[i] as number,
      );
    return topK(
      candidates.length,
      k,
      (i) => candidates[i] as number,
      (i) => scores[candidates[i] as number] as number,
    );
  }
}
