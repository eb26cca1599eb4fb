import { RE2JS, RE2JSSyntaxException } from "re2js";
import { ConfigError } from "../errors.ts";

/**
 * Regexes a user writes (custom guardrail patterns, the eval `regex` evaluator) run on RE2 (re2js, pure
 * JavaScript): an automaton engine whose match time is linear in the text, whatever the pattern, so
 * `(a+)+$` cannot hang a process the way it hangs JavaScript's backtracking `RegExp`. What RE2 cannot run
 * in linear time (backreferences, lookaround) is refused with a reason when the pattern is configured.
 */

const FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  // RE2 matches Unicode code points already, and a test has no lastIndex to keep.
  u: 0,
  g: 0,
};

/** A pattern or flag RE2 cannot run; the message says why, for the pattern's author. */
export class UnsafeRegexError extends ConfigError {}

/** RE2 flags for JavaScript-style flags (`i`, `m`, `s`; `u` and `g` change nothing). */
function re2Flags(flags: string): number {
  let bits = 0;
  for (const flag of flags) {
    const bit = FLAGS[flag];
    if (bit === undefined)
      throw new UnsafeRegexError(`flag "${flag}" is not supported (RE2 takes i, m, s; u and g are accepted)`);
    bits |= bit;
  }
  return bits;
}

/** What RE2 says it cannot run, rephrased for the pattern's author. */
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

const compiled = new Map<string, RE2JS>();

/** The compiled pattern (cached), or an {@link UnsafeRegexError} saying why RE2 cannot run it. */
export function compileSafeRegex(pattern: string, flags = ""): RE2JS {
  const key = `${flags}/${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    const bits = re2Flags(flags);
    try {
      re = RE2JS.compile(pattern, bits);
    } catch (error) {
      if (error instanceof RE2JSSyntaxException) throw new UnsafeRegexError(explain(error, pattern));
      throw new UnsafeRegexError(`not a valid regular expression (${(error as Error).message})`);
    }
    if (compiled.size > 1000) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

/** Why a pattern (with JavaScript-style flags) cannot run on RE2, or undefined when it can. */
export function regexProblem(pattern: string, flags = ""): string | undefined {
  try {
    compileSafeRegex(pattern, flags);
    return undefined;
  } catch (error) {
    if (error instanceof UnsafeRegexError) return error.message;
    throw error;
  }
}
