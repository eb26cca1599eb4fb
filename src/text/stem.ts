/**
 * A light suffix stemmer: plurals and common verb endings, so "days" meets "day", "matches" meets
 * "match" and "converting" meets "convert". Used where both sides of a comparison are stemmed the same
 * way (guardrail topics and grounding, the local model's tool choice). Retrieval uses the Porter stemmer
 * instead (`src/kb/porter-stemmer.ts`), because BM25 scores must match Lucene's.
 */
export function suffixStem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  return word;
}
