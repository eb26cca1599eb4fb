const PIECE = /[A-Za-z]+|\d+|[^\sA-Za-z\d]+/g;

/**
 * Tokens of one piece, roughly as subword tokenizers merge them: a word per 6 letters, a number per 3
 * digits, a run of punctuation (JSON's `":{"`) per 3 characters.
 */
const piece = (text: string) => Math.ceil(text.length / (/^[A-Za-z]/.test(text) ? 6 : 3));

/**
 * The local Bedrock's token count, what it bills and what CountTokens answers: a deterministic estimate
 * of a subword tokenizer (words, long ones split, numbers and punctuation runs). Not the knowledge
 * base's chunk-size count (`countTokens` in `src/kb/tokens.ts`, one per word).
 */
export function estimateSubwordTokens(text: string): number {
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
