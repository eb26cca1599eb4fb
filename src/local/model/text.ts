import { suffixStem } from "../../text/stem.ts";
import { REQUEST_FILLER_WORDS } from "../../text/stop-words.ts";

/** Content words of a text, lowercased and suffix-stemmed, request fillers removed. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+/g) ?? [])
    .filter((word) => !REQUEST_FILLER_WORDS.has(word))
    .map(suffixStem);
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
