/**
 * Heuristic NAME detection: no NER model offline, so capitalised word runs are scored by a first-name
 * gazetteer and cue phrases ("my name is", "Mr."). Lower recall than an NER model; documented as such.
 */

/** Common given names across the locales of typical synthetic and business text (lower case). */
const FIRST_NAMES = new Set(
  (
    "aaron abigail adam adrian agnes ahmed aisha alan albert alejandro alex alexander alexandra alexis alfred ali alice alicia " +
    "allen alma amanda amber amelia amy ana andrea andreas andrew andy angela angelica anita ann anna anne annie anthony antonio " +
    "april arthur ashley audrey austin barbara barry beatriz ben benjamin bernard beth betty beverly bill billy bob bobby bonnie " +
    "brad bradley brandi brandon brenda brian brittany bruce bryan caitlin calvin cameron camila carl carla carlos carmen carol " +
    "caroline carolyn carrie catherine charles charlie charlotte chelsea cheryl chloe chris christian christina christine christophe christopher " +
    "cindy claire clara claude claudia clifford colin connie craig crystal cynthia daisy dale dan daniel daniela danielle danny " +
    "darren dave david dawn dean deborah debra denise dennis derek diana diane diego dmitri dolores dominic don donald donna doris " +
    "dorothy douglas dylan earl eddie edgar edith eduardo edward eileen elaine eleanor elena eli elijah elizabeth ella ellen emily " +
    "emma eric erica erik erin ernest esther ethan eugene eva evan evelyn fatima felix fernando florence frances francesca francis " +
    "francisco frank fred frederick gabriel gabriela gail gary gavin gene george georgina gerald gina giovanni giulia giuseppe gloria " +
    "gordon grace greg gregory hana hannah hans harold harry hassan hazel heather heidi helen henry herbert holly howard hugo ian " +
    "igor irene isaac isabel isabella ivan jack jackie jacob jacqueline jake james jamie jan jane janet janice jason javier jean " +
    "jeff jeffrey jennifer jenny jeremy jerry jesse jessica jesus jill jim jimmy jo joan joanna joe joel johann john johnny jon " +
    "jonathan jordan jorge jose joseph josephine joshua joyce juan judith judy julia julian julie justin kaitlyn karen karl kate " +
    "katherine kathleen kathryn kathy katie kayla kaylee keith kelly ken kenneth kevin kim kimberly kirk kristen kristin kyle " +
    "larry laura lauren lawrence lea leah lee leo leon leonard leslie liam lily linda lisa logan lois lori louis louise lucas " +
    "lucia lucy luis luke lydia lynn madison malon manuel marc marco marcus margaret maria marie marilyn mario marion mark marta " +
    "martha martin marvin mary mason matthew maureen max megan melanie melissa michael michelle miguel mike mildred mohamed " +
    "mohammed monica morgan muhammad nancy natalie natasha nathan nathaniel neil nicholas nicole nikolai noah norma oliver olivia " +
    "omar oscar owen pablo pamela patricia patrick paul paula pedro peggy peter philip phillip phyllis pierre rachel rafael ralph " +
    "ramon randy ray raymond rebecca regina renee rhonda ricardo richard rick rita robert roberto robin rodney roger rogelio ronald " +
    "rosa rose roy ruby russell ruth ryan sally samantha samuel sandra sara sarah scott sean sebastian sergei shane shannon sharon " +
    "shawn sheila shirley sofia sophia sophie stacy stanley stefan stephanie stephen steve steven sue susan suzanne sylvia tamara " +
    "tammy tanya tara teresa terry theodore theresa thomas tiffany tim timothy tina todd tom tommy tony tracy travis tyler " +
    "valerie vanessa vera veronica vicki victor victoria vincent virginia walter wanda wayne wendy william willie xavier yolanda " +
    "yulan yusuf zachary zoe"
  ).split(" "),
);

/** Capitalised words that start sentences or name things but are not people. */
const NOT_NAMES = new Set(
  (
    "i a an the this that these those he she it we they you my your his her our their me him us them what who why how when where " +
    "which is are was were be been do does did have has had can could will would shall should may might must not no yes ok okay " +
    "hi hello dear thanks thank please sorry and or but if then so because as at by for from in into of on to with about after " +
    "before between during over under up down out off again one two three all any each every some many much more most other such " +
    "only own same than too very just also here there now today tomorrow yesterday monday tuesday wednesday thursday friday saturday " +
    "sunday january february march april may june july august september october november december mr mrs ms miss dr prof sir " +
    "name address phone email street road avenue drive lane suite apt apartment box city state country ltd inc llc corp company " +
    "group bank song film album list street st rd ave blvd ok god christmas english american british french german spanish " +
    "i'm i've i'd i'll it's that's what's let's don't can't"
  ).split(" "),
);

const PARTICLES = new Set([
  "van",
  "der",
  "de",
  "la",
  "von",
  "da",
  "di",
  "le",
  "del",
  "den",
  "bin",
  "al",
  "el",
  "dos",
  "du",
]);
const CUE =
  /(?:\b(?:mr|mrs|ms|miss|dr|prof|sir|madam)\.?|\bname(?:\s+is|:)|\bnamed|\bcalled|\bcall me|\bi am|\bi'm|\bthis is|\bdear|\bhi|\bhello|\bby|\bcontact|\bsigned|\bregards,?|\bcc)\s*$/i;

const TAIL = /[ \t]+(?:(?:van|der|de|la|von|da|di|le|del|den|bin|al|el|dos|du)[ \t]+)*\p{Lu}[\p{L}'’-]*/uy;
const CAPITALISED = /\p{Lu}[\p{L}'’-]*/gu;

const AFTER_ADDRESS =
  /(?:\d[\p{L}]?[ \t]*,?|(?:apt|suite|ste|unit)\.?[ \t]*\d+[ \t]*,?|\p{L}+[ \t]+\d+[ \t]*,)[ \t]*$/iu;
/** In a list of names: after a comma, "and", "or", or a colon. */
const LIST_POSITION = /(?:[,;(:]|\band|\bor|&)\s*$/;

/** Strong cues after which a name may be written in lower case ("named him joshua", "mr. martin"). */
const LOWER_CASE_CUE =
  /\b(?:(mr|mrs|ms|miss|dr|prof)\.?|my name is|name is|named(?: him| her)?|call me|calls me|called)[ \t]+(\p{Ll}[\p{L}'’-]+(?:[ \t]+\p{Ll}[\p{L}'’-]+)?)/giu;
/** Cheap pre-check for {@link LOWER_CASE_CUE}. */
const CUE_WORD = /\b(?:mrs?|ms|miss|dr|prof|name[ds]?|call(?:s|ed)?)\b/i;
const DIGIT = /\d/;
const TITLE_BEFORE = /\b(?:mr|mrs|ms|miss|dr|prof)\.?[ \t]*$/i;

export interface NameMatch {
  start: number;
  end: number;
  score: number;
}

/** Finds likely person names: runs of capitalised words with a known given name or a cue before them. */
export function findNames(text: string): NameMatch[] {
  const matches: NameMatch[] = [];
  const re = CAPITALISED;
  re.lastIndex = 0;
  let m: RegExpExecArray | null = re.exec(text);
  while (m) {
    const start = m.index;
    let end = start + m[0].length;
    const words = [m[0]];
    // Extend with further capitalised words or particles on the same line.
    while (words.length < 4) {
      TAIL.lastIndex = end;
      const next = TAIL.exec(text);
      if (!next) break;
      words.push(next[0].trim());
      end += next[0].length;
    }
    const score = scoreRun(text, start, words);
    if (score > 0) {
      const title = TITLE_BEFORE.exec(text.slice(Math.max(0, start - 8), start));
      matches.push({
        start: title ? start - title[0].length : start,
        end: trimPossessive(text, start, end),
        score,
      });
    }
    re.lastIndex = end;
    m = re.exec(text);
  }
  if (!CUE_WORD.test(text)) return matches;
  LOWER_CASE_CUE.lastIndex = 0;
  for (let cue = LOWER_CASE_CUE.exec(text); cue; cue = LOWER_CASE_CUE.exec(text)) {
    const name = cue[2] ?? "";
    const words = name.split(/[ \t]+/);
    if (NOT_NAMES.has(words[0] ?? "")) continue;
    const kept = words.length > 1 && NOT_NAMES.has(words[1] ?? "") ? (words[0] ?? "") : name;
    const nameStart = cue.index + cue[0].length - name.length;
    matches.push({ start: cue[1] ? cue.index : nameStart, end: nameStart + kept.length, score: 0.6 });
  }
  return matches;
}

function trimPossessive(text: string, start: number, end: number): number {
  const value = text.slice(start, end);
  const trimmed = value.replace(/['’]s$/u, "");
  return start + trimmed.length;
}

function scoreRun(text: string, start: number, words: string[]): number {
  const lower = words.map((word) => word.toLowerCase().replace(/['’]s$/u, ""));
  // Cheapest rejections first: most capitalised words start a sentence or are common words.
  if (NOT_NAMES.has(lower[0] ?? "")) return 0;
  if (lower.every((word) => NOT_NAMES.has(word) || PARTICLES.has(word))) return 0;
  if (words.every((word) => /^\p{Lu}{2,}$/u.test(word))) return 0;
  const before = text.slice(Math.max(0, start - 24), start);
  // Capitalised words after a house number, unit or comma-separated address line are places, not people.
  if (DIGIT.test(before) && AFTER_ADDRESS.test(before)) return 0;
  if (lower.some((word) => FIRST_NAMES.has(word))) return 0.75;
  if (CUE.test(before)) return 0.65;
  const sentenceStart = start === 0 || /[.!?>\n"]\s*$/.test(before);
  if (!sentenceStart && words.length >= 2) return 0.55;
  if (!sentenceStart && LIST_POSITION.test(before)) return 0.5;
  return 0;
}
