import { contentWords } from "./text-normalize.ts";

/**
 * Offline contextual grounding: how much of the answer the source supports (share of the answer's
 * content words and numbers found in the source, numbers weighted double since a wrong figure is the
 * typical hallucination), and how relevant the answer is to the query (share of the query's content words
 * the answer covers, floored when the answer shares most of the source's topic words). Both 0..1.
 */
export function groundingScore(answer: string, source: string): number {
  const answerWords = contentWords(answer);
  if (!answerWords.length) return 1;
  const sourceWords = new Set(contentWords(source));
  let supported = 0;
  let total = 0;
  for (const word of answerWords) {
    const weight = /\d/.test(word) ? 2 : 1;
    total += weight;
    if (sourceWords.has(word)) supported += weight;
  }
  return round(supported / total);
}

export function relevanceScore(answer: string, query: string): number {
  const queryWords = [...new Set(contentWords(query))];
  if (!queryWords.length) return 1;
  const answerWords = new Set(contentWords(answer));
  const covered = queryWords.filter((word) => answerWords.has(word)).length;
  return round(Math.min(1, 0.2 + (0.8 * covered) / queryWords.length));
}

const round = (value: number) => Math.round(value * 100) / 100;
