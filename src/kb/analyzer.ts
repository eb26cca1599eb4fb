import { LUCENE_STOP_WORDS } from "../text/stop-words.ts";
import { porterStem } from "./porter-stemmer.ts";

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const cache = new Map<string, string>();

/**
 * Terms of a text as Lucene's `EnglishAnalyzer` produces them: Unicode word tokens, lowercased,
 * possessive "'s" removed, English stop words dropped, Porter-stemmed.
 */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    let token = match[0];
    if (token.endsWith("'s") || token.endsWith("’s")) token = token.slice(0, -2);
    else token = token.replace(/['’]/g, "");
    if (!token || LUCENE_STOP_WORDS.has(token)) continue;
    let stemmed = cache.get(token);
    if (stemmed === undefined) {
      stemmed = porterStem(token);
      if (cache.size < 200_000) cache.set(token, stemmed);
    }
    terms.push(stemmed);
  }
  return terms;
}
