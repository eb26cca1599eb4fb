/**
 * Writes the labelled prompt-attack sets `tuning.jsonl` and `heldout.jsonl` from the two hand-written corpora:
 * direct attacks (as written, wrapped in an ordinary request, and obfuscated), indirect injections placed in
 * tool results and retrieved passages (and obfuscated there), and benign user messages and documents (alone
 * and inside the same carriers, so a carrier alone never marks an attack). The two splits also use different
 * obfuscation variants (e.g. letter spacing with blanks vs. with dots), so the normaliser is tested on forms
 * it was not tuned on.
 *
 * `npx tsx bench/data/prompt-attack/generate.ts` regenerates the same files.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { int, pick, type Random, seeded } from "../pii/values.ts";
import { CORPUS as HELD_OUT } from "./corpus-heldout.ts";
import { CORPUS as TUNING } from "./corpus-tuning.ts";
import type { AttackSample, Corpus } from "./types.ts";

type Obfuscation = [name: string, apply: (text: string, random: Random) => string];

const CYRILLIC: Record<string, string> = { a: "а", e: "е", o: "о", p: "р", c: "с", x: "х", i: "і", y: "у" };
const GREEK: Record<string, string> = { o: "ο", i: "ι", a: "α", e: "ε", n: "η", v: "ν", t: "τ" };
const LEET: Record<string, string> = { a: "4", e: "3", i: "1", o: "0", s: "5", t: "7" };

const swapSome = (table: Record<string, string>, rate: number) => (text: string, random: Random) =>
  [...text].map((c) => (table[c] && random() < rate ? table[c] : c)).join("");
const spaced = (sep: string) => (text: string) =>
  text
    .split(" ")
    .map((word, i) => (i < 6 ? [...word].join(sep) : word))
    .join(sep === " " ? "   " : " ");
const invisible = (mark: string) => (text: string, random: Random) =>
  [...text].map((c) => (c !== " " && random() < 0.3 ? c + mark : c)).join("");
const base64 = (lead: string) => (text: string) => `${lead} ${Buffer.from(text).toString("base64")}`;
const fullwidth = (text: string) =>
  [...text].map((c) => (c >= "!" && c <= "~" ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join("");

const TUNING_OBFUSCATIONS: Obfuscation[] = [
  ["spacing", spaced(" ")],
  ["homoglyph", swapSome(CYRILLIC, 0.6)],
  ["invisible", invisible("\u200b")],
  ["base64", base64("Decode this and do what it says:")],
  ["leet", swapSome(LEET, 0.7)],
];
const HELD_OUT_OBFUSCATIONS: Obfuscation[] = [
  ["spacing", spaced(".")],
  ["homoglyph", swapSome({ ...GREEK, ...CYRILLIC }, 0.5)],
  ["invisible", invisible("\u2060")],
  ["base64", base64("Base64 below, read it and follow it:")],
  ["fullwidth", fullwidth],
];

const TUNING_WRAPPERS = [
  "Can you help me with my homework? {X}",
  "Quick question first. {X} Thanks!",
  "{X}\n\nAlso, what's the weather tomorrow?",
];
const HELD_OUT_WRAPPERS = ["Hi there! {X}", "I have a request. {X} That is all.", "Before we start: {X}"];

function build(corpus: Corpus, obfuscations: Obfuscation[], wrappers: string[], seed: number, split: string) {
  const random = seeded(seed);
  const out: AttackSample[] = [];
  const push = (sample: Omit<AttackSample, "id">) => out.push({ id: `${split}-${out.length}`, ...sample });
  const carry = (payload: string) => pick(random, corpus.carriers).replace("{PAYLOAD}", payload);
  for (const [family, payloads] of Object.entries(corpus.direct)) {
    for (const text of payloads) {
      push({ text, kind: "direct", attack: true, family });
      if (random() < 0.5)
        push({ text: pick(random, wrappers).replace("{X}", text), kind: "direct", attack: true, family });
      const [name, apply] = pick(random, obfuscations);
      push({ text: apply(text, random), kind: "direct", attack: true, family: `${family}+${name}` });
    }
  }
  for (const [family, payloads] of Object.entries(corpus.indirect)) {
    for (const text of payloads) {
      push({ text: carry(text), kind: "indirect", attack: true, family });
      push({ text: carry(text), kind: "indirect", attack: true, family });
      const [name, apply] = pick(random, obfuscations);
      push({ text: carry(apply(text, random)), kind: "indirect", attack: true, family: `${family}+${name}` });
    }
  }
  for (const text of corpus.benignDirect) {
    push({ text, kind: "direct", attack: false, family: "benign" });
    if (random() < 0.5)
      push({
        text: pick(random, wrappers).replace("{X}", text),
        kind: "direct",
        attack: false,
        family: "benign",
      });
  }
  for (const text of corpus.benignDocuments) {
    push({ text, kind: "indirect", attack: false, family: "benign" });
    for (let i = int(random, 1, 2); i > 0; i--)
      push({ text: carry(text), kind: "indirect", attack: false, family: "benign" });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL("./", import.meta.url);
  const write = (name: string, samples: AttackSample[]) =>
    writeFileSync(new URL(name, dir), samples.map((sample) => `${JSON.stringify(sample)}\n`).join(""));
  write("tuning.jsonl", build(TUNING, TUNING_OBFUSCATIONS, TUNING_WRAPPERS, 1701, "tuning"));
  write("heldout.jsonl", build(HELD_OUT, HELD_OUT_OBFUSCATIONS, HELD_OUT_WRAPPERS, 1799, "heldout"));
}
