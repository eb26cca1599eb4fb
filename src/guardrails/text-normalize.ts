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

const STOPWORDS = new Set(
  (
    "a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those " +
    "i you he she we they me him her us them my your his our their what which who whom how why when where do does did " +
    "can could will would should may might must shall not no yes so than then there here about into over under up down out " +
    "any all some such only own same very just also more most other too s t don ve ll re m d"
  ).split(" "),
);

/** Content words: tokens minus stopwords, crudely stemmed (plural and -ing/-ed endings). */
export function contentWords(text: string): string[] {
  return words(text)
    .filter((word) => !STOPWORDS.has(word) && word.length > 1)
    .map(stem);
}

export function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}
