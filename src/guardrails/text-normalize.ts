import { suffixStem } from "../text/stem.ts";
import { FUNCTION_WORDS } from "../text/stop-words.ts";

/** Text normalisation shared by the lexical policies: case, accents, leetspeak, invisible characters. */

const LEET: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "@": "a",
  $: "s",
  "!": "i",
  "|": "l",
};

/** Lower case, accents stripped, zero-width characters removed; same length is not kept. */
export function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g, "")
    .toLowerCase();
}

/** Folded text with leetspeak digits and symbols read as letters (`sh1t` → `shit`). */
export function deleet(text: string): string {
  return fold(text).replace(/[0134578@$!|]/g, (char) => LEET[char] ?? char);
}

/** Word tokens of folded text. */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Content words: tokens minus English function words, suffix-stemmed (plural and -ing/-ed endings). */
export function contentWords(text: string): string[] {
  return words(text)
    .filter((word) => !FUNCTION_WORDS.has(word) && word.length > 1)
    .map(suffixStem);
}
