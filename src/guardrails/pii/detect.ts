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
/** A context word this close (a word or two) makes a context-only match near certain. */
const NEAR_WINDOW = 24;
/** A negative context word this close drops the match. */
const NEGATIVE_WINDOW = 24;
/** The base score of context-only recognizers. */
const NEEDS_CONTEXT_SCORE = 0.2;

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
  const addresses = !types || types.has("ADDRESS") ? findAddresses(text) : [];
  for (const match of addresses) add(found, "ADDRESS", match);
  if (!types || types.has("NAME")) {
    for (const match of findNames(text)) {
      // A capitalised word inside an address is a street or a town ("Savannah, GA"), not a person.
      if (!addresses.some((a) => match.start < a.end && a.start < match.end)) add(found, "NAME", match);
    }
  }
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
    if (recognizer.negativeContext && score < 0.8) {
      const negative = nearest(lower, m.index, recognizer.negativeContext);
      const positive = nearest(lower, m.index, recognizer.context ?? []);
      if (negative >= 0 && negative < NEGATIVE_WINDOW && (positive < 0 || positive > negative)) continue;
    }
    if (score < MIN_SCORE && recognizer.context) {
      const distance = nearest(lower, m.index, recognizer.context);
      // A context word right before the value ("PIN 4821", "driver's license D123…") makes it near certain.
      if (distance >= 0 && distance <= NEAR_WINDOW && score <= NEEDS_CONTEXT_SCORE) score = 0.9;
      else if (distance >= 0) score = Math.max(score + CONTEXT_BOOST, 0.4);
    }
    if (score >= MIN_SCORE)
      into.push({ type: recognizer.type, start: m.index, end: m.index + value.length, score });
  }
}

/** Characters between the nearest of the words before `start` and `start` (−1 when none is in the window). */
function nearest(lower: string, start: number, words: readonly string[]): number {
  const from = Math.max(0, start - CONTEXT_WINDOW);
  const window = lower.slice(from, start);
  let best = -1;
  for (const word of words) {
    const at = window.lastIndexOf(word);
    if (at < 0) continue;
    const before = window[at - 1];
    const after = window[at + word.length];
    const wordChar = /[a-z0-9]/;
    if (
      (before === undefined || !wordChar.test(before)) &&
      (after === undefined || !wordChar.test(after) || !wordChar.test(word.at(-1) ?? ""))
    ) {
      const distance = window.length - at - word.length;
      if (best < 0 || distance < best) best = distance;
    }
  }
  return best;
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
