const STOP_WORDS = new Set(
  "a an the of to in on at for by with from and or is are was were be been it its this that these those what which who whom how when where why do does did can could would should will shall may might me my i you your we our us please tell there than then as into about".split(
    " ",
  ),
);

/** Folds plurals and common endings so "days" meets "day" and "converting" meets "convert". */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith("es") && /(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  return word;
}

/** Content words of a text, lowercased and stemmed, stop words removed. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+/g) ?? []).filter((word) => !STOP_WORDS.has(word)).map(stem);
}

/** Words of an identifier: `date_add` → date, add; `convertUnits` → convert, unit. */
export function identifierWords(name: string): string[] {
  return contentWords(name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " "));
}

export const ISO_DATE = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g;
const NEXT_QUESTION =
  /^(what|what's|whats|how|which|when|who|convert|calculate|compute|tell|is|are|does|do|give|find)\b/i;

/**
 * Splits a question into clauses that may each need a tool: on ";", "?", newlines, " then ", and on
 * " and " when what follows starts a new question ("… and what day is …"), so "between A and B" stays whole.
 */
export function splitClauses(question: string): string[] {
  const parts = question.split(/[;\n]|\?\s+|\s+then\s+/i).flatMap((part) => {
    const pieces: string[] = [];
    let rest = part;
    for (let at = rest.search(/\s+and\s+/i); at >= 0; at = rest.search(/\s+and\s+/i)) {
      const after = rest.slice(at).replace(/^\s+and\s+/i, "");
      if (!NEXT_QUESTION.test(after)) break;
      pieces.push(rest.slice(0, at));
      rest = after;
    }
    pieces.push(rest);
    return pieces;
  });
  return parts.map((part) => part.trim()).filter(Boolean);
}

/** The clause as an argument: leading question phrases and trailing punctuation removed. */
export function stripQuestion(clause: string): string {
  return clause
    .trim()
    .replace(
      /^(please\s+)?(what\s+is|what's|whats|what\s+are|calculate|compute|evaluate|how\s+much\s+is|tell\s+me|work\s+out)\s+/i,
      "",
    )
    .replace(/^(please\s+)/i, "")
    .replace(/[?.!\s]+$/, "")
    .trim();
}
