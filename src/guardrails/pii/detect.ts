import { findAddresses } from "./addresses.ts";
import type { PiiEntityType } from "./entity-types.ts";
import { findNames } from "./names.ts";
import { CONTEXT_BOOST, MIN_SCORE, RECOGNIZERS, type Recognizer } from "./recognizers.ts";

/** One detected PII entity: its type, where it is, and how sure the detector is (0..1). */
export interface PiiMatch {
  type: PiiEntityType;
  start: number;
  end: number;
  score: number;
}

/** Characters before a match searched for context words (about Presidio's five words). */
const CONTEXT_WINDOW = 40;

/**
 * Finds PII entities of the given types (all 31 when omitted). Overlapping matches are resolved in favour
 * of the higher score, then the longer span, so a Luhn-valid card beats the phone number it resembles.
 */
export function detectPii(text: string, types?: ReadonlySet<PiiEntityType>): PiiMatch[] {
  const lower = text.toLowerCase();
  const hasDigit = DIGIT.test(text);
  const found: PiiMatch[] = [];
  // Plain loops and no closures: this runs on every checked message.
  const met = requirementsMet(lower);
  for (let i = 0; i < RECOGNIZERS.length; i++) {
    const recognizer = RECOGNIZERS[i] as Recognizer;
    if ((types && !types.has(recognizer.type)) || (recognizer.digits && !hasDigit)) continue;
    if (recognizer.requires && !met[i]) continue;
    collect(recognizer, text, lower, found);
  }
  if (!types || types.has("NAME")) for (const match of findNames(text)) add(found, "NAME", match);
  if (!types || types.has("ADDRESS")) for (const match of findAddresses(text)) add(found, "ADDRESS", match);
  return resolveOverlaps(found);
}

const DIGIT = /\d/;

function add(
  into: PiiMatch[],
  type: PiiEntityType,
  match: { start: number; end: number; score: number },
): void {
  if (match.score >= MIN_SCORE) into.push({ type, start: match.start, end: match.end, score: match.score });
}

/** Pre-filter keywords: a symbol, or a word (its first word, for phrases) → the recognizers that need it. */
const KEYWORD_OWNERS = new Map<string, number[]>();
RECOGNIZERS.forEach((recognizer, index) => {
  for (const keyword of recognizer.requires ?? []) {
    const key = /^[a-z0-9_]/.test(keyword) ? (/^[a-z0-9_]+/.exec(keyword)?.[0] ?? keyword) : keyword;
    KEYWORD_OWNERS.set(key, [...(KEYWORD_OWNERS.get(key) ?? []), index]);
  }
});
const SYMBOL_KEYS = [...KEYWORD_OWNERS.keys()].filter((key) => !/^[a-z0-9_]/.test(key));
const TOKEN = /[a-z0-9_]+/g;

/**
 * Which recognizers' pre-filter keywords the text has: one pass over its word tokens with a map lookup
 * each, instead of a substring search per keyword.
 */
function requirementsMet(lower: string): Uint8Array {
  const met = new Uint8Array(RECOGNIZERS.length);
  for (const symbol of SYMBOL_KEYS) {
    if (lower.includes(symbol)) for (const index of KEYWORD_OWNERS.get(symbol) ?? []) met[index] = 1;
  }
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(lower); m; m = TOKEN.exec(lower)) {
    const owners = KEYWORD_OWNERS.get(m[0]);
    if (owners) for (const index of owners) met[index] = 1;
  }
  return met;
}

function collect(recognizer: Recognizer, text: string, lower: string, into: PiiMatch[]): void {
  const pattern = recognizer.pattern;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    let value = m[0];
    if (recognizer.trim) {
      const trimmed = recognizer.trim(value);
      if (trimmed === undefined) continue;
      value = trimmed;
    }
    let score = recognizer.score;
    if (recognizer.validate) {
      const verdict = recognizer.validate(value);
      if (verdict === false) continue;
      if (typeof verdict === "number") score = verdict;
    }
    if (score < MIN_SCORE && recognizer.context && hasContext(lower, m.index, recognizer.context)) {
      score = Math.max(score + CONTEXT_BOOST, 0.4);
    }
    if (score >= MIN_SCORE)
      into.push({ type: recognizer.type, start: m.index, end: m.index + value.length, score });
  }
}

function hasContext(lower: string, start: number, words: readonly string[]): boolean {
  const window = lower.slice(Math.max(0, start - CONTEXT_WINDOW), start);
  for (const word of words) {
    const at = window.lastIndexOf(word);
    if (at < 0) continue;
    const before = window[at - 1];
    const after = window[at + word.length];
    if (
      (before === undefined || !/[a-z0-9]/.test(before)) &&
      (after === undefined || !/[a-z0-9]/.test(after))
    ) {
      return true;
    }
  }
  return false;
}

/** Keeps the best of overlapping matches: higher score, then longer. */
function resolveOverlaps(matches: PiiMatch[]): PiiMatch[] {
  if (matches.length < 2) return matches;
  matches.sort(byRank);
  const kept: PiiMatch[] = [];
  for (const match of matches) {
    let free = true;
    for (const other of kept) {
      if (match.start < other.end && other.start < match.end) {
        free = false;
        break;
      }
    }
    if (free) kept.push(match);
  }
  return kept.sort(byStart);
}

const byRank = (a: PiiMatch, b: PiiMatch) =>
  b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start;
const byStart = (a: PiiMatch, b: PiiMatch) => a.start - b.start;
