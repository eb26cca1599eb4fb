import type { Hit } from "./top-k.ts";

/** How hybrid search merges the lexical and vector lists. */
export type FusionMethod = "rrf" | "weighted";

/**
 * Reciprocal rank fusion: Σ wᵢ / (k + rankᵢ), rank from 1; a list that misses a document adds nothing.
 * Scores are divided by the best possible score, so they fall in 0–1.
 */
export function reciprocalRankFusion(
  lists: Hit[][],
  options: { k?: number; weights?: number[] } = {},
): Hit[] {
  const k = options.k ?? 60;
  const weights = options.weights ?? lists.map(() => 1);
  const best = weights.reduce((sum, w) => sum + w / (k + 1), 0) || 1;
  const fused = new Map<number, number>();
  lists.forEach((list, l) => {
    list.forEach((hit, rank) => {
      fused.set(hit.index, (fused.get(hit.index) ?? 0) + (weights[l] ?? 1) / (k + rank + 1));
    });
  });
  return sortHits(fused, best);
}

/**
 * Min-max normalised weighted sum (Orama's and Anserini's "normalize" fusion): each list's scores are
 * scaled to 0–1 over that list, a missing document counts 0, and the lists are summed with weights that
 * add to 1 (default 0.5 / 0.5).
 */
export function weightedFusion(lists: Hit[][], weights: number[] = lists.map(() => 1 / lists.length)): Hit[] {
  const total = weights.reduce((sum, w) => sum + w, 0) || 1;
  const fused = new Map<number, number>();
  lists.forEach((list, l) => {
    if (!list.length) return;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const hit of list) {
      min = Math.min(min, hit.score);
      max = Math.max(max, hit.score);
    }
    const range = max - min;
    for (const hit of list) {
      const normalised = range > 0 ? (hit.score - min) / range : 1;
      fused.set(hit.index, (fused.get(hit.index) ?? 0) + ((weights[l] ?? 0) / total) * normalised);
    }
  });
  return sortHits(fused, 1);
}

function sortHits(scores: Map<number, number>, divisor: number): Hit[] {
  return [...scores]
    .map(([index, score]) => ({ index, score: score / divisor }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
}
