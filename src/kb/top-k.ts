/** A scored entry of a result list: an index into the collection and its score. */
export interface Hit {
  index: number;
  score: number;
}

/**
 * The `k` best of `count` candidates by score (ties by lower index), using a bounded min-heap, so a
 * query over 100k chunks never sorts them all.
 */
export function topK(
  count: number,
  k: number,
  indexAt: (i: number) => number,
  scoreAt: (i: number) => number,
): Hit[] {
  if (k <= 0) return [];
  const heap: Hit[] = [];
  const worse = (a: Hit, b: Hit) => a.score < b.score || (a.score === b.score && a.index > b.index);
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i] as Hit, heap[parent] as Hit)) break;
      [heap[i], heap[parent]] = [heap[parent] as Hit, heap[i] as Hit];
      i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && worse(heap[left] as Hit, heap[smallest] as Hit)) smallest = left;
      if (right < heap.length && worse(heap[right] as Hit, heap[smallest] as Hit)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest] as Hit, heap[i] as Hit];
      i = smallest;
    }
  };
  for (let i = 0; i < count; i++) {
    const score = scoreAt(i);
    if (heap.length < k) {
      heap.push({ index: indexAt(i), score });
      siftUp(heap.length - 1);
      continue;
    }
    const min = heap[0] as Hit;
    // Most candidates lose to the heap's minimum: decide before allocating a hit for them.
    if (score < min.score) continue;
    const hit = { index: indexAt(i), score };
    if (worse(min, hit)) {
      heap[0] = hit;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.index - b.index);
}

/**
 * The `k` best of `candidates` by `scores[candidate]`, without a callback per candidate: a small sorted
 * buffer of the best so far, which most candidates fail to enter after one comparison.
 */
export function topKByScore(candidates: ArrayLike<number>, scores: ArrayLike<number>, k: number): Hit[] {
  if (k <= 0) return [];
  const bestIndex: number[] = [];
  const bestScore: number[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const index = candidates[i] as number;
    const score = scores[index] as number;
    const size = bestScore.length;
    if (size === k) {
      const lastScore = bestScore[size - 1] as number;
      if (score < lastScore || (score === lastScore && index > (bestIndex[size - 1] as number))) continue;
      bestScore.pop();
      bestIndex.pop();
    }
    let at = bestScore.length;
    while (at > 0) {
      const s = bestScore[at - 1] as number;
      if (s > score || (s === score && (bestIndex[at - 1] as number) < index)) break;
      at--;
    }
    bestScore.splice(at, 0, score);
    bestIndex.splice(at, 0, index);
  }
  return bestIndex.map((index, i) => ({ index, score: bestScore[i] as number }));
}
