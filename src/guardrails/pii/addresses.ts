/**
 * Heuristic ADDRESS detection: fragments (street lines with a house number, European street forms such as
 * `Hauptstraße 12`, `rue X 4`, `ul. X 5/7`, unit lines such as Suite or P.O. Box, and postcode lines such as
 * `Dayton, OH 45402`, `10115 Berlin`, `SW3 4NX`) are found, then joined into one address when they follow
 * each other on the same or the next lines (one short place line may sit between them: a town). A street
 * name without a number, or a postcode with no street before it, is not an address on its own; ZIP codes
 * count alone after a cue ("zip code 94107"). No gazetteer of places: lower recall than an NER model.
 */

const STREET_TYPES =
  "street|st|road|rd|avenue|ave|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl|square|sq|terrace|crescent|close|" +
  "parkway|pkwy|highway|hwy|circle|cir|trail|trl|path|plaza|row|walk|gardens|grove|hill|park|alley|mews|wharf|quay";

const STREET_TYPE = new RegExp(
  // The leading blank is consumed rather than looked behind for, so other positions fail at once.
  String.raw`[ \t](?:${STREET_TYPES})\b\.?(?:[ \t]+\d{1,5}[A-Za-z]?\b)?`,
  "giu",
);
/** The words before a street type: an optional house number and up to four words, read backwards. */
const STREET_HEAD =
  /(?:\b\d{1,5}[A-Za-z]?[ \t]+){0,2}(?:(?:[\p{L}'’.-]+|\d{1,3}(?:st|nd|rd|th))[ \t]+){0,4}$/u;
/** `12 Grote Baan 47`, `Bem rakpart 79`: number, capitalised words, number. */
const NUMBER_FIRST = /\b\d{1,5}[A-Za-z]?[ \t]+(?:\p{Lu}[\p{L}'’.-]*[ \t]+){1,4}\d{1,5}\b/gu;
/** `Hauptstraße 12`, `Kestrelweg 4b`: a street word with a suffix, then the number. */
const SUFFIX_STREET =
  /\b\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|gasse|laan|straat|dreef|kade|plein|vej|gade|gatan|gata|vägen|veien|allee|platz|ring|utca|tie|katu)[ \t]+\d{1,4}[A-Za-z]?(?:\/\d{1,4})?\b/gu;
/** `rue Orchard 4`, `12 rue de la Paix`, `Calle Mayor 12`, `ul. Długa 5/7`, `Via Roma 3`. */
const PREFIX_STREET =
  /(?:\b\d{1,4}[ \t]+)?\b(?:rue|avenue|av\.|bd|chemin|quai|impasse|via|viale|piazza|corso|vicolo|calle|avenida|paseo|plaza|carrer|rua|praça|travessa|ul\.|ulica|al\.|aleja|strada|bulevar|ulitsa)[ \t]+(?:(?:de|del|la|le|les|des|du|da|di|dos|das|do)[ \t]+)*\p{Lu}[\p{L}'’.-]*(?:[ \t]+(?:(?:de|del|la|le|des|du|da|di|dos)[ \t]+)?\p{Lu}[\p{L}'’.-]*){0,3}(?:[ \t]+\d{1,4}[A-Za-z]?(?:\/\d{1,4})?)?\b/giu;
const UNIT =
  /\b(?:suite|ste\.?|apt\.?|apartment|unit|flat|floor|p\.?\s?o\.?\s?box|box|psc)\s*#?\s*\d{1,5}[A-Za-z]?\b/giu;
/** Postcodes that close an address line: US ZIP(+4), 4–6 digits, Japanese 150-0002, Canadian H3B 1A7. */
const POSTCODE = /\b(?:\d{5}(?:-\d{4})?|\d{6}|\d{4}|\d{3}-\d{4}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d)\b/g;
/** One to three capitalised words (a city, a state, a country), commas allowed: `Dayton, OH `. */
const POSTCODE_HEAD = /(?:\p{Lu}[\p{L}'’.-]*,?[ \t]+(?:(?:of|the|and|de|del|la|du)[ \t]+){0,2}){1,4}$/u;
/** Postcode before the town: `10115 Berlin`, `1012 AB Amsterdam`, `80-827 Gdańsk`. */
const POSTCODE_FIRST =
  /\b(?:\d{4,5}(?:[ \t][A-Z]{2})?|\d{2}-\d{3})[ \t]+\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)?/gu;
/** `Knudssøns gate 22`, `Rolfsens vei 187`: a name, a separate street word, the number. */
const WORD_STREET =
  /\b\p{Lu}[\p{L}'’-]*[ \t]+(?:gate|gata|gatan|vei|veien|veg|vej|gade|straat|strasse|straße|utca|ulica|cesta|iela|tänav|katu|tie)[ \t]+\d{1,4}[A-Za-z]?\b/gu;
/** A ship's name above an FPO or APO line (US military mail). */
const MILITARY =
  /\b(?:USNS|USS|USNV|USCGC|USNA)[ \t]+\p{Lu}[\p{L}'’.-]*|\b(?:PSC|CMR|UNIT)[ \t]+\d{3,5},?[ \t]+BOX[ \t]+\d{1,5}/gu;
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/g;
/** A ZIP code named as such. */
const ZIP_CUE =
  /\b(?:zip(?:[ \t]*code)?|postal[ \t]*code|postcode|post[ \t]*code)[ \t]*(?:is|:|#|no\.?)?[ \t]*(\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2})\b/gi;
const UNIT_WORDS = ["suite", "ste", "apt", "apartment", "unit", "flat", "floor", "box", "psc"];
const SCORE = 0.6;
/** A fragment that is an address only next to another one (a street without number, a bare postcode). */
const WEAK = 0.45;

export interface AddressMatch {
  start: number;
  end: number;
  score: number;
}

/** Address fragments in the text, joined into addresses. */
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
  add(SUFFIX_STREET, SCORE);
  add(WORD_STREET, SCORE);
  if (/\b(?:FPO|APO|DPO)\b/.test(text)) add(MILITARY, WEAK);
  add(PREFIX_STREET, SCORE, (value) => /\d/.test(value));
  if (UNIT_WORDS.some((word) => lower.includes(word))) add(UNIT, 0.65);
  postcodes(text, found);
  add(POSTCODE_FIRST, WEAK);
  add(UK_POSTCODE, WEAK);
  const merged = merge(found, text);
  for (const match of merged) {
    for (let tails = 0; tails < 3; tails++) {
      PLACE_TAIL.lastIndex = match.end;
      const tail = PLACE_TAIL.exec(text);
      if (!tail) break;
      match.end += tail[0].length;
    }
  }
  if (/zip|post/i.test(text)) zipCodes(text, merged);
  return merged.filter((match) => match.score >= 0.5);
}

/** Street lines, found from the street type backwards so the scan stays linear. */
function streets(text: string, into: AddressMatch[]): void {
  STREET_TYPE.lastIndex = 0;
  for (let m = STREET_TYPE.exec(text); m; m = STREET_TYPE.exec(text)) {
    const at = m.index + 1;
    const head = STREET_HEAD.exec(text.slice(Math.max(0, at - 60), at));
    if (!head) continue;
    let start = at - head[0].length;
    let score = SCORE;
    if (!/\d/.test(head[0])) {
      // No house number: only the capitalised words right before the type name the street, and a street
      // name alone ("Turn onto Maple Street") is not an address.
      const name = /(?:\p{Lu}[\p{L}'’.-]*[ \t]+){1,3}$/u.exec(head[0]);
      if (!name) continue;
      start = at - name[0].length;
      score = WEAK;
    }
    into.push({ start, end: m.index + m[0].length, score });
  }
}

/** Postcodes after one to three capitalised words (a city, a state or a country). */
function postcodes(text: string, into: AddressMatch[]): void {
  POSTCODE.lastIndex = 0;
  for (let m = POSTCODE.exec(text); m; m = POSTCODE.exec(text)) {
    const head = POSTCODE_HEAD.exec(text.slice(Math.max(0, m.index - 60), m.index));
    if (!head) continue;
    // A four-digit code needs a state abbreviation before it (`Fitzroy VIC 3065`), or it is a year.
    if (m[0].length === 4 && !/\b[A-Z]{2,3},?[ \t]+$/.test(head[0])) continue;
    into.push({ start: m.index - head[0].length, end: m.index + m[0].length, score: 0.5 });
  }
}

function zipCodes(text: string, into: AddressMatch[]): void {
  ZIP_CUE.lastIndex = 0;
  for (let m = ZIP_CUE.exec(text); m; m = ZIP_CUE.exec(text)) {
    const value = m[1] ?? "";
    const start = m.index + m[0].length - value.length;
    if (!into.some((match) => match.start <= start && start < match.end)) {
      into.push({ start, end: start + value.length, score: 0.8 });
    }
  }
}

/** City, region, country and postcode words that follow an address on the same line. */
const PLACE_TAIL =
  /(?:,?[ \t]+|,)(?:\p{Lu}[\p{L}'’.-]*(?:[ \t]+(?:de|del|la|di|du|u)?[ \t]*\p{Lu}[\p{L}'’.-]*){0,3}|\d{5}(?:-\d{4})?\b|[A-Z]\d[A-Z][ ]?\d[A-Z]\d\b|[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}\b)/uy;
/** What may stand between two fragments of one address: blanks, commas, a floor mark, one short line. */
const GAP =
  /^[ \t,]*(?:[\dº°ª]{1,3}[ \t]*[\p{L}.]{0,4}[ \t,]*)?(?:\n[> \t]*(?:\p{Lu}[\p{L}'’.\- ]{0,38}[ \t,]*)?)?(?:\n[> \t]*){0,2}[ \t,]*$/u;

function merge(matches: AddressMatch[], text: string): AddressMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: AddressMatch[] = [];
  for (const match of matches) {
    const last = merged.at(-1);
    if (last && match.start <= last.end) {
      last.end = Math.max(last.end, match.end);
      last.score = Math.max(last.score, match.score);
      continue;
    }
    const gap = last ? text.slice(last.end, match.start) : "";
    if (last && gap.length <= 44 && GAP.test(gap)) {
      last.end = Math.max(last.end, match.end);
      last.score = Math.max(last.score, match.score, 0.55) + 0.05;
    } else merged.push({ ...match });
  }
  return merged;
}
