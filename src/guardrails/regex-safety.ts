/**
 * ReDoS protection for custom regexes. JavaScript regexes cannot be interrupted, so risky patterns are
 * refused up front (nested or overlapping unbounded quantifiers, backreferences) and every pattern runs on
 * bounded input.
 */

/** Longest text a custom regex is run on at once; longer text is scanned in overlapping windows. */
export const REGEX_WINDOW = 10_000;

const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d+,\d*\})/;
const ALTERNATION_UNDER_QUANTIFIER = /\((?:[^()\\]|\\.)*\|(?:[^()\\]|\\.)*\)\s*[+*]/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/** Why a pattern is unsafe, or undefined when it is accepted. */
export function unsafeRegexReason(pattern: string): string | undefined {
  if (NESTED_QUANTIFIER.test(pattern))
    return "nested unbounded quantifiers such as (a+)+ can take exponential time";
  if (ALTERNATION_UNDER_QUANTIFIER.test(pattern)) {
    const group = ALTERNATION_UNDER_QUANTIFIER.exec(pattern)?.[0] ?? "";
    const branches = group.slice(1, group.lastIndexOf(")")).split("|");
    if (branches.some((branch, i) => branches.some((other, j) => i !== j && other.startsWith(branch)))) {
      return "a quantified alternation with overlapping branches such as (a|ab)* can take exponential time";
    }
  }
  if (BACKREFERENCE.test(pattern)) return "backreferences are not allowed in guardrail regexes";
  return undefined;
}

export interface RegexHit {
  match: string;
  index: number;
}

/** All matches of a (checked) pattern, scanning long text in overlapping windows. */
export function findRegex(text: string, pattern: string): RegexHit[] {
  const re = new RegExp(pattern, "gu");
  const hits: RegexHit[] = [];
  const seen = new Set<number>();
  const step = REGEX_WINDOW / 2;
  for (let offset = 0; offset === 0 || offset + step < text.length; offset += step) {
    const window = text.slice(offset, offset + REGEX_WINDOW);
    re.lastIndex = 0;
    for (let m = re.exec(window); m; m = re.exec(window)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const index = offset + m.index;
      if (!seen.has(index)) {
        seen.add(index);
        hits.push({ match: m[0], index });
      }
    }
  }
  return hits;
}
