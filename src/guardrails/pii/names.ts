import { nameLexicon } from "./lexicon.ts";

/**
 * Heuristic NAME detection without an NER model: runs of capitalised words (and lower-case words after
 * strong cues) are scored by gazetteers (given names, surnames, places, organisations, ordinary words:
 * see lexicon.ts) and by their context: cues before ("I'm", "Dear", "according to", "Mr."), person verbs
 * after ("said", "'s", "(45)"), record fields (`"first_name": "…"`). Organisation and street suffixes,
 * places and ordinary capitalised words are rejected. Lower recall than an NER model; documented as such.
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
  "ter",
  "ten",
]);

/** Words that end an organisation's or a thing's name: a run holding one is not a person. */
const ORG_WORDS = new Set(
  (
    "ltd limited inc incorporated llc llp plc corp corporation co company group holdings partners associates " +
    "labs lab laboratories traders trading analytics foods logistics health healthcare capital mutual insurance clinic " +
    "hospital biotech software systems solutions technologies technology services energy dynamics freight union bank " +
    "bakery hotel museum university college school institute academy council committee foundation society agency " +
    "airlines airways motors pharma pharmaceuticals media studio studios restaurant cafe review journal times news post " +
    "press gazette club team fc department ministry office centre center gallery theatre theater church cathedral " +
    "station airport park mall market store shop consulting network networks industries enterprises ventures fund " +
    "trust credit dental medical legal law gmbh ag sa srl bv ab oy as nv spa kg pty"
  ).split(" "),
);
/** Street types: a capitalised run ending in one is a street, not a person. */
const STREET_WORDS = new Set(
  "street st road rd avenue ave boulevard blvd drive dr lane ln way court ct place pl square terrace crescent close parkway pkwy highway hwy circle cir trail plaza row walk gardens grove alley".split(
    " ",
  ),
);
const TITLES = /^(?:mr|mrs|ms|miss|mx|dr|prof|sir|madam|dame|lord|lady|coach|captain|capt|rev|fr|sr|jr)\.?$/i;
/** Cue words that may open a capitalised run ("Dear", "I'm"): dropped, and counted as a strong cue. */
const LEADING_CUES = new Set([
  "dear",
  "hello",
  "hi",
  "hey",
  "i'm",
  "i’m",
  "im",
  "thanks",
  "thank",
  "cheers",
  "regards",
  "sincerely",
  "congratulations",
  "welcome",
  "ask",
  "call",
  "meet",
  "cc",
  "attn",
]);

/** Strong cues right before a name. */
const STRONG_BEFORE =
  /(?:\b(?:i'm|i’m|i am|my name is|name is|name:|named|call me|dear|hello|hi|hey|good (?:morning|afternoon|evening)|thanks|thank you|regards|sincerely|best wishes|best|cheers|yours|signed)[,:]?|\b(?:attn|attention|cc|bcc|to|from):|\b(?:mr|mrs|ms|miss|mx|dr|prof|coach|sir|madam|captain|rev)\.?)[ \t]*(?:\n[ \t]*)?$/i;
/** Weaker cues: a person usually follows, but so may other things. */
const MEDIUM_BEFORE =
  /\b(?:says|said|asks|asked|replied|writes|wrote|by|with|ask|asked|tell|told|according to|spoke with|speak to|talked to|contact|contacted|emailed|called|met|meet|starring|featuring|directed by|written by|married|son of|daughter of|wife|husband|friend|colleague|manager|attendees|patient|customer|client|employee|author|owner|assignee|sent by|reviewed by|signed by|appointed|named|hired|elected|interviewed|thanked|cc'd|and|or|&)[,:]?[ \t]*$/i;
/** After a name: verbs and forms that take a person. */
const PERSON_AFTER =
  /^(?:['’]s[ \t]+(?:address|phone|email|e-mail|number|account|mother|father|wife|husband|son|daughter|sister|brother|birthday|office|name|car|house|family|friend|book|novel|song|album|performance|death|life|career|new|latest|first|last)\b|[ \t]+(?:said|says|told|tells|asked|asks|wrote|writes|replied|added|explained|noted|confirmed|scored|joined|founded|agreed|reported|thinks|wants|needs|died|married|lives|lived|moved|grew up|teaches|taught|emailed|smiled|laughed|himself|herself|who|whose)\b|[ \t]*\([ \t]*\d{1,3}[ \t]*\)|,[ \t]+\d{1,3},|,[ \t]+(?:who|aged)\b|[ \t]+and[ \t]+(?:his|her)\b)/i;
/** Weaker: forms many subjects take ("X is", "X will"); they count for names the gazetteers know. */
const WEAK_AFTER =
  /^(?:['’]s\b|[ \t]+(?:is|was|has|had|will|would|could|can|should|and|or)\b|,[ \t]+(?:a|an|the|our|my|his|her)\b)/i;
const NEXT_WORD = /^[ \t]+([a-z]+)/;
/** Before a place: a preposition of place with no person cue. */
const PLACE_BEFORE =
  /\b(?:in|at|to|from|near|into|across|visit|visited|via|beat|against|outside|around|of)[ \t]*$/i;
const ARTICLE_BEFORE = /\b(?:the|a|an|this|that|these|those|our|your|their|its)[ \t]*$/i;
const LIST_POSITION = /(?:[,;(:]|\band|\bor|&)[ \t]*$/;
const AFTER_ADDRESS =
  /(?:\d[\p{L}]?[ \t]*,?|(?:apt|suite|ste|unit)\.?[ \t]*\d+[ \t]*,?|\p{L}+[ \t]+\d+[ \t]*,)[ \t]*$/iu;
const DIGIT = /\d/;

const CAPITALISED = /\p{Lu}[\p{L}'’-]*/gu;
/** The next word of a run: a capitalised word, an initial ("C."), or particles before one. */
const TAIL =
  /[ \t]+(?:(?:van|der|de|la|von|da|di|le|del|den|bin|al|el|dos|du|ter|ten)[ \t]+)*(?:\p{Lu}\.(?=[ \t]+\p{Lu})|\p{Lu}[\p{L}'’-]*)/uy;

/** Strong cues after which a name may be written in lower case ("named him joshua", "my friend kwame"). */
const LOWER_CASE_CUE =
  /\b(?:my name is|name is|named(?: him| her)?|call me|calls me|called|i'm|i am|my friend|friend|with|met|ask|dear|hi|hello)[ \t]+(\p{Ll}[\p{L}'’-]+(?:[ \t]+\p{Ll}[\p{L}'’-]+)?)/giu;
/** Record fields that hold a person's name. */
const NAME_FIELD =
  /(?:["']|\b)(?:first[_ ]?name|last[_ ]?name|full[_ ]?name|given[_ ]?name|family[_ ]?name|surname|name|customer[_ ]?name|contact[_ ]?name|patient[_ ]?name|employee[_ ]?name|author|owner|assignee|requester|recipient)["']?[ \t]*[:=][ \t]*["']?(\p{Lu}[\p{L}'’.-]*(?:[ \t]+\p{Lu}[\p{L}'’.-]*){0,3})(?=["',;}\n]|$)/gu;

export interface NameMatch {
  start: number;
  end: number;
  score: number;
}

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

/** Finds likely person names. */
export function findNames(text: string): NameMatch[] {
  const lexicon = nameLexicon();
  const matches: NameMatch[] = [];
  CAPITALISED.lastIndex = 0;
  for (let m = CAPITALISED.exec(text); m; m = CAPITALISED.exec(text)) {
    const words: Word[] = [word(m[0], m.index)];
    let end = m.index + m[0].length;
    while (words.length < 5 && !/['’]s$/u.test(words.at(-1)?.text ?? "")) {
      TAIL.lastIndex = end;
      const next = TAIL.exec(text);
      if (!next) break;
      const value = next[0].trimStart();
      words.push(word(value, end + next[0].length - value.length));
      end += next[0].length;
    }
    CAPITALISED.lastIndex = end;
    const match = scoreRun(text, words, lexicon);
    if (match) matches.push(match);
  }
  fieldNames(text, matches);
  lowerCaseNames(text, lexicon, matches);
  return matches;
}

function word(text: string, start: number): Word {
  return { text, lower: text.toLowerCase().replace(/['’]s$/u, ""), start, end: start + text.length };
}

function scoreRun(text: string, all: Word[], lexicon: ReturnType<typeof nameLexicon>): NameMatch | undefined {
  let words = all;
  let strong = false;
  // Leading cue words and titles belong to the context, not the name ("I'm Laura Palmer", "Dr. Okafor").
  while (
    words.length &&
    (LEADING_CUES.has(words[0]?.lower ?? "") ||
      TITLES.test(words[0]?.text ?? "") ||
      NOT_NAMES.has(words[0]?.lower ?? ""))
  ) {
    const first = words[0] as Word;
    if (LEADING_CUES.has(first.lower) || TITLES.test(first.text)) strong = true;
    else if (!NOT_NAMES.has(first.lower)) break;
    words = words.slice(1);
  }
  // Trailing ordinary words ("Thanks Amara Please") and initials are not part of the name.
  while (
    words.length &&
    (NOT_NAMES.has(words.at(-1)?.lower ?? "") || /^\p{Lu}\.$/u.test(words.at(-1)?.text ?? ""))
  ) {
    words = words.slice(0, -1);
  }
  // A capitalised title or job before a known name ("Producer Rose Nekrasov") is not part of it.
  const isName = (w: string) => lexicon.firstNames.has(w) || lexicon.lastNames.has(w) || FIRST_NAMES.has(w);
  while (
    words.length > 1 &&
    lexicon.common.has(words[0]?.lower ?? "") &&
    !isName(words[0]?.lower ?? "") &&
    words.slice(1).some((w) => isName(w.lower))
  ) {
    words = words.slice(1);
  }
  if (!words.length) return undefined;
  const lowers = words.map((w) => w.lower);
  if (lowers.some((w) => ORG_WORDS.has(w.replace(/\.$/, "")))) return undefined;
  if (
    STREET_WORDS.has((lowers.at(-1) ?? "").replace(/\.$/, "")) ||
    /(?:straße|strasse|weg|laan|gasse|vej|gade|gatan|veien|allee|plein)$/.test(lowers.at(-1) ?? "")
  ) {
    return undefined;
  }
  if (words.every((w) => /^\p{Lu}{2,}$/u.test(w.text)) && !strong) return undefined;
  const first = words[0] as Word;
  const last = words.at(-1) as Word;
  const lineStart = text.lastIndexOf("\n", first.start - 1) + 1;
  const before = text.slice(Math.max(lineStart - 1, first.start - 40, 0), first.start);
  const after = text.slice(last.end, last.end + 30);
  if (DIGIT.test(before) && AFTER_ADDRESS.test(before)) return undefined;
  if (strong === false) strong = STRONG_BEFORE.test(before) || signOff(text, lineStart, first, last);
  if (!strong && lowers.some((w) => lexicon.organisations.has(w))) return undefined;
  const known = lowers.filter((w) => lexicon.firstNames.has(w) || FIRST_NAMES.has(w)).length;
  const surnames = lowers.filter((w) => lexicon.lastNames.has(w)).length;
  const joined = lowers.join(" ");
  const place = lexicon.places.has(joined) || (words.length === 1 && lexicon.places.has(lowers[0] ?? ""));
  const common = lowers.every((w) => lexicon.common.has(w) || NOT_NAMES.has(w) || PARTICLES.has(w));
  const verbAfter = lexicon.verbs.has(NEXT_WORD.exec(after)?.[1] ?? "");
  const personAfter = PERSON_AFTER.test(after) || (verbAfter && !lexicon.common.has(lowers[0] ?? ""));
  const weakAfter = WEAK_AFTER.test(after);
  const medium = MEDIUM_BEFORE.test(before);
  const sentenceStart = first.start === lineStart || /[.!?>"]\s*$/.test(before) || first.start === 0;
  const article = ARTICLE_BEFORE.test(before);
  let score = 0;
  if (article && !strong) score = 0;
  else if (place && !strong) score = 0;
  else if (known || surnames) {
    if (common && !strong && !personAfter && !medium && !weakAfter)
      score = known && words.length > 1 ? 0.55 : 0;
    else if (words.length > 1) score = known ? 0.85 : 0.75;
    else
      score =
        strong || personAfter || medium
          ? 0.75
          : known && (!sentenceStart || weakAfter)
            ? 0.6
            : known
              ? 0.55
              : 0;
  } else if (common) score = 0;
  else if (strong) score = 0.7;
  else if (personAfter && !PLACE_BEFORE.test(before)) score = 0.65;
  else if (medium && !PLACE_BEFORE.test(before)) score = 0.6;
  else if (!sentenceStart && words.length >= 2 && !PLACE_BEFORE.test(before)) score = 0.55;
  else if (!sentenceStart && LIST_POSITION.test(before)) score = 0.5;
  if (!score) return undefined;
  return { start: first.start, end: last.start + last.text.replace(/['’]s$/u, "").length, score };
}

/** A name alone on the line after a sign-off ("Regards,\nName") or on the line before a street line. */
function signOff(text: string, lineStart: number, first: Word, last: Word): boolean {
  if (first.start !== lineStart) return false;
  const lineEnd = text.indexOf("\n", last.end);
  const rest = text.slice(last.end, lineEnd < 0 ? text.length : lineEnd).trim();
  if (rest && rest !== ",") return false;
  const previous = text.slice(text.lastIndexOf("\n", lineStart - 2) + 1, Math.max(0, lineStart - 1)).trim();
  if (
    /(?:regards|thanks|thank you|wishes|cheers|sincerely|yours|best|to|attn|deliver to|send (?:it )?to|contract to|address)[,:!.]?$/i.test(
      previous,
    )
  )
    return true;
  const next =
    lineEnd < 0
      ? ""
      : text.slice(
          lineEnd + 1,
          text.indexOf("\n", lineEnd + 1) < 0 ? undefined : text.indexOf("\n", lineEnd + 1),
        );
  return /^\s*(?:\d{1,5}[A-Za-z]?\s+\p{L}|(?:flat|apt|suite|unit|p\.?\s?o\.?\s?box)\b)/iu.test(next);
}

function fieldNames(text: string, into: NameMatch[]): void {
  if (!/name|author|owner|assignee|requester|recipient/i.test(text)) return;
  NAME_FIELD.lastIndex = 0;
  for (let m = NAME_FIELD.exec(text); m; m = NAME_FIELD.exec(text)) {
    const value = (m[1] ?? "").trim();
    if (!value || value.split(/\s+/).some((w) => ORG_WORDS.has(w.toLowerCase().replace(/\.$/, "")))) continue;
    const start = m.index + m[0].length - (m[1] ?? "").length;
    into.push({ start, end: start + value.length, score: 0.85 });
  }
}

const LOWER_WORD = /(?<![\p{L}'’-])\p{Ll}[\p{Ll}'’-]*/gu;

/**
 * Lower-case text: a known given name followed by a surname or an unknown word ("michelle kozma"). Only
 * for text written without capitals at its start (chat, search queries); elsewhere names are capitalised.
 */
function lowerCasePairs(text: string, lexicon: ReturnType<typeof nameLexicon>, into: NameMatch[]): void {
  if (/^[\s"'>(*-]*\p{Lu}/u.test(text)) return;
  LOWER_WORD.lastIndex = 0;
  let previous: RegExpExecArray | null = null;
  for (let m = LOWER_WORD.exec(text); m; m = LOWER_WORD.exec(text)) {
    const word = m[0];
    if (previous && /^[ \t]+$/.test(text.slice(previous.index + previous[0].length, m.index))) {
      const first = previous[0];
      const given = (lexicon.firstNames.has(first) || FIRST_NAMES.has(first)) && !lexicon.common.has(first);
      const family =
        lexicon.lastNames.has(word) ||
        (!lexicon.common.has(word) && !NOT_NAMES.has(word) && !lexicon.places.has(word) && word.length > 2);
      if (given && family && !NOT_NAMES.has(first)) {
        into.push({ start: previous.index, end: m.index + word.replace(/['’]s$/u, "").length, score: 0.6 });
      }
    }
    previous = m;
  }
}

function lowerCaseNames(text: string, lexicon: ReturnType<typeof nameLexicon>, into: NameMatch[]): void {
  if (!/[a-z]/.test(text)) return;
  lowerCasePairs(text, lexicon, into);
  LOWER_CASE_CUE.lastIndex = 0;
  for (let cue = LOWER_CASE_CUE.exec(text); cue; cue = LOWER_CASE_CUE.exec(text)) {
    const name = cue[1] ?? "";
    const words = name.split(/[ \t]+/);
    const head = words[0] ?? "";
    const strongCue = /^(?:my name is|name is|named|call me|calls me|called)/i.test(cue[0]);
    const given = lexicon.firstNames.has(head) || FIRST_NAMES.has(head);
    if (NOT_NAMES.has(head) || (!given && !(strongCue && !lexicon.common.has(head)))) continue;
    const second = words[1];
    const keep = second && !NOT_NAMES.has(second) && !lexicon.common.has(second) ? name : head;
    const nameStart = cue.index + cue[0].length - name.length;
    into.push({ start: nameStart, end: nameStart + keep.length, score: 0.6 });
  }
}
