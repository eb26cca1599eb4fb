const PIECE = /[A-Za-z]+|\d+|[^\sA-Za-z\d]+/g;

/**
 * Tokens of one piece, roughly as subword tokenizers merge them: a word per 6 letters, a number per 3
 * digits, a run of punctuation (JSON's `":{"`) per 3 characters.
 */
const piece = (text: string) => Math.ceil(text.length / (/^[A-Za-z]/.test(text) ? 6 : 3));

/** A deterministic token count: words (long ones split), numbers and punctuation runs. */
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
