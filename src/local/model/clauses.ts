/**
 * Clauses: the parts of a question that may each need their own tool call, and a clause's text as a
 * free-text argument.
 */

/** Words that start a new request after "and" ("… and what day is …", "… and convert …"). */
const NEW_REQUEST =
  /^(?:what|what's|whats|how|which|when|who|where|why|is|are|does|do|did|can|could|will|would|convert|calculate|compute|evaluate|tell|give|find|add|subtract|count|show|work out|also)\b/i;

/**
 * Splits on " and " only where a new request follows, so "between 2026-01-01 and 2026-12-25", "2 and 3"
 * and "min of 4 and 5" stay whole.
 */
function splitOnAnd(part: string): string[] {
  const pieces: string[] = [];
  let rest = part;
  let from = 0;
  for (;;) {
    const match = /,?\s+and\s+/i.exec(rest.slice(from));
    if (!match) break;
    const at = from + match.index;
    const after = rest.slice(at + match[0].length);
    if (NEW_REQUEST.test(after)) {
      pieces.push(rest.slice(0, at));
      rest = after;
      from = 0;
    } else {
      from = at + match[0].length;
    }
  }
  pieces.push(rest);
  return pieces;
}

/**
 * Splits a question into clauses: on newlines, ";", "?" and ". " before a capital letter (sentence ends),
 * on " then ", and on " and " when a new request follows it. Commas are never split on, so numbers such
 * as "2,340" and lists inside math ("max(3, 4)") stay whole; "2.5" is not a sentence end. Each clause is
 * trimmed; a "?" that ends the question stays on its clause.
 */
export function splitClauses(question: string): string[] {
  return question
    .split(/\r?\n|;|\?\s+|\.\s+(?=[A-Z])|,?\s+then\s+/)
    .flatMap(splitOnAnd)
    .map((clause) => clause.trim().replace(/^(?:and|then|also)\s+/i, ""))
    .filter((clause) => /[\p{L}\p{N}]/u.test(clause));
}

/** Question phrases that lead a request but are not part of what a tool should receive. */
const LEADING_PHRASE =
  /^(?:(?:please|can you|could you|would you|will you|i need you to|i want to know|i'd like to know)\s+)*(?:what\s+is|what's|whats|what\s+are|what\s+does|how\s+much\s+is|how\s+much\s+are|calculate|compute|evaluate|work\s+out|figure\s+out|tell\s+me|give\s+me|find)?\s*(?:please\s+)?/i;

/**
 * The clause as a free-text argument: leading question phrases ("what is", "what's", "calculate",
 * "compute", "how much is", "please", "tell me", ...) and trailing "?", ".", "!" removed.
 * "What is 17% of 2,340 plus 12?" → "17% of 2,340 plus 12".
 */
export function stripQuestion(clause: string): string {
  const trimmed = clause.trim().replace(/[\s?.!]+$/, "");
  let text = trimmed;
  for (let i = 0; i < 3; i++) {
    const next = text.replace(LEADING_PHRASE, "").trim();
    if (next === text) break;
    text = next;
  }
  return text || trimmed;
}
