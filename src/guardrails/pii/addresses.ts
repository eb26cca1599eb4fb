/**
 * Heuristic ADDRESS detection: street lines (number + words + street type, or word + number as in much of
 * Europe), unit lines (Suite, Apt., P.O. Box) and trailing postcodes. No gazetteer of places; lower recall
 * than an NER model, documented as such.
 */

const STREET_TYPES =
  "street|st|road|rd|avenue|ave|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl|square|sq|terrace|crescent|close|" +
  "parkway|pkwy|highway|hwy|circle|cir|trail|path|plaza|row|walk|gardens|grove|hill|park|alley|via|rua|calle|camino|" +
  "strasse|straße|str|weg|laan|gata|gade|vej|allee|rue|piazza|plein|plaats|steenweg|út|utca|ulica|trg|caminho|avenida";

const NUMBER = String.raw`\d{1,5}[A-Za-z]?`;
const STREET_TYPE = new RegExp(
  // The leading blank is consumed rather than looked behind for, so other positions fail at once.
  String.raw`[ \t](?:${STREET_TYPES})\b\.?(?:[ \t]+\d{1,5}[A-Za-z]?\b)?`,
  "giu",
);
/** The words before a street type: an optional house number and up to four words, read backwards. */
const STREET_HEAD = /(?:\d{1,5}[A-Za-z]?[ \t]+)?(?:[\p{L}'’.-]+[ \t]+){0,4}$/u;
const NUMBER_FIRST = new RegExp(
  String.raw`\b${NUMBER}[ \t]+(?:\p{Lu}[\p{L}'’.-]*[ \t]+){1,4}\d{1,5}\b`,
  "gu",
);
const UNIT =
  /\b(?:suite|ste\.?|apt\.?|apartment|unit|flat|floor|p\.?\s?o\.?\s?box|box|psc)\s*#?\s*\d{1,5}[A-Za-z]?\b/giu;
const POSTCODE = /\b\d{5}(?:-\d{4})?\b/g;
const POSTCODE_HEAD = /(?:\p{Lu}[\p{L}'’.-]*[ \t]+){1,3}$/u;
const UNIT_WORDS = ["suite", "ste", "apt", "apartment", "unit", "flat", "floor", "box", "psc"];
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/g;

export interface AddressMatch {
  start: number;
  end: number;
  score: number;
}

/** Address fragments in the text; adjacent fragments (same or next line) are merged into one match. */
export function findAddresses(text: string): AddressMatch[] {
  const found: AddressMatch[] = [];
  const lower = text.toLowerCase();
  const add = (re: RegExp, score: number, keep?: (value: string) => boolean) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (keep && !keep(m[0])) continue;
      found.push({ start: m.index, end: m.index + m[0].trimEnd().length, score });
    }
  };
  streets(text, found);
  add(NUMBER_FIRST, 0.55);
  if (UNIT_WORDS.some((word) => lower.includes(word))) add(UNIT, 0.7);
  postcodes(text, found);
  add(UK_POSTCODE, 0.6);
  const merged = merge(found, text);
  for (const match of merged) {
    for (let tails = 0; tails < 2; tails++) {
      PLACE_TAIL.lastIndex = match.end;
      const tail = PLACE_TAIL.exec(text);
      if (!tail) break;
      match.end += tail[0].length;
    }
  }
  return merged;
}

/** Street lines: found from the street type backwards, so the scan stays linear. */
function streets(text: string, into: AddressMatch[]): void {
  STREET_TYPE.lastIndex = 0;
  for (let m = STREET_TYPE.exec(text); m; m = STREET_TYPE.exec(text)) {
    const at = m.index + 1;
    const head = STREET_HEAD.exec(text.slice(Math.max(0, at - 60), at));
    if (!head) continue;
    const value = head[0] + m[0].slice(1);
    if (!/\d/.test(value) && !/^\p{Lu}/u.test(value)) continue;
    into.push({ start: at - head[0].length, end: m.index + m[0].length, score: 0.6 });
  }
}

/** Five-digit postcodes after one to three capitalised words (a city or country). */
function postcodes(text: string, into: AddressMatch[]): void {
  POSTCODE.lastIndex = 0;
  for (let m = POSTCODE.exec(text); m; m = POSTCODE.exec(text)) {
    const head = POSTCODE_HEAD.exec(text.slice(Math.max(0, m.index - 60), m.index));
    if (head) into.push({ start: m.index - head[0].length, end: m.index + m[0].length, score: 0.5 });
  }
}

/** City, region and country words that follow an address on the same line: `, Burgos`, ` Calgary AB`. */
const PLACE_TAIL =
  /(?:,?[ \t]+|,)\p{Lu}[\p{L}'’.-]*(?:[ \t]+(?:de|del|la|di|du)?[ \t]*\p{Lu}[\p{L}'’.-]*){0,3}/uy;

function merge(matches: AddressMatch[], text: string): AddressMatch[] {
  matches.sort((a, b) => a.start - b.start);
  const merged: AddressMatch[] = [];
  for (const match of matches) {
    const last = merged.at(-1);
    if (last && match.start <= last.end + 3 && /^[\s,]*$/.test(text.slice(last.end, match.start))) {
      last.end = Math.max(last.end, match.end);
      last.score = Math.max(last.score, match.score) + 0.05;
    } else merged.push({ ...match });
  }
  return merged;
}
