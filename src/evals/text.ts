import { splitLocalDisclosure } from "../local/disclosure.ts";
import { ANSWER_STOP_WORDS } from "../text/stop-words.ts";

/** Text normalisation and token helpers shared by the text, grounding and judge evaluators. */

const ARTICLES = /\b(a|an|the)\b/g;
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/(\d),(\d{3})/g, "$1$2")
    .replace(/(\d)\.(\d)/g, "$1\u2024$2")
    .replace(PUNCTUATION, " ")
    .replace(/\u2024/g, ".")
    .replace(ARTICLES, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Normalised tokens (numbers keep their decimal point). */
export function tokens(text: string): string[] {
  const normalized = normalizeAnswer(text);
  return normalized ? normalized.split(" ") : [];
}

/** Tokens that carry content: no stop words. */
export function contentTokens(text: string): string[] {
  return tokens(text).filter((token) => !ANSWER_STOP_WORDS.has(token));
}

/** Counts of each token. */
export function counts(list: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const item of list) map.set(item, (map.get(item) ?? 0) + 1);
  return map;
}

/** Sentences of a text (split on ., ! or ? followed by a space, and on new lines). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z0-9(])|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /\w/.test(sentence));
}

/** Share of `part`'s distinct tokens found in `whole` (1 when `part` has none). */
export function coverage(part: readonly string[], whole: readonly string[]): number {
  const distinct = new Set(part);
  if (!distinct.size) return 1;
  const pool = new Set(whole);
  let found = 0;
  for (const token of distinct) if (pool.has(token)) found++;
  return found / distinct.size;
}

/** Words of an answer that declines (can't, unable to, the documents do not answer...). */
export const DECLINE =
  /\b(can(?:'|’)?t|cannot|can not|unable to|won(?:'|’)t|not able to|decline|don(?:'|’)t know|do(?:es)? not (?:answer|say|cover|mention)|no information)\b/i;

/** Whether an answer declines to answer. */
export function declines(answer: string): boolean {
  return DECLINE.test(answer);
}

/**
 * The answer's claims: without the local model's parenthesised disclosure ("(Glassbox local model: ...)"),
 * which is a note about the model, not a statement to ground or cite.
 */
export function claimText(answer: string): string {
  return splitLocalDisclosure(answer).claims;
}
