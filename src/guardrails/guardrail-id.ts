import { createHash } from "node:crypto";

/** bedrock-runtime `GuardrailIdentifier`: an id or a guardrail ARN (ApplyGuardrail, Converse `guardrailConfig`). */
export const GUARDRAIL_IDENTIFIER_PATTERN =
  "(|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))";
/** bedrock-runtime `GuardrailVersion`. */
export const GUARDRAIL_VERSION_PATTERN = "(|([1-9][0-9]{0,7})|(DRAFT))";
/** bedrock-agent-runtime `GuardrailConfiguration.guardrailId` (Retrieve, RetrieveAndGenerate). */
export const GUARDRAIL_ID_PATTERN = "^[a-z0-9]+$";
/** bedrock-agent-runtime `GuardrailConfiguration.guardrailVersion`. */
export const GUARDRAIL_CONFIG_VERSION_PATTERN = "^(([1-9][0-9]{0,7})|(DRAFT))$";

const ID = /^[a-z0-9]{1,64}$/;
const VERSION = /^(?:[1-9][0-9]{0,7}|DRAFT)$/;
const SPACE = 36n ** 12n;

/** Whether a string is a guardrail id Bedrock could issue (`CreateGuardrail`'s `GuardrailId`: `[a-z0-9]+`). */
export function isGuardrailId(value: string): boolean {
  return ID.test(value);
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
