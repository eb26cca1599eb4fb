import { deleet, fold } from "./text-normalize.ts";

/**
 * The managed PROFANITY list: a short English list of common profanities and slurs (in the spirit of
 * LDNOOBW). Matched on word boundaries after case folding and leetspeak normalisation.
 */
export const PROFANITY = [
  "arse",
  "arsehole",
  "asshole",
  "bastard",
  "bitch",
  "bollocks",
  "bullshit",
  "cock",
  "crap",
  "cunt",
  "damn",
  "dick",
  "dickhead",
  "douchebag",
  "fag",
  "faggot",
  "fuck",
  "fucked",
  "fucker",
  "fucking",
  "motherfucker",
  "nigger",
  "piss",
  "pissed",
  "prick",
  "pussy",
  "retard",
  "shit",
  "shitty",
  "slut",
  "twat",
  "wanker",
  "whore",
];

/** A word-list entry to look for. */
export interface WordEntry {
  text: string;
}

export interface WordHit {
  /** The configured word or phrase that matched. */
  match: string;
  index: number;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Finds words or phrases of a list in the text, case-insensitively, on word boundaries, also when written
 * in leetspeak (`sh1t`) or with invisible characters inside. Each listed entry is reported once.
 */
export function findWords(text: string, list: readonly string[]): WordHit[] {
  if (!list.length) return [];
  const variants = [fold(text), deleet(text)];
  const hits: WordHit[] = [];
  for (const entry of list) {
    const needle = fold(entry).trim();
    if (!needle) continue;
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])${escapeRegex(needle).replace(/\s+/g, "\\s+")}(?![\\p{L}\\p{N}])`,
      "u",
    );
    for (const variant of variants) {
      const m = pattern.exec(variant);
      if (m) {
        hits.push({ match: entry, index: m.index });
        break;
      }
    }
  }
  return hits;
}
