/**
 * Words for matching a question against tools: lowercase letters only, stop words removed, endings
 * folded by a small suffix stripper so "days" meets "day", "calculate" meets "calculator" and
 * "converting" meets "convert". Both sides of every comparison go through the same functions, so a
 * stem only has to be consistent, not a real word.
 */

const STOP_WORDS = new Set(
  (
    "a an the of to in on at for by with from and or is are was were be been being am it its it's this that " +
    "these those what what's whats which who whom whose how when where why do does did done can could would " +
    "should will shall may might must me my i i'm you your we our us please tell there their than then as " +
    "into about also just some any many much one get give find out up so if not no yes e.g eg"
  ).split(" "),
);

/**
 * Folds a lowercase word to its stem: plurals (`days` → `day`, `inches` → `inch`, `entries` → `entry`),
 * `-ing`/`-ed`, `-ation`/`-ator` (→ `-ate`) and a final `e`.
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(ch|sh|x|ss|zz)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  if (w.length > 6 && w.endsWith("ation")) w = `${w.slice(0, -5)}ate`;
  else if (w.length > 5 && w.endsWith("ator")) w = `${w.slice(0, -4)}ate`;
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** Content words of a text: lowercased, stop words removed, stemmed, in order (duplicates kept). */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [])
    .filter((word) => !STOP_WORDS.has(word))
    .map((word) => stem(word.replace(/'.*$/, "")));
}

/** Words of an identifier, split on `_`, `-`, `.` and camelCase: `date_add` → date, add; `convertUnits` → convert, unit. */
export function identifierWords(name: string): string[] {
  return contentWords(
    name
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
      .replace(/[_\-.]+/g, " "),
  );
}
