import { GlassboxError } from "../errors.ts";
import { compileSafeRegex } from "../text/safe-regex.ts";

export { regexProblem } from "../text/safe-regex.ts";

/**
 * Custom guardrail regexes run on RE2 (`src/text/safe-regex.ts`): linear in the text whatever the
 * pattern, and what RE2 cannot run is refused when the guardrail is configured. A time budget per scan
 * is the second line of defence.
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
  const re = compileSafeRegex(pattern);
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
