const PIECE = /[A-Za-z]+|\d+|[^\sA-Za-z\d]/g;

/** Tokens of one piece: long words count as several, like subword tokenizers do. */
const piece = (text: string) => (/^[A-Za-z]+$/.test(text) ? Math.ceil(text.length / 6) : 1);

/** A deterministic token count: words (long ones split), numbers and punctuation. */
export function countTokens(text: string): number {
  let count = 0;
  for (const match of text.matchAll(PIECE)) count += piece(match[0]);
  return count;
}

/** The longest prefix of `text` that fits in `maxTokens` tokens. */
export function truncateToTokens(text: string, maxTokens: number): string {
  let count = 0;
  for (const match of text.matchAll(PIECE)) {
    count += piece(match[0]);
    if (count > maxTokens) return text.slice(0, match.index).trimEnd();
  }
  return text;
}
