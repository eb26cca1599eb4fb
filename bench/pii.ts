/**
 * Local PII detector quality and speed on presidio-research's synthetic `generated_large` set (2,109
 * samples): precision, recall and F1 per entity type (span overlap), overall F2 (token level, as the
 * presidio-research notebooks report it, and span level), and throughput in MB/s against a peer measured
 * in the same run: libphonenumber-js scanning the same texts for phone numbers only.
 *
 * Dataset labels map to Bedrock types (PERSON→NAME, CREDIT_CARD→CREDIT_DEBIT_CARD_NUMBER, ...). LOCATION,
 * ORGANIZATION, DATE_TIME, TITLE and PREFIX have no Bedrock PII type and are not scored as gold, but any
 * prediction on them counts as a false positive.
 */
import { readFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { findPhoneNumbersInText } from "libphonenumber-js";
import { z } from "zod";
import { detectPii, type PiiMatch } from "../src/guardrails/pii/detect.ts";
import { median, table } from "./stats.ts";

export const DATASET = process.env.PII_DATASET ?? "/work/shared/data/pii/presidio-generated-large.json";

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

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
const counts = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const prf = ({ tp, fp, fn }: Counts, beta = 1) => {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  const b2 = beta * beta;
  return { p, r, f: p + r ? ((1 + b2) * p * r) / (b2 * p + r) : 0 };
};

interface Gold {
  type: string;
  start: number;
  end: number;
}

function goldOf(sample: Sample): Gold[] {
  return sample.spans.map((span) => ({
    type: LABEL_MAP[span.entity_type] ?? `(${span.entity_type})`,
    start: span.start_position,
    end: span.end_position,
  }));
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/** Span level: a gold entity is found when a prediction of its type overlaps it, and vice versa. */
function scoreSpans(gold: Gold[], predicted: PiiMatch[], byType: Map<string, Counts>) {
  const entry = (type: string) => byType.get(type) ?? byType.set(type, counts()).get(type) ?? counts();
  for (const g of gold) {
    if (g.type.startsWith("(")) continue;
    if (predicted.some((p) => p.type === g.type && overlaps(p, g))) entry(g.type).tp++;
    else entry(g.type).fn++;
  }
  for (const p of predicted) {
    if (!gold.some((g) => g.type === p.type && overlaps(p, g))) entry(p.type).fp++;
  }
}

/** Token level (presidio-research): every word token gets a gold and a predicted label. */
function scoreTokens(text: string, gold: Gold[], predicted: PiiMatch[], total: Counts) {
  for (const token of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const span = { start: token.index, end: token.index + token[0].length };
    const g = gold.find((entity) => overlaps(entity, span))?.type;
    const goldType = g && !g.startsWith("(") ? g : undefined;
    const p = predicted.find((entity) => overlaps(entity, span))?.type;
    if (goldType && p === goldType) total.tp++;
    else {
      if (p) total.fp++;
      if (goldType) total.fn++;
    }
  }
}

export interface PiiBenchResult {
  samples: number;
  megabytes: number;
  perType: Record<string, { gold: number; precision: number; recall: number; f1: number }>;
  overall: { tokenF2: number; tokenPrecision: number; tokenRecall: number; spanF2: number };
  /** Median wall-clock MB/s, and MB per CPU-second of this process (steadier on a shared machine). */
  throughputMBps: number;
  cpuThroughputMBps: number;
  peerThroughputMBps: number;
  ratioToPeer: number;
  /** The 1-minute load average when the timing ran: other work on the machine slows every number. */
  loadAverage: number;
}

/** Scores the detector on the dataset and measures its throughput (median of several passes). */
export async function benchPii(options: { passes?: number } = {}): Promise<PiiBenchResult> {
  const samples = z.array(SampleSchema).parse(JSON.parse(await readFile(DATASET, "utf8")));
  const byType = new Map<string, Counts>();
  const tokens = counts();
  for (const sample of samples) {
    const predicted = detectPii(sample.full_text);
    const gold = goldOf(sample);
    scoreSpans(gold, predicted, byType);
    scoreTokens(sample.full_text, gold, predicted, tokens);
  }
  const spanTotal = counts();
  const perType: PiiBenchResult["perType"] = {};
  for (const [type, c] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    const { p, r, f } = prf(c);
    perType[type] = { gold: c.tp + c.fn, precision: p, recall: r, f1: f };
    spanTotal.tp += c.tp;
    spanTotal.fp += c.fp;
    spanTotal.fn += c.fn;
  }
  const texts = samples.map((sample) => sample.full_text);
  const megabytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
  const passes = options.passes ?? 7;
  const ours: Timing[] = [];
  const peer: Timing[] = [];
  const detect = (text: string) => detectPii(text).length;
  const phones = (text: string) => findPhoneNumbersInText(text, "US").length;
  timeMBps(texts, megabytes, detect); // warm-up
  timeMBps(texts, megabytes, phones);
  for (let pass = 0; pass < passes; pass++) {
    ours.push(timeMBps(texts, megabytes, detect));
    peer.push(timeMBps(texts, megabytes, phones));
  }
  const token = prf(tokens, 2);
  const throughputMBps = median(ours.map((t) => t.wall));
  const peerThroughputMBps = median(peer.map((t) => t.wall));
  return {
    samples: samples.length,
    megabytes,
    perType,
    overall: { tokenF2: token.f, tokenPrecision: token.p, tokenRecall: token.r, spanF2: prf(spanTotal, 2).f },
    throughputMBps,
    cpuThroughputMBps: median(ours.map((t) => t.cpu)),
    peerThroughputMBps,
    ratioToPeer: throughputMBps / peerThroughputMBps,
    loadAverage: loadavg()[0] ?? 0,
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

/** The result as the table the report and docs quote. */
export function formatPiiBench(result: PiiBenchResult): string {
  const rows = Object.entries(result.perType).map(([type, r]) => [
    type,
    String(r.gold),
    r.precision.toFixed(3),
    r.recall.toFixed(3),
    r.f1.toFixed(3),
  ]);
  const o = result.overall;
  return [
    `PII detector on ${result.samples} samples (${result.megabytes.toFixed(2)} MB of text)`,
    table(["entity type", "gold", "P", "R", "F1"], rows),
    `overall F2: token level ${o.tokenF2.toFixed(3)} (P ${o.tokenPrecision.toFixed(3)}, R ${o.tokenRecall.toFixed(3)}), span level ${o.spanF2.toFixed(3)}`,
    `throughput (median of passes): ${result.throughputMBps.toFixed(1)} MB/s wall, ${result.cpuThroughputMBps.toFixed(1)} MB per CPU-second, all 31 types; peer libphonenumber-js findPhoneNumbersInText (phones only) ${result.peerThroughputMBps.toFixed(1)} MB/s; ratio ${result.ratioToPeer.toFixed(2)}× (load average ${result.loadAverage.toFixed(1)} on ${availableParallelism()} cores)`,
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatPiiBench(await benchPii()));
}
