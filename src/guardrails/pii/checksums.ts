/** Check-digit algorithms that turn a digit pattern into a confident PII match. Plain strings in, boolean out. */

const digitsOf = (value: string) => value.replace(/\D/g, "");

/** Luhn (mod 10): credit and debit cards, Canadian SIN. */
export function luhn(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length < 2) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** IBAN lengths by country (ISO 13616 registry, the common ones). */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** IBAN: the country's length and the ISO 7064 mod-97 check. */
export function iban(value: string): boolean {
  const compact = value.replace(/[\s-]/g, "").toUpperCase();
  const expected = IBAN_LENGTHS[compact.slice(0, 2)];
  if (!expected || compact.length !== expected || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const chunk = code >= 65 ? String(code - 55) : char;
    for (const digit of chunk) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/** US ABA routing number: weights 3-7-1, sum mod 10, and a valid Federal Reserve prefix. */
export function abaRouting(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 9) return false;
  const prefix = Number(d.slice(0, 2));
  if (!(prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80)) {
    return false;
  }
  const n = [...d].map(Number);
  const sum =
    3 * ((n[0] ?? 0) + (n[3] ?? 0) + (n[6] ?? 0)) +
    7 * ((n[1] ?? 0) + (n[4] ?? 0) + (n[7] ?? 0)) +
    ((n[2] ?? 0) + (n[5] ?? 0) + (n[8] ?? 0));
  return sum % 10 === 0 && sum > 0;
}

/** UK NHS number: mod 11 with weights 10..2; a check digit of 10 is invalid. */
export function nhsNumber(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 10 || /^(\d)\1{9}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === d.charCodeAt(9) - 48;
}

/** Canadian SIN: nine digits, Luhn, and not starting with 8 (unassigned). */
export function canadianSin(value: string): boolean {
  const d = digitsOf(value);
  return d.length === 9 && d[0] !== "8" && luhn(d);
}

const VIN_VALUES: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The North American check digit of a 17-character VIN (position 9, whatever it holds, has weight 0). */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const char = vin[i] ?? "0";
    const number = char >= "0" && char <= "9" ? Number(char) : (VIN_VALUES[char] ?? 0);
    sum += number * (VIN_WEIGHTS[i] ?? 0);
  }
  const check = sum % 11;
  return check === 10 ? "X" : String(check);
}

/** Vehicle identification number (ISO 3779): 17 characters without I, O, Q, and the North American check digit. */
export function vin(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(v) || !/\d/.test(v) || !/[A-Z]/.test(v)) return false;
  return v[8] === vinCheckDigit(v);
}

/** US SSN as Presidio invalidates it: no 000/666/9xx area, no 00 group, no 0000 serial, no repeated or known fake numbers. */
export function usSsn(value: string): boolean {
  const separators = value.replace(/\d/g, "");
  if (separators.length && new Set(separators).size > 1) return false;
  const d = digitsOf(value);
  if (d.length !== 9 || /^(\d)\1{8}$/.test(d)) return false;
  const area = d.slice(0, 3);
  if (area === "000" || area === "666" || d.slice(3, 5) === "00" || d.slice(5) === "0000") return false;
  return !["123456789", "987654321", "078051120", "219099999"].includes(d);
}
