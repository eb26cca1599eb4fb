/**
 * Value generators for the synthetic PII sets: every Bedrock type, checksummed where the type has a check
 * digit, plus near misses (the same shapes with a failing checksum or no PII meaning). Pure functions of a
 * seeded random source, so `generate.ts` writes the same files every run.
 */

export type Random = () => number;

/** mulberry32: a small seeded generator (the same sequence for the same seed). */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
export const int = (random: Random, low: number, high: number) =>
  low + Math.floor(random() * (high - low + 1));
export const digits = (random: Random, n: number) =>
  Array.from({ length: n }, () => int(random, 0, 9)).join("");
const upper = (random: Random, n: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ") =>
  Array.from({ length: n }, () => pick(random, [...alphabet])).join("");

function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}
const withLuhn = (body: string) => body + luhnCheckDigit(body);
/** The same number with its last digit changed, so the checksum fails. */
export const breakLast = (value: string) =>
  value.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1 + (Number(d) % 3)) % 10));

const group = (value: string, sizes: number[], sep: string) => {
  const out: string[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(value.slice(at, at + size));
    at += size;
  }
  if (at < value.length) out.push(value.slice(at));
  return out.filter(Boolean).join(sep);
};

export function card(random: Random): string {
  const kind = int(random, 0, 4);
  if (kind === 0) return group(withLuhn(`37${digits(random, 12)}`), [4, 6, 5], pick(random, [" ", "-", ""]));
  const prefix = pick(random, ["4", "51", "52", "55", "6011", "2221", "4"]);
  const body = withLuhn(prefix + digits(random, 15 - prefix.length));
  return group(body, [4, 4, 4, 4], pick(random, [" ", "-", "", " "]));
}

export function cvv(random: Random): string {
  return random() < 0.85 ? digits(random, 3) : digits(random, 4);
}

export function expiry(random: Random): string {
  const month = String(int(random, 1, 12)).padStart(2, "0");
  const year = int(random, 25, 33);
  return pick(random, [`${month}/${year}`, `${month}/20${year}`, `${month}-${year}`, `${month} / ${year}`]);
}

export function pin(random: Random): string {
  return digits(random, pick(random, [4, 4, 4, 6]));
}

const IBAN_FORMATS: Array<[string, () => (random: Random) => string]> = [
  ["DE", () => (r) => digits(r, 18)],
  ["GB", () => (r) => upper(r, 4) + digits(r, 14)],
  ["FR", () => (r) => `${digits(r, 10)}${upper(r, 1)}${digits(r, 10)}${digits(r, 2)}`],
  ["ES", () => (r) => digits(r, 20)],
  ["NL", () => (r) => upper(r, 4) + digits(r, 10)],
  ["IT", () => (r) => upper(r, 1) + digits(r, 22)],
  ["BE", () => (r) => digits(r, 12)],
  ["CH", () => (r) => digits(r, 17)],
  ["PL", () => (r) => digits(r, 24)],
  ["FI", () => (r) => digits(r, 14)],
  ["IE", () => (r) => upper(r, 4) + digits(r, 14)],
  ["AT", () => (r) => digits(r, 16)],
];

function mod97(numeric: string): number {
  let remainder = 0;
  for (const ch of numeric) remainder = (remainder * 10 + Number(ch)) % 97;
  return remainder;
}
const lettersToDigits = (value: string) =>
  [...value].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join("");

export function iban(random: Random): string {
  const [country, format] = pick(random, IBAN_FORMATS);
  const bban = format()(random);
  const check = 98 - mod97(lettersToDigits(`${bban}${country}00`));
  const compact = `${country}${String(check).padStart(2, "0")}${bban}`;
  return random() < 0.6 ? (compact.match(/.{1,4}/g) ?? []).join(" ") : compact;
}

export function swift(random: Random): string {
  const bank = pick(random, [
    "DEUT",
    "BOFA",
    "NWBK",
    "COBA",
    "BNPA",
    "CHAS",
    "HSBC",
    "INGB",
    "RABO",
    "UBSW",
    "CITI",
    "BARC",
    "SOGE",
    "NDEA",
    "HAND",
  ]);
  const country = pick(random, ["DE", "US", "GB", "FR", "NL", "CH", "SE", "FI", "IT", "ES"]);
  const location = pick(random, ["FF", "3N", "2L", "MM", "PP", "22", "33", "2X", "SS"]);
  return bank + country + location + (random() < 0.4 ? pick(random, ["XXX", "500", "123", "BER"]) : "");
}

export function ipv4(random: Random): string {
  const first = pick(random, [10, 172, 192, int(random, 11, 223)]);
  return [first, int(random, 0, 255), int(random, 0, 255), int(random, 1, 254)].join(".");
}

export function ipv6(random: Random): string {
  const hex = () => int(random, 0, 0xffff).toString(16);
  return random() < 0.5
    ? `fe80::${hex()}:${hex()}:${hex()}:${hex()}`
    : `2001:db8:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}`;
}

export function mac(random: Random): string {
  const bytes = Array.from({ length: 6 }, () => int(random, 0, 255).toString(16).padStart(2, "0"));
  const kind = int(random, 0, 3);
  if (kind === 0) return bytes.join(":").toUpperCase();
  if (kind === 1) return bytes.join("-");
  if (kind === 2) return bytes.join(":");
  return [bytes.slice(0, 2).join(""), bytes.slice(2, 4).join(""), bytes.slice(4).join("")].join(".");
}

export function awsAccessKey(random: Random): string {
  return pick(random, ["AKIA", "ASIA"]) + upper(random, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
}

export function awsSecretKey(random: Random): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";
  let key = "";
  while (!/[a-z]/.test(key) || !/[A-Z]/.test(key) || !/\d/.test(key)) key = upper(random, 40, alphabet);
  return key;
}

export function abaRouting(random: Random): string {
  for (;;) {
    const prefix = String(
      pick(random, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 22, 26, 31, 32, 61, 63, 67, 71]),
    ).padStart(2, "0");
    const body = prefix + digits(random, 6);
    const n = (i: number) => Number(body[i]);
    const partial = 3 * (n(0) + n(3) + n(6)) + 7 * (n(1) + n(4) + n(7)) + (n(2) + n(5));
    const check = (10 - (partial % 10)) % 10;
    const value = body + check;
    if (partial + check > 0) return value;
  }
}

export function bankAccount(random: Random): string {
  return digits(random, int(random, 8, 14)).replace(/^0/, "4");
}

export function ssn(random: Random): string {
  for (;;) {
    const area = int(random, 1, 899);
    if (area === 666) continue;
    const value = `${String(area).padStart(3, "0")}-${String(int(random, 1, 99)).padStart(2, "0")}-${String(int(random, 1, 9999)).padStart(4, "0")}`;
    if (value === "123-45-6789" || value === "078-05-1120") continue;
    return random() < 0.85 ? value : value.replace(/-/g, pick(random, [" ", ""]));
  }
}

export function itin(random: Random): string {
  const middle = pick(random, [
    int(random, 70, 88),
    int(random, 90, 92),
    int(random, 94, 99),
    int(random, 50, 65),
  ]);
  return `9${digits(random, 2)}-${middle}-${digits(random, 4)}`;
}

export function usPassport(random: Random): string {
  return random() < 0.5 ? digits(random, 9).replace(/^0/, "5") : upper(random, 1) + digits(random, 8);
}

export function driverId(random: Random): string {
  const kind = int(random, 0, 4);
  if (kind === 0) return upper(random, 1) + digits(random, 7);
  if (kind === 1) return digits(random, 9);
  if (kind === 2)
    return `${upper(random, 1)}${digits(random, 3)}-${digits(random, 3)}-${digits(random, 2)}-${digits(random, 3)}-${digits(random, 1)}`;
  if (kind === 3) return `${upper(random, 1)}${digits(random, 12)}`;
  return `${digits(random, 3)} ${digits(random, 3)} ${digits(random, 3)}`;
}

export function licensePlate(random: Random): string {
  const kind = int(random, 0, 4);
  if (kind === 0) return `${int(random, 1, 9)}${upper(random, 3)}${digits(random, 3)}`;
  if (kind === 1) return `${upper(random, 3)}-${digits(random, 4)}`;
  if (kind === 2) return `${upper(random, 2)}${digits(random, 2)} ${upper(random, 3)}`;
  if (kind === 3) return `${upper(random, 3)} ${digits(random, 3)}`;
  return `${upper(random, 2)}-${digits(random, 3)}-${upper(random, 2)}`;
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

export function vin(random: Random): string {
  const alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
  const chars = [
    ...(pick(random, ["1HG", "1FT", "2T1", "3VW", "JHM", "WBA", "5YJ", "1G1", "KMH"]) +
      upper(random, 14, alphabet)),
  ];
  chars[9] = pick(random, [..."ABCDEFGHJKLMNPRSTVWXY123456789"]);
  let sum = 0;
  chars.forEach((c, i) => {
    sum += (/\d/.test(c) ? Number(c) : (VIN_VALUES[c] ?? 0)) * (VIN_WEIGHTS[i] ?? 0);
  });
  const check = sum % 11;
  chars[8] = check === 10 ? "X" : String(check);
  return chars.join("");
}

export function caSin(random: Random): string {
  const body = withLuhn(String(int(random, 1, 7)) + digits(random, 7));
  return group(body, [3, 3, 3], pick(random, [" ", "-", ""]));
}

export function caHealth(random: Random): string {
  if (random() < 0.65) {
    const body = withLuhn(String(int(random, 1, 9)) + digits(random, 8));
    const grouped = group(body, [4, 3, 3], pick(random, ["-", " ", ""]));
    return random() < 0.5 ? `${grouped}${pick(random, ["-", " "])}${upper(random, 2)}` : grouped;
  }
  return `${upper(random, 4)} ${digits(random, 4)} ${digits(random, 4)}`;
}

export function nhs(random: Random): string {
  for (;;) {
    const body = digits(random, 9);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    const check = (11 - (sum % 11)) % 11;
    if (check === 10) continue;
    return group(body + check, [3, 3, 4], pick(random, [" ", "-", ""]));
  }
}

export function nino(random: Random): string {
  const first = pick(random, [..."ABCEGHJKLMNPRSTWXYZ"]);
  const second = pick(random, [..."ABCEGHJKLMNPRSTWXYZ"]);
  if (`${first}${second}`.match(/^(?:BG|GB|NK|KN|TN|NT|ZZ)$/)) return nino(random);
  const d = digits(random, 6);
  const suffix = pick(random, [..."ABCD"]);
  return random() < 0.5
    ? `${first}${second}${d}${suffix}`
    : `${first}${second} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}`;
}

export function utr(random: Random): string {
  const value = String(int(random, 1, 9)) + digits(random, 9);
  return random() < 0.7 ? value : `${value.slice(0, 5)} ${value.slice(5)}`;
}

export function phone(random: Random): string {
  const kind = int(random, 0, 8);
  const n3 = () => String(int(random, 201, 989));
  if (kind === 0) return `(${n3()}) ${n3()}-${digits(random, 4)}`;
  if (kind === 1) return `${n3()}-${n3()}-${digits(random, 4)}`;
  if (kind === 2) return `+1 ${n3()} ${n3()} ${digits(random, 4)}`;
  if (kind === 3) return `+44 ${int(random, 7100, 7999)} ${digits(random, 6)}`;
  if (kind === 4) return `+49 ${int(random, 30, 89)} ${digits(random, 7)}`;
  if (kind === 5)
    return `0${int(random, 6, 7)} ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)}`;
  if (kind === 6) return `${n3()}.${n3()}.${digits(random, 4)}`;
  if (kind === 7) return `+358 ${int(random, 40, 50)} ${digits(random, 3)} ${digits(random, 4)}`;
  return `+33 ${int(random, 6, 7)} ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)}`;
}

export function password(random: Random): string {
  const words = [
    "river",
    "Tiger",
    "maple",
    "Orbit",
    "cactus",
    "Falcon",
    "lemon",
    "Quartz",
    "walnut",
    "Harbor",
  ];
  const kind = int(random, 0, 3);
  if (kind === 0)
    return `${pick(random, words)}${int(random, 10, 99)}${pick(random, ["!", "#", "$", "?", "&"])}${pick(random, words)}`;
  if (kind === 1) return upper(random, 12, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#%");
  if (kind === 2)
    return `${pick(random, words)}-${pick(random, words).toLowerCase()}-${pick(random, words).toLowerCase()}-${int(random, 1, 99)}`;
  return `P@${pick(random, words).toLowerCase()}${int(random, 1990, 2025)}`;
}

export function ageValue(random: Random): number {
  return int(random, 2, 97);
}

/** A card-shaped number whose Luhn check fails. */
export const badCard = (random: Random) => breakLast(card(random));
/** An IBAN with a wrong check (mod 97 fails). */
export const badIban = (random: Random) => {
  const value = iban(random);
  return value.replace(/^([A-Z]{2})(\d)(\d)/, (_, c, a, b) => `${c}${a}${(Number(b) + 3) % 10}`);
};
export const badSsn = (random: Random) =>
  pick(random, [
    `000-${digits(random, 2)}-${digits(random, 4)}`,
    `666-${digits(random, 2)}-${digits(random, 4)}`,
    `${int(random, 100, 899)}-00-${digits(random, 4)}`,
    "123-45-6789",
  ]);
export const badNhs = (random: Random) => breakLast(nhs(random));
export const badRouting = (random: Random) => breakLast(abaRouting(random));
export const badSin = (random: Random) => breakLast(caSin(random));
export const orderNumber = (random: Random) =>
  pick(random, [
    `#${digits(random, 6)}`,
    `ORD-${digits(random, 7)}`,
    `${upper(random, 2)}-${digits(random, 5)}`,
    `${digits(random, 4)}-${digits(random, 4)}`,
  ]);
export const trackingNumber = (random: Random) =>
  pick(random, [
    `1Z${upper(random, 6, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789")}${digits(random, 10)}`,
    `${digits(random, 12)}`,
    `JD${digits(random, 16)}`,
  ]);
export const isoDate = (random: Random) =>
  `20${int(random, 19, 26)}-${String(int(random, 1, 12)).padStart(2, "0")}-${String(int(random, 1, 28)).padStart(2, "0")}`;
export const version = (random: Random) => `${int(random, 1, 9)}.${int(random, 0, 20)}.${int(random, 0, 40)}`;
export const amount = (random: Random) =>
  pick(random, [
    `$${int(random, 5, 9999)}.${digits(random, 2)}`,
    `€${int(random, 5, 999)}`,
    `${int(random, 2, 900)} USD`,
    `£${int(random, 10, 5000)}`,
  ]);
export const clock = (random: Random) =>
  `${int(random, 1, 12)}:${String(int(random, 0, 59)).padStart(2, "0")} ${pick(random, ["am", "pm", "AM", "PM"])}`;
export const count = (random: Random) => String(int(random, 2, 950));
export const isbn = (random: Random) =>
  `978-${int(random, 0, 9)}-${digits(random, 3)}-${digits(random, 5)}-${int(random, 0, 9)}`;
export const gitSha = (random: Random) => upper(random, 40, "0123456789abcdef");
export const uuid = (random: Random) => {
  const h = (n: number) => upper(random, n, "0123456789abcdef");
  return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${h(12)}`;
};
