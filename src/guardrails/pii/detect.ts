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
  const wanted = (type: PiiEntityType) => !types || types.has(type);
  const lower = text.toLowerCase();
  const hasDigit = /\d/.test(text);
  const found: PiiMatch[] = [];
  for (const recognizer of RECOGNIZERS) {
    if (!wanted(recognizer.type) || (recognizer.digits && !hasDigit)) continue;
    if (recognizer.requires && !recognizer.requires.some((word) => lower.includes(word))) continue;
    collect(recognizer, text, lower, found);
  }
  if (wanted("NAME")) for (const match of findNames(text)) found.push({ type: "NAME", ...match });
  if (wanted("ADDRESS")) for (const match of findAddresses(text)) found.push({ type: "ADDRESS", ...match });
  return resolveOverlaps(found.filter((match) => match.score >= MIN_SCORE));
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
  const ranked = [...matches].sort(
    (a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PiiMatch[] = [];
  for (const match of ranked) {
    if (!kept.some((other) => match.start < other.end && other.start < match.end)) kept.push(match);
  }
  return kept.sort((a, b) => a.start - b.start);
}
