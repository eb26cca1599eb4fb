/** Heuristics for PROMPT_ATTACK: jailbreaks and prompt injection, without a model. */

interface Signal {
  name: string;
  pattern: RegExp;
  weight: number;
}

const SIGNALS: Signal[] = [
  {
    name: "instruction_override",
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(?:previous|prior|above|earlier|all|your|the)\b[^.!?\n]{0,20}\b(?:instructions?|rules|prompts?|guidelines|directions|constraints)\b/i,
    weight: 0.8,
  },
  {
    name: "role_play",
    pattern:
      /\b(?:you are now|act as|pretend (?:to be|you are)|roleplay as|from now on you|developer mode|jailbreak|\bdan\b|do anything now|no (?:restrictions|filters|limits))\b/i,
    weight: 0.55,
  },
  {
    name: "system_prompt_exfiltration",
    pattern:
      /\b(?:reveal|show|print|repeat|tell me|output|leak|what (?:is|are))\b[^.!?\n]{0,30}\b(?:system prompt|hidden (?:prompt|instructions)|initial instructions|your (?:instructions|rules|prompt))\b/i,
    weight: 0.8,
  },
  {
    name: "delimiter_injection",
    pattern: /(?:<\/?(?:system|instructions?)>|\[\/?INST\]|###\s*(?:system|instruction)|<\|im_start\|>)/i,
    weight: 0.6,
  },
];

const BASE64_RUN = /[A-Za-z0-9+/]{24,}={0,2}/g;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]|[\u{e0000}-\u{e007f}]/u;

export interface PromptAttackScore {
  /** 0..1, the strongest signal plus a little for each further one. */
  score: number;
  signals: string[];
}

/** Scores a text for prompt-attack signals, including ones hidden in base64 or behind invisible characters. */
export function scorePromptAttack(text: string): PromptAttackScore {
  const signals = new Set<string>();
  const scores: number[] = [];
  const check = (candidate: string, via?: string) => {
    for (const signal of SIGNALS) {
      if (signal.pattern.test(candidate)) {
        signals.add(via ? `${signal.name}(${via})` : signal.name);
        scores.push(signal.weight + (via ? 0.1 : 0));
      }
    }
  };
  const visible = text.replace(/[\u200b-\u200f\u2060-\u2064\ufeff]|[\u{e0000}-\u{e007f}]/gu, "");
  check(visible);
  for (const run of text.match(BASE64_RUN) ?? []) {
    const decoded = decodeBase64(run);
    if (decoded) check(decoded, "base64");
  }
  const rot13 = visible.replace(/[a-z]/gi, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
  if (/\brot13\b/i.test(text)) check(rot13, "rot13");
  if (INVISIBLE.test(text)) {
    signals.add("invisible_unicode");
    scores.push(0.3);
  }
  if (!scores.length) return { score: 0, signals: [] };
  scores.sort((a, b) => b - a);
  const score = Math.min(1, (scores[0] ?? 0) + 0.15 * (scores.length - 1));
  return { score, signals: [...signals] };
}

function decodeBase64(run: string): string | undefined {
  const decoded = Buffer.from(run, "base64").toString("utf8");
  // Only text that decodes to mostly printable characters is read.
  const printable = decoded.replace(/[^\x20-\x7e\s]/g, "");
  return printable.length >= decoded.length * 0.9 ? decoded : undefined;
}
