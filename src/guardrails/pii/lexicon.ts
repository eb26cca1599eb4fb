import { createRequire } from "node:module";

/**
 * Word lists for NAME detection from compromise's English lexicon (MIT, shipped inside the npm package, no
 * download): about 3,100 given names, 900 surnames, 1,300 places, 480 organisations, and 19,000 ordinary
 * words (verbs, adjectives, nouns...) that tell a capitalised common word from a name. Loaded on first use
 * (about 0.4 s once per process), so importing the guardrails costs nothing until a NAME is looked for.
 */
export interface NameLexicon {
  firstNames: ReadonlySet<string>;
  lastNames: ReadonlySet<string>;
  places: ReadonlySet<string>;
  organisations: ReadonlySet<string>;
  /** Lower-case words the lexicon knows as something other than a name. */
  common: ReadonlySet<string>;
  /** Finite verbs other than copulas and modals ("spent", "listed", "scores"): a person often precedes one. */
  verbs: ReadonlySet<string>;
}

const FIRST = new Set(["FemaleName", "MaleName", "FirstName"]);
const PLACE = new Set(["City", "Country", "Region", "Place"]);
const ORGANISATION = new Set(["Organization", "SportsTeam"]);
const NEUTRAL = new Set(["ProperNoun", "Person", "Actor", "Honorific", "Demonym"]);
const VERB = new Set(["PastTense", "PresentTense"]);

let loaded: NameLexicon | undefined;

export function nameLexicon(): NameLexicon {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const nlp = require("compromise/two") as {
    model(): { one: { lexicon: Record<string, string | string[]> } };
  };
  const firstNames = new Set<string>();
  const lastNames = new Set<string>();
  const places = new Set<string>();
  const organisations = new Set<string>();
  const common = new Set<string>();
  const verbs = new Set<string>();
  for (const [word, tag] of Object.entries(nlp.model().one.lexicon)) {
    const tags = Array.isArray(tag) ? tag : [tag];
    if (tags.some((t) => FIRST.has(t))) firstNames.add(word);
    else if (tags.includes("LastName")) lastNames.add(word);
    else if (tags.some((t) => PLACE.has(t))) places.add(word);
    else if (tags.some((t) => ORGANISATION.has(t))) organisations.add(word);
    else if (!tags.some((t) => NEUTRAL.has(t)) && !word.includes(" ")) {
      common.add(word);
      if (tags.some((t) => VERB.has(t))) verbs.add(word);
    }
  }
  loaded = { firstNames, lastNames, places, organisations, common, verbs };
  return loaded;
}
