import { createRequire } from "node:module";
import type { parsePhoneNumberFromString as Parse } from "libphonenumber-js";

// libphonenumber's metadata is large: loaded on the first phone-number candidate, not at import.
let parser: typeof Parse | undefined;
const parsePhoneNumberFromString: typeof Parse = (...args) => {
  parser ??= (
    createRequire(import.meta.url)("libphonenumber-js") as { parsePhoneNumberFromString: typeof Parse }
  ).parsePhoneNumberFromString;
  return parser(...args);
};

/** Regions tried for numbers without a country code: Presidio's defaults, the likeliest first. */
const REGIONS = ["US", "GB", "DE", "FR", "IL", "IN", "CA", "BR"] as const;
const SSN_SHAPE = /^\d{3}-\d{2}-\d{4}$/;
const ZIP_PLUS_FOUR = /^\d{5}-\d{4}$/;

/**
 * Phone-number candidates: digits with the usual separators, an optional +/00 prefix and extension. The
 * leading lookahead makes every other position fail at once, before the costlier lookbehind.
 */
export const PHONE_CANDIDATE =
  /(?=[+(\d])(?<![\w+@/.-])(?:\+|\b|(?=\())(?:\(?\d[\d().\- \t]{5,20}\d)(?:[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,6})?(?![\w@])/g;

const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?:\s|$)/;

/**
 * How likely a candidate is a phone number: false unless it has 7–15 digits before any extension, is no
 * date, and is a valid number for some region according to libphonenumber (international form when it
 * starts with +). Written with a + or with separators it scores 0.55 (0.7 with +); a bare run of digits
 * only counts with a context word (0.3).
 */
export function phoneScore(candidate: string): number | false {
  if (!isPhoneNumber(candidate)) return false;
  if (candidate.startsWith("+")) return 0.7;
  return /[\s().-]/.test(candidate.replace(/\s*(?:x|ext\.?|extension)\s*\d+$/i, "")) ? 0.55 : 0.3;
}

/** Whether a candidate is a phone number (see {@link phoneScore}). */
export function isPhoneNumber(candidate: string): boolean {
  const main = candidate.replace(/\s*(?:x|ext\.?|extension)\s*\d+$/i, "");
  const digits = main.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return false;
  if (DATE_LIKE.test(main) || SSN_SHAPE.test(main)) return false;
  if (/[().\- ]{2,}/.test(main.replace(/\) /g, ")"))) return false;
  if (ZIP_PLUS_FOUR.test(main)) return false;
  if (main.startsWith("+")) return parsePhoneNumberFromString(main)?.isValid() ?? false;
  for (const region of REGIONS) {
    if (parsePhoneNumberFromString(main, region)?.isValid()) return true;
  }
  return false;
}
