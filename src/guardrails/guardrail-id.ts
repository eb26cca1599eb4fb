import { createHash } from "node:crypto";
import { GUARDRAIL_CONFIG_VERSION_PATTERN, GUARDRAIL_ID_PATTERN, idRegExp } from "../bedrock-id-patterns.ts";

const ID = idRegExp(GUARDRAIL_ID_PATTERN);
const VERSION = idRegExp(GUARDRAIL_CONFIG_VERSION_PATTERN);
const SPACE = 36n ** 12n;

/** Whether a string is a guardrail id Bedrock could issue (`CreateGuardrail`'s `GuardrailId`: `[a-z0-9]+`). */
export function isGuardrailId(value: string): boolean {
  return value.length <= 64 && ID.test(value);
}

/** Whether a string is a guardrail version (`DRAFT` or 1–99999999). */
export function isGuardrailVersion(value: string): boolean {
  return VERSION.test(value);
}

/**
 * The guardrail id the local Bedrock hands out for a guardrail name: 12 characters of `[a-z0-9]` like
 * Bedrock's, derived from a hash of the name, so the same config always gets the same id.
 */
export function guardrailIdOf(name: string): string {
  const hex = createHash("sha256").update(`glassbox-guardrail\0${name}`).digest("hex").slice(0, 20);
  return (BigInt(`0x${hex}`) % SPACE).toString(36).padStart(12, "0");
}
