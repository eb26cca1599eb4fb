/** One arm of a weighted traffic split. */
export interface SplitEntry {
  modelId: string;
  weight: number;
}

/** FNV-1a, 32 bit: a stable hash so one key always lands on the same arm. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Picks a model from a weighted split. With a key (the thread id) the choice is sticky: the same key
 * always gets the same model, so a conversation never switches models mid-way during a rollout.
 */
export function pickModel(
  split: readonly SplitEntry[],
  stickyKey?: string,
  random: () => number = Math.random,
): string {
  if (split.length === 0) throw new Error("traffic split is empty");
  const total = split.reduce((sum, entry) => sum + entry.weight, 0);
  const point = (stickyKey === undefined ? random() : fnv1a(stickyKey) / 2 ** 32) * total;
  let cumulative = 0;
  for (const entry of split) {
    cumulative += entry.weight;
    if (point < cumulative) return entry.modelId;
  }
  return (split.at(-1) as SplitEntry).modelId;
}
