/**
 * PROMPT_ATTACK filter quality at each strength on this project's labelled sets (bench/data/prompt-attack):
 * the tuning split and the held-out split, each with direct attacks (user input), indirect injections
 * (inside tool results and retrieved passages) and hard negatives. Recall per attack family, false-positive
 * rate on the benign texts, per kind (direct / indirect) and strength (LOW / MEDIUM / HIGH, Bedrock's
 * semantics: a stronger filter blocks lower confidence).
 *
 * Two larger sets of ordinary text that were never looked at while tuning add false-positive rates: the
 * 1,460 CISI abstracts (documents) and the 2,109 presidio-research sentences (user-like messages).
 *
 * Peer, measured in the same run: llm_guardrail 2.1.2 from npm, a TF-IDF + logistic-regression classifier
 * whose weights ship inside the package (its prompt-injection and jailbreak models; blocked when either
 * detects). It has no strengths, so one rate per set.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkInjection, checkJailbreak } from "llm_guardrail";
import { z } from "zod";
import type { FilterStrength } from "../src/guardrails/config.ts";
import { blocks, classify } from "../src/guardrails/content-filters.ts";
import { loadCisi } from "./cisi.ts";
import { DATASET as PII_DATASET } from "./pii.ts";
import { median, table } from "./stats.ts";

const SampleSchema = z.object({
  id: z.string(),
  text: z.string(),
  kind: z.enum(["direct", "indirect"]),
  attack: z.boolean(),
  family: z.string(),
});
type Sample = z.infer<typeof SampleSchema>;

export function loadAttackSet(split: "tuning" | "heldout"): Sample[] {
  return readFileSync(new URL(`./data/prompt-attack/${split}.jsonl`, import.meta.url), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => SampleSchema.parse(JSON.parse(line)));
}

interface Rates {
  n: number;
  LOW: number;
  MEDIUM: number;
  HIGH: number;
}

function rates(texts: string[]): Rates {
  const levels = texts.map((text) => classify(text, "PROMPT_ATTACK"));
  const share = (strength: FilterStrength) =>
    texts.length ? levels.filter((level) => blocks(level, strength)).length / texts.length : 0;
  return { n: texts.length, LOW: share("LOW"), MEDIUM: share("MEDIUM"), HIGH: share("HIGH") };
}

export interface SplitResult {
  /** Share of attacks blocked, by kind and family (the family's obfuscated copies under `<family>+<how>`). */
  recall: Record<string, Rates>;
  /** Share of benign texts blocked, by kind. */
  falsePositiveRate: Record<string, Rates>;
}

function scoreSplit(samples: Sample[]): SplitResult {
  const recall: Record<string, Rates> = {};
  const falsePositiveRate: Record<string, Rates> = {};
  for (const kind of ["direct", "indirect"] as const) {
    const attacks = samples.filter((s) => s.kind === kind && s.attack);
    recall[`${kind} (all)`] = rates(attacks.map((s) => s.text));
    const families = [...new Set(attacks.map((s) => s.family.split("+")[0] as string))].sort();
    for (const family of families) {
      recall[`${kind} ${family}`] = rates(
        attacks
          .filter((s) => s.family.split("+")[0] === family && !s.family.includes("+"))
          .map((s) => s.text),
      );
    }
    recall[`${kind} obfuscated`] = rates(attacks.filter((s) => s.family.includes("+")).map((s) => s.text));
    falsePositiveRate[kind] = rates(samples.filter((s) => s.kind === kind && !s.attack).map((s) => s.text));
  }
  return { recall, falsePositiveRate };
}

/** The peer classifier's detection rate per kind, for attacks and for benign texts. */
async function peerRates(samples: Sample[]): Promise<Record<string, { n: number; rate: number }>> {
  const out: Record<string, { n: number; rate: number }> = {};
  for (const kind of ["direct", "indirect"] as const) {
    for (const attack of [true, false]) {
      const texts = samples.filter((s) => s.kind === kind && s.attack === attack).map((s) => s.text);
      let hits = 0;
      for (const text of texts) {
        const [injection, jailbreak] = await Promise.all([checkInjection(text), checkJailbreak(text)]);
        if (injection.detected || jailbreak.detected) hits++;
      }
      out[`${attack ? "recall" : "FPR"} ${kind}`] = {
        n: texts.length,
        rate: texts.length ? hits / texts.length : 0,
      };
    }
  }
  return out;
}

export interface PromptAttackBenchResult {
  tuning: SplitResult;
  heldOut: SplitResult;
  /** llm_guardrail on the same splits. */
  peer: {
    tuning: Record<string, { n: number; rate: number }>;
    heldOut: Record<string, { n: number; rate: number }>;
  };
  /** Ordinary text never used for tuning: CISI abstracts and presidio sentences. */
  ordinaryText: Record<string, Rates>;
  /** Median microseconds per text over the held-out set. */
  microsecondsPerText: number;
  targets: Record<string, boolean>;
}

export async function benchPromptAttack(): Promise<PromptAttackBenchResult> {
  const tuningSamples = loadAttackSet("tuning");
  const tuning = scoreSplit(tuningSamples);
  const heldOutSamples = loadAttackSet("heldout");
  const heldOut = scoreSplit(heldOutSamples);
  const presidio = z
    .array(z.object({ full_text: z.string() }))
    .parse(JSON.parse(readFileSync(PII_DATASET, "utf8")))
    .map((s) => s.full_text);
  const ordinaryText = {
    "CISI abstracts (documents)": rates(loadCisi().documents.map((d) => d.text)),
    "presidio sentences (messages)": rates(presidio),
  };
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    for (const sample of heldOutSamples) classify(sample.text, "PROMPT_ATTACK");
    times.push(((performance.now() - started) * 1000) / heldOutSamples.length);
  }
  const at = (split: SplitResult, key: string) => split.recall[key]?.HIGH ?? 0;
  const fpr = (split: SplitResult, kind: string) => split.falsePositiveRate[kind]?.HIGH ?? 1;
  const peer = { tuning: await peerRates(tuningSamples), heldOut: await peerRates(heldOutSamples) };
  return {
    tuning,
    heldOut,
    peer,
    ordinaryText,
    microsecondsPerText: median(times),
    targets: {
      heldOutDirectRecallAtHigh085: at(heldOut, "direct (all)") >= 0.85,
      heldOutIndirectRecallAtHigh085: at(heldOut, "indirect (all)") >= 0.85,
      heldOutDirectFprAtHigh003: fpr(heldOut, "direct") <= 0.03,
      heldOutIndirectFprAtHigh003: fpr(heldOut, "indirect") <= 0.03,
    },
  };
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

export function formatPromptAttackBench(result: PromptAttackBenchResult): string {
  const rows = (name: string, split: SplitResult) => [
    ...Object.entries(split.recall).map(([key, r]) => [
      name,
      `recall ${key}`,
      String(r.n),
      pct(r.LOW),
      pct(r.MEDIUM),
      pct(r.HIGH),
    ]),
    ...Object.entries(split.falsePositiveRate).map(([key, r]) => [
      name,
      `FPR ${key} benign`,
      String(r.n),
      pct(r.LOW),
      pct(r.MEDIUM),
      pct(r.HIGH),
    ]),
  ];
  return [
    "PROMPT_ATTACK filter by strength (share blocked)",
    table(
      ["split", "measure", "n", "LOW", "MEDIUM", "HIGH"],
      [
        ...rows("tuning", result.tuning),
        ...rows("held-out", result.heldOut),
        ...Object.entries(result.ordinaryText).map(([key, r]) => [
          "never tuned",
          `FPR ${key}`,
          String(r.n),
          pct(r.LOW),
          pct(r.MEDIUM),
          pct(r.HIGH),
        ]),
      ],
    ),
    "",
    "peer: llm_guardrail 2.1.2 (TF-IDF + logistic regression shipped in the package; injection or jailbreak model)",
    table(
      ["split", "measure", "n", "blocked"],
      (["tuning", "heldOut"] as const).flatMap((split) =>
        Object.entries(result.peer[split]).map(([key, r]) => [
          split === "heldOut" ? "held-out" : split,
          key,
          String(r.n),
          pct(r.rate),
        ]),
      ),
    ),
    `${result.microsecondsPerText.toFixed(0)} µs per text (median of 5 passes over the held-out set)`,
    `targets: ${JSON.stringify(result.targets)}`,
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatPromptAttackBench(await benchPromptAttack()));
}
