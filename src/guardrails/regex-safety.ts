import { RE2JS, RE2JSSyntaxException } from "re2js";
import { GlassboxError } from "../errors.ts";

/**
 * Custom guardrail regexes run on RE2 (re2js, pure JavaScript): an automaton engine whose match time is
 * linear in the text, whatever the pattern, so `(a+)+$` cannot hang a process the way it hangs a
 * backtracking engine. What RE2 cannot run in linear time (backreferences, lookaround) is refused when
 * the guardrail is configured; a time budget per scan is the second line of defence.
 */

/** Longest text one match attempt sees; longer text is scanned in overlapping windows. */
export const REGEX_WINDOW = 10_000;

/** Default time a custom regex may spend on one text block (milliseconds). */
export const REGEX_BUDGET_MS = 250;

/** A custom regex ran past its time budget (the second line of defence; RE2 itself is linear). */
export class RegexBudgetError extends GlassboxError {
  constructor(pattern: string, budgetMs: number, length: number) {
    super(
      `the guardrail regex ${JSON.stringify(pattern)} ran past its ${budgetMs} ms budget on ${length} characters: simplify it, or raise regexBudgetMs`,
      { code: "REGEX_TIME_BUDGET" },
    );
  }
}

const compiled = new Map<string, RE2JS>();

/** What RE2 says it cannot run, rephrased for a guardrail author. */
function explain(error: RE2JSSyntaxException, pattern: string): string {
  const text = error.message;
  if (/\(\?[=!]/.test(pattern) && /Perl syntax/.test(text))
    return "lookahead ((?=…), (?!…)) has no linear-time match; rewrite the pattern without it";
  if (/\(\?<[=!]/.test(pattern))
    return "lookbehind ((?<=…), (?<!…)) has no linear-time match; rewrite the pattern without it";
  if (/invalid escape sequence: `\\[1-9]/.test(text) || /\\k</.test(pattern))
    return "backreferences (\\1, \\k<name>) have no linear-time match; rewrite the pattern without them";
  if (/invalid repeat count/.test(text)) return "a repeat count above 1000 is not supported";
  if (/\(\?>|[*+?}][+]/.test(pattern) && /missing argument|invalid nested repetition|Perl syntax/.test(text))
    return "atomic groups and possessive quantifiers are not supported";
  return `not a valid regular expression (${text.replace(/^error parsing regexp: /, "")})`;
}

/** Why a pattern cannot be a custom guardrail regex, or undefined when it can. */
export function regexProblem(pattern: string): string | undefined {
  try {
    compile(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) return explain(error, pattern);
    return `not a valid regular expression (${(error as Error).message})`;
  }
}

function compile(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

export interface RegexHit {
  match: string;
  index: number;
}

/**
 * All matches of a pattern (checked with {@link regexProblem}), with indices in UTF-16 code units as
 * JavaScript strings count them. Long text is scanned in overlapping windows; the scan throws a
 * {@link RegexBudgetError} once it has run longer than `budgetMs`.
 */
export function findRegex(text: string, pattern: string, budgetMs = REGEX_BUDGET_MS): RegexHit[] {
  const re = compile(pattern);
  const started = performance.now();
  const hits: RegexHit[] = [];
  const seen = new Set<number>();
  const step = REGEX_WINDOW / 2;
  for (let offset = 0; offset === 0 || offset + step < text.length; offset += step) {
    const matcher = re.matcher(text.slice(offset, offset + REGEX_WINDOW));
    while (matcher.find()) {
      if (performance.now() - started > budgetMs) throw new RegexBudgetError(pattern, budgetMs, text.length);
      const match = matcher.group() ?? "";
      if (!match) continue;
      const index = offset + matcher.start();
      if (!seen.has(index)) {
        seen.add(index);
        hits.push({ match, index });
      }
    }
    if (performance.now() - started > budgetMs) throw new RegexBudgetError(pattern, budgetMs, text.length);
  }
  return hits;
}
