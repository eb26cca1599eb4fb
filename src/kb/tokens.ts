const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;

/**
 * A deterministic, offline token count for chunk sizes: one token per word, number or punctuation mark.
 * Subword tokenizers (Titan, Cohere) count somewhat more; the difference is documented, not hidden.
 */
export function countTokens(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(TOKEN)) count++;
  return count;
}

/** Character offsets of each token, for cutting text at token boundaries. */
export function tokenSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const match of text.matchAll(TOKEN)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

/** Sentences of a text (ends at . ! ? or a blank line), trimmed, none empty. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const parts = block.match(/[^.!?]+(?:[.!?]+["')\]]*|$)/g) ?? [];
    let pending = "";
    let offset = 0;
    for (const part of parts) {
      pending += part;
      offset += part.length;
      // "e.g." or "3.5" do not end a sentence: the next piece must start with a space and a capital or digit.
      const next = block.slice(offset, offset + 16);
      if (next && !/^\s+["'([]?[\p{Lu}\p{N}]/u.test(next)) continue;
      const sentence = pending.replace(/\s+/g, " ").trim();
      if (sentence) sentences.push(sentence);
      pending = "";
    }
    const rest = pending.replace(/\s+/g, " ").trim();
    if (rest) sentences.push(rest);
  }
  return sentences;
}
