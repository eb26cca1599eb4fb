/**
 * Local PII detector quality and speed.
 *
 * Quality on three sets (bench/pii-metrics.ts): presidio-research's synthetic `generated_large` (2,109
 * samples, the set the detector was first tuned on), this project's synthetic **tuning** split and its
 * **held-out** split (bench/data/pii, all 31 Bedrock types, never tuned on). Per type P/R/F1 (span IoU ≥ 0.5),
 * token-level F2 as presidio-research reports it, and span F2 at IoU ≥ 0.5 and ≥ 0.9.
 *
 * Throughput in MB/s on the presidio texts, interleaved passes, medians, against two peers measured in the
 * same run: OpenRedaction (multi-type, regex-based, 558 patterns) and libphonenumber-js (phones only).
 * OpenRedaction is also scored for quality on the same sets, its types mapped to Bedrock's.
 *
 * Presidio labels map to Bedrock types (PERSON→NAME, CREDIT_CARD→CREDIT_DEBIT_CARD_NUMBER, ...). LOCATION,
 * ORGANIZATION, DATE_TIME, TITLE and PREFIX have no Bedrock PII type and are not gold, but any prediction
 * on them counts as a false positive.
 */
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { OpenRedaction } from "@openredaction/openredaction";
import { findPhoneNumbersInText } from "libphonenumber-js";
import { z } from "zod";
import { detectPii } from "../src/guardrails/pii/detect.ts";
import { PII_ENTITY_TYPES } from "../src/guardrails/pii/entity-types.ts";
import { type PiiScores, type Span, scorePii } from "./pii-metrics.ts";
import { median, table } from "./stats.ts";

export const DATASET = process.env.PII_DATASET ?? "/work/shared/data/pii/presidio-generated-large.json";
const DATA_DIR = new URL("./data/pii/", import.meta.url);

const SampleSchema = z.object({
  full_text: z.string(),
  spans: z.array(
    z.object({ entity_type: z.string(), start_position: z.number().int(), end_position: z.number().int() }),
  ),
});
type Sample = z.infer<typeof SampleSchema>;

/** presidio-research label → Bedrock PII entity type. */
export const LABEL_MAP: Record<string, string> = {
  PERSON: "NAME",
  ADDRESS: "ADDRESS",
  CREDIT_CARD: "CREDIT_DEBIT_CARD_NUMBER",
  US_SSN: "US_SOCIAL_SECURITY_NUMBER",
  PHONE_NUMBER: "PHONE",
  EMAIL_ADDRESS: "EMAIL",
  IP_ADDRESS: "IP_ADDRESS",
  IBAN_CODE: "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
  US_DRIVER_LICENSE: "DRIVER_ID",
  DOMAIN_NAME: "URL",
};

const BEDROCK = new Set<string>(PII_ENTITY_TYPES);
const scored = (type: string) => BEDROCK.has(type);

interface LabelledSet {
  name: string;
  samples: Array<{ text: string; gold: Span[] }>;
}

function toLabelled(samples: Sample[], map: (label: string) => string): LabelledSet["samples"] {
  return samples.map((sample) => ({
    text: sample.full_text,
    gold: sample.spans.map((s) => ({
      type: map(s.entity_type),
      start: s.start_position,
      end: s.end_position,
    })),
  }));
}

/** The three labelled sets: presidio's (mapped), our tuning split, our held-out split. */
export function loadPiiSets(): LabelledSet[] {
  const presidio = z.array(SampleSchema).parse(JSON.parse(readFileSync(DATASET, "utf8")));
  const jsonl = (name: string) =>
    readFileSync(new URL(name, DATA_DIR), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => SampleSchema.parse(JSON.parse(line)));
  return [
    { name: "presidio generated_large", samples: toLabelled(presidio, (l) => LABEL_MAP[l] ?? `(${l})`) },
    { name: "glassbox tuning", samples: toLabelled(jsonl("tuning.jsonl"), (l) => l) },
    { name: "glassbox held-out", samples: toLabelled(jsonl("heldout.jsonl"), (l) => l) },
  ];
}

/** OpenRedaction type → Bedrock type (types without a Bedrock counterpart are kept as predictions). */
const PEER_TYPES: Array<[RegExp, string]> = [
  [/^NAME$/, "NAME"],
  [/^EMAIL/, "EMAIL"],
  [/^PHONE/, "PHONE"],
  [/^CREDIT_CARD/, "CREDIT_DEBIT_CARD_NUMBER"],
  [/^SSN/, "US_SOCIAL_SECURITY_NUMBER"],
  [/^IBAN/, "INTERNATIONAL_BANK_ACCOUNT_NUMBER"],
  [/^(?:ADDRESS|ZIP_CODE|POSTCODE)/, "ADDRESS"],
  [/^IPV[46]/, "IP_ADDRESS"],
  [/^MAC/, "MAC_ADDRESS"],
  [/^(?:URL|DOMAIN)/, "URL"],
  [/^DRIVING_LICENSE|^DRIVER/, "DRIVER_ID"],
  [/^LICENSE_PLATE/, "LICENSE_PLATE"],
  [/^VIN/, "VEHICLE_IDENTIFICATION_NUMBER"],
  [/^USERNAME/, "USERNAME"],
  [/^PASSWORD/, "PASSWORD"],
  [/^SWIFT|^BIC/, "SWIFT_CODE"],
  [/^ROUTING|^ABA/, "US_BANK_ROUTING_NUMBER"],
  [/^(?:US_)?BANK_ACCOUNT/, "US_BANK_ACCOUNT_NUMBER"],
  [/^ITIN/, "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER"],
  [/^(?:US_)?PASSPORT/, "US_PASSPORT_NUMBER"],
  [/^NHS/, "UK_NATIONAL_HEALTH_SERVICE_NUMBER"],
  [/^(?:UK_)?(?:NATIONAL_INSURANCE|NINO)/, "UK_NATIONAL_INSURANCE_NUMBER"],
  [/^(?:UK_)?UTR/, "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER"],
  [/^(?:CANADIAN_)?SIN|^CA_SIN/, "CA_SOCIAL_INSURANCE_NUMBER"],
  [/^AWS_ACCESS/, "AWS_ACCESS_KEY"],
  [/^AWS_SECRET/, "AWS_SECRET_KEY"],
  [/^CVV|^CVC/, "CREDIT_DEBIT_CARD_CVV"],
  [/^AGE$/, "AGE"],
];
const peerType = (type: string) => PEER_TYPES.find(([re]) => re.test(type))?.[1] ?? `peer:${type}`;

function openRedactionDetector(): (text: string) => Span[] {
  const peer = new OpenRedaction();
  return (text) =>
    peer.detect(text).detections.map((d: { type: string; position: [number, number] }) => ({
      type: peerType(d.type),
      start: d.position[0],
      end: d.position[1],
    }));
}

const ours = (text: string): Span[] => detectPii(text);

export interface PiiBenchResult {
  sets: Record<string, { glassbox: PiiScores; openRedaction: PiiScores }>;
  megabytes: number;
  /** Median wall-clock MB/s, and MB per CPU-second of this process (steadier on a shared machine). */
  throughputMBps: number;
  cpuThroughputMBps: number;
  peers: Record<string, { throughputMBps: number; ratio: number }>;
  /** The 1-minute load average when the timing ran: other work on the machine slows every number. */
  loadAverage: number;
  targets: { heldOutTokenF2AtLeast080: boolean; heldOutSpan90F2AtLeast065: boolean };
}

/** Scores the detector (and the OpenRedaction peer) on the three sets and measures throughput. */
export async function benchPii(options: { passes?: number } = {}): Promise<PiiBenchResult> {
  const sets = loadPiiSets();
  const peer = openRedactionDetector();
  const results: PiiBenchResult["sets"] = {};
  for (const set of sets) {
    results[set.name] = {
      glassbox: scorePii(set.samples, ours, scored),
      openRedaction: scorePii(set.samples, peer, scored),
    };
  }
  const texts = (sets[0]?.samples ?? []).map((sample) => sample.text);
  const megabytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
  const passes = options.passes ?? 7;
  const runners: Record<string, (text: string) => number> = {
    glassbox: (text) => detectPii(text).length,
    "OpenRedaction 1.0.4 (multi-type)": (text) => peer(text).length,
    "libphonenumber-js (phones only)": (text) => findPhoneNumbersInText(text, "US").length,
  };
  const timings = new Map<string, Timing[]>(Object.keys(runners).map((name) => [name, []]));
  for (const run of Object.values(runners)) timeMBps(texts, megabytes, run); // warm-up
  for (let pass = 0; pass < passes; pass++) {
    for (const [name, run] of Object.entries(runners))
      timings.get(name)?.push(timeMBps(texts, megabytes, run));
  }
  const wall = (name: string) => median((timings.get(name) ?? []).map((t) => t.wall));
  const throughputMBps = wall("glassbox");
  const peers: PiiBenchResult["peers"] = {};
  for (const name of Object.keys(runners).slice(1)) {
    peers[name] = { throughputMBps: wall(name), ratio: throughputMBps / wall(name) };
  }
  const heldOut = results["glassbox held-out"]?.glassbox;
  return {
    sets: results,
    megabytes,
    throughputMBps,
    cpuThroughputMBps: median((timings.get("glassbox") ?? []).map((t) => t.cpu)),
    peers,
    loadAverage: loadavg()[0] ?? 0,
    targets: {
      heldOutTokenF2AtLeast080: (heldOut?.token.f2 ?? 0) >= 0.8,
      heldOutSpan90F2AtLeast065: (heldOut?.span90.f2 ?? 0) >= 0.65,
    },
  };
}

interface Timing {
  wall: number;
  cpu: number;
}

function timeMBps(texts: string[], megabytes: number, run: (text: string) => number): Timing {
  let sink = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const text of texts) sink += run(text);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  if (sink < 0) console.log(sink);
  return { wall: megabytes / seconds, cpu: megabytes / ((used.user + used.system) / 1e6) };
}

const f3 = (n: number) => n.toFixed(3);

/** The result as the tables the report and docs quote. */
export function formatPiiBench(result: PiiBenchResult): string {
  const names = Object.keys(result.sets);
  const types = [...new Set(names.flatMap((name) => Object.keys(result.sets[name]?.glassbox.perType ?? {})))]
    .filter(scored)
    .sort();
  const perType = table(
    ["entity type", ...names.flatMap((name) => [`${name} gold`, "P", "R", "F1"])],
    types.map((type) => [
      type,
      ...names.flatMap((name) => {
        const r = result.sets[name]?.glassbox.perType[type];
        return r?.gold ? [String(r.gold), f3(r.precision), f3(r.recall), f3(r.f1)] : ["-", "", "", ""];
      }),
    ]),
  );
  const overall = table(
    ["set", "detector", "token F2 (P / R)", "span F2 IoU≥0.5 (P / R)", "span F2 IoU≥0.9 (P / R)"],
    names.flatMap((name) => {
      const set = result.sets[name];
      if (!set) return [];
      const row = (label: string, s: PiiScores) => [
        name,
        label,
        `${f3(s.token.f2)} (${f3(s.token.precision)} / ${f3(s.token.recall)})`,
        `${f3(s.span50.f2)} (${f3(s.span50.precision)} / ${f3(s.span50.recall)})`,
        `${f3(s.span90.f2)} (${f3(s.span90.precision)} / ${f3(s.span90.recall)})`,
      ];
      return [row("Glassbox", set.glassbox), row("OpenRedaction", set.openRedaction)];
    }),
  );
  const peers = Object.entries(result.peers)
    .map(([name, p]) => `${name} ${p.throughputMBps.toFixed(2)} MB/s (Glassbox ${p.ratio.toFixed(2)}×)`)
    .join("; ");
  return [
    "PII detector, per type (Glassbox, span IoU ≥ 0.5)",
    perType,
    "",
    "PII detector, overall",
    overall,
    "",
    `throughput on ${result.megabytes.toFixed(2)} MB (median of interleaved passes): Glassbox ${result.throughputMBps.toFixed(1)} MB/s wall, ${result.cpuThroughputMBps.toFixed(1)} MB per CPU-second, all 31 types; ${peers} (load average ${result.loadAverage.toFixed(1)} on ${availableParallelism()} cores)`,
    `targets: ${JSON.stringify(result.targets)}`,
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatPiiBench(await benchPii({ passes: Number(process.env.PII_PASSES ?? 7) })));
}
