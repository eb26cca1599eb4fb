import { isIPv4, isIPv6 } from "node:net";
import { abaRouting, canadianSin, iban, luhn, nhsNumber, usSsn, vin } from "./checksums.ts";
import type { PiiEntityType } from "./entity-types.ts";
import { PHONE_CANDIDATE, phoneScore } from "./phone.ts";

/**
 * A pattern recognizer in Presidio's sense: a regex with a base score, an optional validator (a checksum
 * that makes the match certain, or rejects it) and context words that raise the score when one appears
 * shortly before the match.
 */
export interface Recognizer {
  type: PiiEntityType;
  pattern: RegExp;
  score: number;
  /** Returns a new score (1 for a passing checksum), or false to drop the match. */
  validate?: (value: string) => number | boolean;
  /** The part of the match to keep (e.g. an IBAN without a trailing word it swallowed). */
  trim?: (value: string) => string | undefined;
  context?: string[];
  /** Words that, close before the match and nearer than any context word, drop it ("routing 0123…" is no phone). */
  negativeContext?: string[];
  /**
   * Skip the recognizer unless the lower-cased text has one of these words (a phrase counts by its first
   * word) or symbols: a cheap pre-filter, set where a match can only pass with such a word anyway.
   */
  requires?: string[];
  /** The pattern cannot match without a digit: skipped for text that has none (most prose). */
  digits?: boolean;
}

/** Score at or above which a match is reported. */
export const MIN_SCORE = 0.5;
/** Added when a context word precedes the match (Presidio's context similarity factor). */
export const CONTEXT_BOOST = 0.35;
/** A pattern that only counts with a context word: below the bar alone, above it with context. */
const NEEDS_CONTEXT = 0.2;

const checksum =
  (check: (value: string) => boolean, passed = 1) =>
  (value: string) =>
    check(value) ? passed : false;

const TLD =
  /[a-z0-9]\.(?:com|org|net|edu|gov|mil|int|io|info|biz|co|uk|us|de|fr|es|it|nl|be|ch|at|ca|au|jp|cn|in|br|ru|eu|app|dev|ai)$/i;

export const RECOGNIZERS: Recognizer[] = [
  {
    type: "EMAIL",
    pattern:
      /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b/g,
    score: 1,
    requires: ["@"],
  },
  {
    type: "URL",
    pattern: /\b(?:https?:\/\/|www\.)[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]/gi,
    score: 0.9,
    requires: ["http", "https", "www"],
  },
  {
    type: "URL",
    pattern: /(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]])?/gi,
    validate: (value) => TLD.test(value.split("/")[0] ?? ""),
    requires: ["."],
    score: 0.6,
  },
  {
    type: "IP_ADDRESS",
    pattern: /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]\d)/g,
    digits: true,
    score: 0.95,
    requires: ["."],
    validate: (value) => isIPv4(value),
  },
  {
    type: "IP_ADDRESS",
    pattern: /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi,
    score: 0.95,
    requires: [":"],
    validate: (value) =>
      isIPv6(value) && value.replace(/[^:]/g, "").length >= 2 && /[0-9a-f]{2}/i.test(value),
  },
  {
    type: "MAC_ADDRESS",
    pattern:
      /\b[0-9A-F]{2}([:-])[0-9A-F]{2}(?:\1[0-9A-F]{2}){4}\b|\b[0-9A-F]{4}\.[0-9A-F]{4}\.[0-9A-F]{4}\b/gi,
    digits: true,
    score: 0.9,
    requires: [":", "-", "."],
  },
  {
    type: "CREDIT_DEBIT_CARD_NUMBER",
    // Not inside a longer code: no letter or digit before, and not the groups after an IBAN's "DE89 ".
    pattern: /(?<![\w-])(?<![A-Z]{2}\d{2}[ -])(?:\d[ -]?){11,18}\d(?![\d-]?\d)/g,
    digits: true,
    score: 0.3,
    validate: (value) => {
      const digits = value.replace(/\D/g, "");
      if (digits.length < 12 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false;
      if (!/^[1-6]/.test(digits)) return false;
      return luhn(digits) ? 1 : false;
    },
    context: ["credit", "card", "visa", "mastercard", "amex", "discover", "jcb", "diners", "maestro", "cc"],
  },
  {
    type: "CREDIT_DEBIT_CARD_CVV",
    pattern: /\b\d{3,4}\b/g,
    digits: true,
    score: NEEDS_CONTEXT,
    requires: ["cvv", "cvc", "cvv2", "cid", "security code", "card verification"],
    context: ["cvv", "cvc", "cvv2", "cid", "security code", "card verification"],
  },
  {
    type: "CREDIT_DEBIT_CARD_EXPIRY",
    // Not a part of a date such as 2025-09-16 or 16/09/2025.
    pattern: /(?<![\d/-])(?:0?[1-9]|1[0-2])\s?[/-]\s?(?:20)?\d{2}\b(?![/-]\d)/g,
    digits: true,
    score: NEEDS_CONTEXT,
    requires: ["exp", "expiry", "expires", "expiration", "valid thru", "valid through", "good thru"],
    context: ["exp", "expiry", "expires", "expiration", "valid thru", "valid through", "good thru"],
  },
  {
    type: "PIN",
    pattern: /\b\d{4,6}\b/g,
    digits: true,
    score: NEEDS_CONTEXT,
    requires: ["pin", "pin code", "passcode"],
    context: ["pin", "pin code", "passcode"],
  },
  {
    type: "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
    pattern: /\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?\b/gi,
    digits: true,
    score: 0.5,
    trim: trimIban,
    validate: checksum(iban),
    context: ["iban", "bank", "account", "transfer"],
  },
  {
    type: "SWIFT_CODE",
    pattern:
      /\b[A-Z]{4}(?:AD|AE|AT|AU|BE|BR|CA|CH|CN|CZ|DE|DK|ES|FI|FR|GB|GR|HK|IE|IL|IN|IT|JP|LU|MX|NL|NO|NZ|PL|PT|SE|SG|US|ZA)[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b/g,
    score: 0.3,
    context: ["swift", "bic", "bank"],
  },
  {
    type: "US_SOCIAL_SECURITY_NUMBER",
    pattern: /\b\d{3}([- .])\d{2}\1\d{4}\b/g,
    digits: true,
    score: 0.6,
    validate: (value) => usSsn(value) && !value.startsWith("9"),
    context: ["social", "security", "ssn", "ssns", "ssid"],
  },
  {
    type: "US_SOCIAL_SECURITY_NUMBER",
    pattern: /\b\d{9}\b/g,
    digits: true,
    score: NEEDS_CONTEXT,
    validate: (value) => usSsn(value) && !value.startsWith("9"),
    requires: ["social security", "ssn", "ssns", "ssid"],
    context: ["social security", "ssn", "ssns", "ssid"],
  },
  {
    type: "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
    pattern: /\b9\d{2}([- ])(?:5\d|6[0-5]|7\d|8[0-8]|9[0-2]|9[4-9])\1\d{4}\b/g,
    digits: true,
    score: 0.6,
    context: ["itin", "taxpayer", "tax id", "tax identification"],
  },
  {
    type: "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
    pattern: /\b9\d{2}(?:5\d|6[0-5]|7\d|8[0-8]|9[0-2]|9[4-9])\d{4}\b/g,
    digits: true,
    score: NEEDS_CONTEXT,
    requires: ["itin", "taxpayer", "tax"],
    context: ["itin", "taxpayer", "tax id", "tax identification"],
  },
  {
    type: "US_BANK_ROUTING_NUMBER",
    pattern: /\b\d{9}\b/g,
    digits: true,
    score: 0.3,
    validate: checksum(abaRouting, 0.4),
    requires: ["routing", "aba", "rtn", "transit"],
    context: ["routing", "aba", "rtn", "transit"],
  },
  {
    type: "US_BANK_ACCOUNT_NUMBER",
    pattern: /\b\d{8,17}\b/g,
    digits: true,
    score: NEEDS_CONTEXT,
    requires: ["account number", "acct", "account no", "bank account", "checking", "savings"],
    context: ["account number", "acct", "account no", "bank account", "checking", "savings"],
  },
  {
    type: "US_PASSPORT_NUMBER",
    pattern: /\b[A-Z]?\d{8,9}\b/g,
    digits: true,
    score: NEEDS_CONTEXT,
    requires: ["passport"],
    context: ["passport"],
  },
  {
    type: "DRIVER_ID",
    pattern:
      /\b(?:(?=[A-Z0-9]*\d)[A-Z]{0,2}\d{5,14}[A-Z]?|[A-Z]\d{3}-\d{3}-\d{2}-\d{3}-\d|\d{3}[ -]\d{3}[ -]\d{3}|[A-Z]\d{2}-\d{2}-\d{4})\b/gi,
    digits: true,
    score: NEEDS_CONTEXT,
    requires: ["driver", "driver's", "drivers", "license", "licence", "dl", "driving"],
    context: ["driver", "driver's", "drivers", "license", "licence", "dl", "dl#", "driving"],
  },
  {
    type: "LICENSE_PLATE",
    pattern: /\b(?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,5}\b/g,
    digits: true,
    score: NEEDS_CONTEXT,
    requires: ["plate", "license plate", "licence plate", "registration", "reg"],
    context: ["plate", "license plate", "licence plate", "registration", "reg"],
  },
  {
    type: "VEHICLE_IDENTIFICATION_NUMBER",
    pattern: /\b[A-HJ-NPR-Z0-9]{17}\b/gi,
    digits: true,
    score: NEEDS_CONTEXT,
    validate: (value) => (vin(value) ? 1 : /\d/.test(value) && /[A-Z]/i.test(value)),
    context: ["vin", "vehicle identification", "chassis"],
  },
  {
    type: "AWS_ACCESS_KEY",
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[A-Z0-9]{16}\b/g,
    score: 1,
  },
  {
    type: "AWS_SECRET_KEY",
    // Not inside a longer base64 run (padding `=` only ends one, so `KEY=value` is fine).
    pattern: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    digits: true,
    score: 0.3,
    validate: (value) => /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value),
    requires: ["secret", "aws_secret_access_key", "secret access key", "secretaccesskey", "aws"],
    context: ["secret", "aws_secret_access_key", "secret access key", "secretaccesskey", "aws"],
  },
  {
    type: "PASSWORD",
    pattern: /(?<=\b(?:password|passwd|pwd|passphrase)\b\s*(?:is|was|:|=)?\s*["']?)[^\s"']{4,64}/gi,
    score: 0.8,
    requires: ["password", "passwd", "pwd", "passphrase"],
  },
  {
    type: "USERNAME",
    pattern:
      /(?<=\b(?:username|user name|user id|userid|login|handle)\b\s*(?:is|was|:|=)?\s*["']?)[A-Za-z0-9._-]{3,32}/gi,
    score: 0.8,
    requires: ["username", "user", "userid", "login", "handle"],
  },
  {
    type: "USERNAME",
    // `user=jdoe`, `account: m.virtanen` in logs and records.
    pattern:
      /(?<=\b(?:user|usr|account|acct|uid|login|principal)[ \t]*[=:][ \t]*["']?)[A-Za-z0-9][A-Za-z0-9._@-]{1,31}/gi,
    score: 0.8,
    requires: ["user", "usr", "account", "acct", "uid", "login", "principal"],
    // Not a number, nor a capitalised word ("User: Kent Mailly" is a dialogue, not a login).
    validate: (value) => !/^\d+$/.test(value) && !/^\p{Lu}\p{Ll}+$/u.test(value),
  },
  {
    type: "USERNAME",
    // "for user amara_o": a handle-like word (dot, underscore, hyphen or digit) after "user".
    pattern: /(?<=\buser[ \t]+)[a-z][a-z0-9]*[._-][a-z0-9._-]*[a-z0-9]|(?<=\buser[ \t]+)[a-z]+\d+\b/g,
    score: 0.7,
    requires: ["user"],
  },
  {
    type: "CA_SOCIAL_INSURANCE_NUMBER",
    pattern: /\b\d{3}([- ]?)\d{3}\1\d{3}\b/g,
    digits: true,
    score: 0.2,
    validate: checksum(canadianSin, 0.4),
    requires: ["sin", "social insurance"],
    context: ["sin", "social insurance"],
  },
  {
    type: "CA_HEALTH_NUMBER",
    pattern: /\b(?:\d{4}[- ]?\d{3}[- ]?\d{3}(?:[- ]?[A-Z]{2})?|[A-Z]{4}[ ]?\d{4}[ ]?\d{4})\b/g,
    digits: true,
    score: NEEDS_CONTEXT,
    requires: ["health card", "health number", "ohip", "health insurance", "msp", "ramq"],
    context: ["health card", "health number", "ohip", "health insurance", "msp", "ramq"],
  },
  {
    type: "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
    pattern: /\b\d{3}([- ]?)\d{3}\1\d{4}\b/g,
    digits: true,
    score: 0.2,
    validate: checksum(nhsNumber, 0.4),
    requires: ["nhs", "national health", "health service"],
    context: ["nhs", "national health", "health service"],
  },
  {
    type: "UK_NATIONAL_INSURANCE_NUMBER",
    pattern: /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi,
    digits: true,
    score: 0.7,
    context: ["national insurance", "nino", "ni number"],
  },
  {
    type: "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER",
    pattern: /\b\d{5}[ ]?\d{5}\b/g,
    digits: true,
    score: NEEDS_CONTEXT,
    requires: ["utr", "unique taxpayer", "tax reference", "self assessment"],
    context: ["utr", "unique taxpayer", "tax reference", "self assessment"],
  },
  {
    type: "PHONE",
    pattern: PHONE_CANDIDATE,
    digits: true,
    score: 0.55,
    validate: phoneScore,
    negativeContext: [
      "routing",
      "account",
      "acct",
      "iban",
      "nhs",
      "isbn",
      "order",
      "ticket",
      "invoice",
      "reference",
      "ref",
      "tracking",
      "parcel",
      "passport",
      "license",
      "licence",
      "card",
      "health",
      "sin",
      "ssn",
      "social",
      "insurance",
      "utr",
      "taxpayer",
      "itin",
      "vin",
      "plate",
      "serial",
      "case",
      "pin",
      "cvv",
      "zip",
      "postcode",
      "id",
      "no",
      "#",
    ],
    context: [
      "phone",
      "telephone",
      "tel",
      "cell",
      "mobile",
      "call",
      "fax",
      "contact",
      "reach",
      "text",
      "whatsapp",
    ],
  },
  {
    type: "AGE",
    // The quantity with its unit, as Bedrock reports it: "53 years" in "53 years old", "8-year" in "8-year-old".
    pattern: /\b\d{1,3}[ -](?:years?|yrs?|months?)(?=[ -]?old\b|[ ]of[ ]age\b)/gi,
    digits: true,
    score: 0.85,
    requires: ["old", "age"],
    validate: (value) => Number.parseInt(value, 10) <= 125,
  },
  {
    type: "AGE",
    // Digits first, the cue checked after: the lookbehind runs only where a number is.
    pattern:
      /\b\d{1,3}\b(?<=\b(?:age|aged|turned|turns|turning|at age|at the age of)[ \t]*:?[ \t]*\d{1,3})(?![ -]?(?:years?|yrs?|months?|%|am|pm|degrees?|°|km|kph|mph|miles?|percent|times|minutes?|hours?|[:.,]\d))/gi,
    digits: true,
    score: 0.8,
    requires: ["age", "aged", "turned", "turns", "turning"],
    validate: (value) => Number(value) <= 125,
  },
];

/** Cuts a matched IBAN at its country's length, so a trailing word or group it swallowed is dropped. */
function trimIban(value: string): string | undefined {
  let kept = 0;
  const compactLength = value.replace(/[\s-]/g, "").length;
  for (let end = value.length; end > 0; end--) {
    const candidate = value.slice(0, end).replace(/[\s-]+$/, "");
    if (iban(candidate)) return candidate;
    kept++;
    if (kept > compactLength) break;
  }
  return undefined;
}
