/**
 * Writes the synthetic PII sets `tuning.jsonl` and `heldout.jsonl` (presidio-research's sample format, with
 * Bedrock entity types as labels). Each split has its own templates and its own disjoint word pools, and
 * its own seed; values of checksummed types pass their checksum, and near-miss slots fail it.
 *
 * `npx tsx bench/data/pii/generate.ts` regenerates the same files byte for byte.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { HELD_OUT, type Pools, TUNING } from "./pools.ts";
import { TEMPLATES as HELD_OUT_TEMPLATES } from "./templates-heldout.ts";
import { TEMPLATES as TUNING_TEMPLATES } from "./templates-tuning.ts";
import * as v from "./values.ts";

export interface PiiSample {
  full_text: string;
  spans: Array<{ entity_type: string; start_position: number; end_position: number }>;
  template_id: number;
}

type Render = (random: v.Random, pools: Pools) => string;

const zip = (r: v.Random) =>
  r() < 0.85 ? v.digits(r, 5).replace(/^0/, "5") : `${v.digits(r, 5).replace(/^0/, "4")}-${v.digits(r, 4)}`;
const streetLine = (r: v.Random, p: Pools) =>
  `${v.int(r, 2, 9800)} ${v.pick(r, p.streets)} ${v.pick(r, p.streetTypes)}`;
const unit = (r: v.Random) =>
  v.pick(r, [
    `Apt ${v.int(r, 1, 40)}`,
    `Suite ${v.int(r, 100, 900)}`,
    `Unit ${v.int(r, 1, 30)}B`,
    `Apt. ${v.int(r, 1, 9)}C`,
  ]);
const ukPostcode = (r: v.Random) =>
  `${v.pick(r, ["LS", "BS", "NR", "CF", "YO", "AB", "EX", "FK", "LN", "SA", "BA", "DE"])}${v.int(r, 1, 20)} ${v.int(r, 1, 9)}${v.pick(r, ["AB", "DX", "QT", "HN", "JW", "RL"])}`;

/** International address layouts; each split draws from its own list (`Pools.addressFormats`). */
const ADDRESS_FORMATS: Record<string, Render> = {
  au: (r, p) =>
    `${v.int(r, 1, 300)} ${v.pick(r, p.streets)} St, ${v.pick(r, ["Fitzroy", "Toowong", "Glebe"])} ${v.pick(r, ["VIC", "QLD", "NSW"])} ${v.int(r, 2000, 4999)}`,
  ca: (r, p) =>
    `${v.int(r, 10, 9000)} ${v.pick(r, p.streets)} ${v.pick(r, ["Street", "Rue", "Avenue"])}, ${v.pick(r, ["Toronto ON", "Montréal QC", "Halifax NS", "Regina SK"])} ${v.pick(r, ["M5V", "H3B", "B3H", "S4P"])} ${v.int(r, 1, 9)}${v.pick(r, ["A", "K", "T"])}${v.int(r, 1, 9)}`,
  de: (r, p) =>
    `${v.pick(r, p.streets).split(" ")[0] as string}weg ${v.int(r, 1, 99)}\n${v.digits(r, 5).replace(/^0/, "2")} ${v.pick(r, ["Hamburg", "Köln", "Leipzig"])}`,
  us_po: (r) =>
    `P.O. Box ${v.int(r, 100, 9999)}, ${v.pick(r, ["Dover, DE", "Ames, IA", "Ogden, UT"])} ${v.digits(r, 5).replace(/^0/, "5")}`,
  es: (r, p) =>
    `Calle ${v.pick(r, p.streets).split(" ")[0] as string} ${v.int(r, 1, 150)}, ${v.int(r, 1, 9)}º ${v.pick(r, ["A", "B", "izq."])}, ${v.digits(r, 5).replace(/^0/, "2")} ${v.pick(r, ["Madrid", "Sevilla", "Zaragoza"])}`,
  pl: (r, p) =>
    `ul. ${v.pick(r, p.streets).split(" ")[0] as string}owa ${v.int(r, 1, 80)}/${v.int(r, 1, 40)}\n${v.int(r, 10, 99)}-${v.digits(r, 3)} ${v.pick(r, ["Kraków", "Poznań", "Łódź"])}`,
  in: (r, p) =>
    `Flat ${v.int(r, 1, 20)}${v.pick(r, ["A", "B", "C"])}, ${v.pick(r, p.streets)} Road, ${v.pick(r, ["Bengaluru", "Pune", "Chennai"])} ${v.int(r, 400001, 600099)}`,
  jp: (r) =>
    `${v.int(r, 1, 5)}-${v.int(r, 1, 30)}-${v.int(r, 1, 20)} ${v.pick(r, ["Shibuya", "Nakano", "Kita-ku"])}, ${v.pick(r, ["Tokyo", "Osaka"])} ${v.digits(r, 3).replace(/^0/, "1")}-${v.digits(r, 4)}`,
};

/** PII slots: the rendered text is the gold span. */
const PII: Record<string, [type: string, render: Render]> = {
  NAME: [
    "NAME",
    (r, p) =>
      r() < 0.1
        ? `${v.pick(r, p.first)} ${String.fromCharCode(65 + v.int(r, 0, 25))}. ${v.pick(r, p.last)}`
        : `${v.pick(r, p.first)} ${v.pick(r, p.last)}`,
  ],
  NAME_LC: ["NAME", (r, p) => `${v.pick(r, p.first)} ${v.pick(r, p.last)}`.toLowerCase()],
  FIRST: ["NAME", (r, p) => v.pick(r, p.first)],
  LAST: ["NAME", (r, p) => v.pick(r, p.last)],
  ADDR: [
    "ADDRESS",
    (r, p) => {
      const [city, state] = v.pick(r, p.cities);
      return v.pick(r, [
        `${streetLine(r, p)}, ${city}, ${state} ${zip(r)}`,
        `${streetLine(r, p)}, ${city} ${state}`,
        `${streetLine(r, p)} ${unit(r)}, ${city}, ${state} ${zip(r)}`,
      ]);
    },
  ],
  ADDR_STREET: ["ADDRESS", (r, p) => (r() < 0.7 ? streetLine(r, p) : `${streetLine(r, p)}, ${unit(r)}`)],
  ADDR_ML: [
    "ADDRESS",
    (r, p) => {
      const [city, state] = v.pick(r, p.cities);
      const kind = v.int(r, 0, 2);
      if (kind === 0) return `${streetLine(r, p)}\n${city}, ${state} ${zip(r)}`;
      if (kind === 1) return `${streetLine(r, p)}\n${unit(r)}\n${city}, ${state} ${zip(r)}`;
      return `${unit(r)}, ${streetLine(r, p)}\n${city} ${state} ${zip(r)}`;
    },
  ],
  ADDR_UK: [
    "ADDRESS",
    (r, p) =>
      r() < 0.5
        ? `${streetLine(r, p)}, ${v.pick(r, p.ukTowns)} ${ukPostcode(r)}`
        : `Flat ${v.int(r, 1, 12)}, ${streetLine(r, p)}\n${v.pick(r, p.ukTowns)}\n${ukPostcode(r)}`,
  ],
  ADDR_EU: [
    "ADDRESS",
    (r, p) => {
      const [city] = v.pick(r, p.euCities);
      const word = v.pick(r, p.streets).split(" ")[0] as string;
      return v.pick(r, [
        `${word}straße ${v.int(r, 1, 120)}, ${v.digits(r, 5).replace(/^0/, "1")} ${city}`,
        `${v.int(r, 1, 90)} rue ${word}, ${v.digits(r, 5).replace(/^0/, "6")} ${city}`,
        `${word}laan ${v.int(r, 1, 200)}, ${v.int(r, 1000, 9999)} ${v.pick(r, ["AB", "KL", "TR"])} ${city}`,
      ]);
    },
  ],
  ADDR_INTL: [
    "ADDRESS",
    (r, p) => {
      const render = ADDRESS_FORMATS[v.pick(r, p.addressFormats)];
      if (!render) throw new Error("unknown address format");
      return render(r, p);
    },
  ],
  ZIP: ["ADDRESS", zip],
  AGE: ["AGE", (r) => String(v.ageValue(r))],
  AGE_Y: ["AGE", (r) => `${v.ageValue(r)} years`],
  AGE_YH: ["AGE", (r) => `${v.ageValue(r)}-year`],
  EMAIL: ["EMAIL", (r, p) => `${v.pick(r, p.handles)}@${v.pick(r, p.domains)}`],
  PHONE: ["PHONE", v.phone],
  URL: [
    "URL",
    (r, p) =>
      `https://${v.pick(r, ["www.", "docs.", ""])}${v.pick(r, p.domains)}/${v.pick(r, ["releases", "help/faq", `download?id=${v.digits(r, 4)}`, "a/b/c"])}`,
  ],
  IP: ["IP_ADDRESS", v.ipv4],
  IPV6: ["IP_ADDRESS", v.ipv6],
  MAC: ["MAC_ADDRESS", v.mac],
  CARD: ["CREDIT_DEBIT_CARD_NUMBER", v.card],
  CVV: ["CREDIT_DEBIT_CARD_CVV", v.cvv],
  EXP: ["CREDIT_DEBIT_CARD_EXPIRY", v.expiry],
  PIN: ["PIN", v.pin],
  IBAN: ["INTERNATIONAL_BANK_ACCOUNT_NUMBER", v.iban],
  SWIFT: ["SWIFT_CODE", v.swift],
  AWSAK: ["AWS_ACCESS_KEY", v.awsAccessKey],
  AWSSK: ["AWS_SECRET_KEY", v.awsSecretKey],
  ROUTING: ["US_BANK_ROUTING_NUMBER", v.abaRouting],
  ACCT: ["US_BANK_ACCOUNT_NUMBER", v.bankAccount],
  ITIN: ["US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", v.itin],
  PASSPORT: ["US_PASSPORT_NUMBER", v.usPassport],
  SSN: ["US_SOCIAL_SECURITY_NUMBER", v.ssn],
  DL: ["DRIVER_ID", v.driverId],
  PLATE: ["LICENSE_PLATE", v.licensePlate],
  VIN: ["VEHICLE_IDENTIFICATION_NUMBER", v.vin],
  USERNAME: ["USERNAME", (r, p) => v.pick(r, p.handles)],
  PASSWORD: ["PASSWORD", v.password],
  SIN: ["CA_SOCIAL_INSURANCE_NUMBER", v.caSin],
  CAHEALTH: ["CA_HEALTH_NUMBER", v.caHealth],
  NHS: ["UK_NATIONAL_HEALTH_SERVICE_NUMBER", v.nhs],
  NINO: ["UK_NATIONAL_INSURANCE_NUMBER", v.nino],
  UTR: ["UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER", v.utr],
};

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const STATES = ["Texas", "Ohio", "Oregon", "Florida", "Maine", "Nevada", "Georgia", "Vermont"];

/** Distractor slots: rendered, never gold (organisations, places, dates, numbers, failing checksums). */
const OTHER: Record<string, Render> = {
  ORG: (r, p) => v.pick(r, p.orgs),
  CITY: (r, p) => v.pick(r, p.cities)[0],
  COUNTRY: (r, p) => v.pick(r, p.countries),
  STATE: (r) => v.pick(r, STATES),
  STREET: (r, p) => `${v.pick(r, p.streets)} ${v.pick(r, p.streetTypes)}`,
  PRODUCT: (r, p) => v.pick(r, p.products),
  DATE: (r) => (r() < 0.5 ? v.isoDate(r) : `${v.pick(r, MONTHS)} ${v.int(r, 1, 28)}, 20${v.int(r, 19, 26)}`),
  MONTH: (r) => v.pick(r, MONTHS),
  WEEKDAY: (r) => v.pick(r, WEEKDAYS),
  TIME: v.clock,
  COUNT: v.count,
  AMOUNT: v.amount,
  ORDER: v.orderNumber,
  TRACKING: v.trackingNumber,
  VERSION: v.version,
  ISBN: v.isbn,
  SHA: v.gitSha,
  UUID: v.uuid,
  BADCARD: v.badCard,
  BADIBAN: v.badIban,
  BADSSN: v.badSsn,
  BADNHS: v.badNhs,
  BADROUTING: v.badRouting,
  BADSIN: v.badSin,
};

/** Fills one template: the text and the gold spans of its PII slots. */
export function fill(template: string, random: v.Random, pools: Pools, templateId: number): PiiSample {
  let text = "";
  const spans: PiiSample["spans"] = [];
  let last = 0;
  for (const m of template.matchAll(/\{(~?)([A-Z_0-9]+)\}/g)) {
    text += template.slice(last, m.index);
    last = (m.index ?? 0) + m[0].length;
    const name = m[2] as string;
    if (m[1]) {
      const render = OTHER[name];
      if (!render) throw new Error(`template ${templateId}: unknown distractor slot ${name}`);
      text += render(random, pools);
      continue;
    }
    const slot = PII[name];
    if (!slot) throw new Error(`template ${templateId}: unknown PII slot ${name}`);
    const value = slot[1](random, pools);
    spans.push({
      entity_type: slot[0],
      start_position: text.length,
      end_position: text.length + value.length,
    });
    text += value;
  }
  text += template.slice(last);
  return { full_text: text, spans, template_id: templateId };
}

/** Every template filled `perTemplate` times with the split's pools and seed. */
export function generate(templates: string[], pools: Pools, seed: number, perTemplate: number): PiiSample[] {
  const random = v.seeded(seed);
  const out: PiiSample[] = [];
  for (let round = 0; round < perTemplate; round++) {
    templates.forEach((template, id) => {
      out.push(fill(template, random, pools, id));
    });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL("./", import.meta.url);
  const write = (name: string, samples: PiiSample[]) =>
    writeFileSync(new URL(name, dir), samples.map((sample) => `${JSON.stringify(sample)}\n`).join(""));
  write("tuning.jsonl", generate(TUNING_TEMPLATES, TUNING, 17_001, 15));
  write("heldout.jsonl", generate(HELD_OUT_TEMPLATES, HELD_OUT, 17_999, 15));
}
