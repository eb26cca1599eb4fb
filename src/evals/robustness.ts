import { seededRandom } from "../local/faults.ts";

/** Bedrock's robustness perturbations (model-evaluation-report-programmatic). */
export const PERTURBATIONS = ["lowercase", "typos", "numbers_to_words", "random_caps", "whitespace"] as const;
export type Perturbation = (typeof PERTURBATIONS)[number];

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: "qwsz",
  b: "vghn",
  c: "xdfv",
  d: "serfcx",
  e: "wsdr",
  f: "drtgvc",
  g: "ftyhbv",
  h: "gyujnb",
  i: "ujko",
  j: "huikmn",
  k: "jiolm",
  l: "kop",
  m: "njk",
  n: "bhjm",
  o: "iklp",
  p: "ol",
  q: "wa",
  r: "edft",
  s: "awedxz",
  t: "rfgy",
  u: "yhji",
  v: "cfgb",
  w: "qase",
  x: "zsdc",
  y: "tghu",
  z: "asx",
};

const ONES =
  "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(
    " ",
  );
const TENS = "  twenty thirty forty fifty sixty seventy eighty ninety".split(" ");

/** An integer in English words (up to the billions). */
export function integerToWords(n: number): string {
  if (n < 0) return `minus ${integerToWords(-n)}`;
  if (n < 20) return ONES[n] as string;
  if (n < 100) return `${TENS[Math.floor(n / 10)]}${n % 10 ? `-${ONES[n % 10]}` : ""}`;
  if (n < 1000) return `${ONES[Math.floor(n / 100)]} hundred${n % 100 ? ` ${integerToWords(n % 100)}` : ""}`;
  for (const [size, name] of [
    [1e9, "billion"],
    [1e6, "million"],
    [1e3, "thousand"],
  ] as const) {
    if (n >= size)
      return `${integerToWords(Math.floor(n / size))} ${name}${n % size ? ` ${integerToWords(n % size)}` : ""}`;
  }
  return String(n);
}

/** A number written in words: `3.5` → `three point five`; dates and ids (digits next to dashes) are kept. */
function numbersToWords(text: string): string {
  return text.replace(/(?<![\d\-/])\d[\d,]*(?:\.\d+)?(?![\d\-/])/g, (match) => {
    const [whole = "", fraction] = match.replace(/,/g, "").split(".");
    const words = integerToWords(Number(whole));
    return fraction ? `${words} point ${[...fraction].map((d) => ONES[Number(d)]).join(" ")}` : words;
  });
}

/**
 * Applies a perturbation to a prompt, reproducibly for a seed. Typos swap about 1 in 10 letters for a
 * keyboard neighbour; random caps upper-case about 1 in 5 letters; whitespace adds or removes spaces.
 */
export function perturb(text: string, perturbation: Perturbation, seed = 1): string {
  const random = seededRandom(seed);
  switch (perturbation) {
    case "lowercase":
      return text.toLowerCase();
    case "numbers_to_words":
      return numbersToWords(text);
    case "typos":
      return text.replace(/[a-z]/gi, (char) => {
        const neighbours = KEYBOARD_NEIGHBOURS[char.toLowerCase()];
        if (!neighbours || random() >= 0.1) return char;
        const swap = neighbours[Math.floor(random() * neighbours.length)] as string;
        return char === char.toUpperCase() ? swap.toUpperCase() : swap;
      });
    case "random_caps":
      return text.replace(/[a-z]/g, (char) => (random() < 0.2 ? char.toUpperCase() : char));
    case "whitespace":
      return text.replace(/ /g, () => (random() < 0.15 ? "" : random() < 0.15 ? "  " : " "));
  }
}
