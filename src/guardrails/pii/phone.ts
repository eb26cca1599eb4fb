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

/**
 * Phone-number candidates: digits with the usual separators, an optional +/00 prefix and extension. The
 * leading lookahead makes every other position fail at once, before the costlier lookbehind.
 */
export const PHONE_CANDIDATE =
  /(?=[+(\d])(?<![\w+@/.-])(?:\+|\b|(?=\())(?:\(?\d[\d().\- \t]{5,20}\d)(?:[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,6})?(?![\w@])/g;

const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?:\s|$)/;

/**
 * Whether a candidate is a phone number: 7–15 digits before any extension, not a date, and a possible
 * number for some region according to libphonenumber (international form when it starts with + or 00).
 */
export function isPhoneNumber(candidate: string): boolean {
  const main = candidate.replace(/\s*(?:x|ext\.?|extension)\s*\d+$/i, "");
  const digits = main.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return false;
  if (DATE_LIKE.test(main) || SSN_SHAPE.test(main)) return false;
  if (/[().\- ]{2,}/.test(main.replace(/\) /g, ")"))) return false;
  if (main.startsWith("+")) return parsePhoneNumberFromString(main)?.isPossible() ?? false;
  for (const region of REGIONS) {
    if (parsePhoneNumberFromString(main, region)?.isPossible()) return true;
  }
  return false;
}
