import type { ContentFilterType, FilterStrength } from "./config.ts";
import { scorePromptAttack } from "./prompt-attack.ts";
import { deleet } from "./text-normalize.ts";

/** Confidence levels in order. */
export const LEVELS: readonly FilterStrength[] = ["NONE", "LOW", "MEDIUM", "HIGH"];

/**
 * Lexicons per harmful category: phrases weighted 1 (mild) to 3 (severe). Offline stand-in for Bedrock's
 * classifiers; the weights add up to a confidence level.
 */
const LEXICONS: Record<Exclude<ContentFilterType, "PROMPT_ATTACK">, Array<[RegExp, number]>> = {
  SEXUAL: [
    [/\b(?:sex|sexual|sexy|nude|naked|porn\w*|erotic|orgasm|genitals?|nsfw)\b/, 2],
    [/\b(?:explicit sex|sexual acts?|have sex|sex with|hardcore)\b/, 3],
  ],
  VIOLENCE: [
    [/\b(?:kill|killing|murder\w*|stab\w*|shoot\w*|slaughter|massacre|behead\w*|torture\w*)\b/, 2],
    [/\b(?:hurt|attack|beat (?:up|him|her|them)|punch|assault\w*|weapon|gun|bomb)\b/, 1],
    [/\b(?:kill (?:him|her|them|you|everyone)|blow (?:up|them up)|mass shooting)\b/, 3],
  ],
  HATE: [
    [/\b(?:inferior race|subhuman|vermin|go back to your country|ethnic cleansing)\b/, 3],
    [/\b(?:hate (?:all|those) \w+|racist|bigot\w*|nazi\w*|white power)\b/, 2],
  ],
  INSULTS: [
    [/\b(?:idiot|stupid|moron|dumb|loser|pathetic|worthless|useless|ugly|imbecile|clown)\b/, 1],
    [/\b(?:you(?:'re| are) (?:an? )?(?:idiot|moron|stupid|worthless|pathetic|loser))\b/, 3],
    [/\b(?:piece of (?:shit|garbage|trash)|shut up|dumbass)\b/, 2],
  ],
  MISCONDUCT: [
    [/\b(?:steal|launder\w*|fraud|scam|smuggl\w*|counterfeit|bribe\w*|hack into|phishing|evade tax\w*)\b/, 2],
    [
      /\b(?:how (?:do i|to) (?:make|build) (?:a )?(?:bomb|meth|explosive|weapon)|without getting caught)\b/,
      3,
    ],
    [/\b(?:illegal|drugs?|meth|cocaine|heroin)\b/, 1],
  ],
};

/** The confidence that a text belongs to a category (NONE..HIGH). */
export function classify(text: string, type: ContentFilterType): FilterStrength {
  if (type === "PROMPT_ATTACK") return toLevel(scorePromptAttack(text).score);
  const folded = deleet(text);
  let weight = 0;
  for (const [pattern, points] of LEXICONS[type]) {
    const global = new RegExp(pattern.source, "g");
    weight += (folded.match(global)?.length ?? 0) * points;
  }
  return weight >= 4 ? "HIGH" : weight >= 2 ? "MEDIUM" : weight >= 1 ? "LOW" : "NONE";
}

/**
 * Bedrock semantics: a stronger filter blocks more. HIGH strength blocks LOW, MEDIUM and HIGH confidence;
 * MEDIUM blocks MEDIUM and HIGH; LOW blocks only HIGH; NONE blocks nothing.
 */
export function blocks(confidence: FilterStrength, strength: FilterStrength): boolean {
  if (strength === "NONE" || confidence === "NONE") return false;
  return LEVELS.indexOf(confidence) >= LEVELS.length - LEVELS.indexOf(strength);
}

function toLevel(score: number): FilterStrength {
  return score >= 0.8 ? "HIGH" : score >= 0.5 ? "MEDIUM" : score >= 0.25 ? "LOW" : "NONE";
}
