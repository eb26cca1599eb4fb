import { createHash } from "node:crypto";
import { BEDROCK_ID_PATTERN, idRegExp } from "../bedrock-id-patterns.ts";

const ID = idRegExp(BEDROCK_ID_PATTERN);
const SPACE = 36n ** 10n;

/** Whether a string is a knowledge-base id Bedrock could issue (10 letters and digits). */
export function isKnowledgeBaseId(value: string): boolean {
  return ID.test(value);
}

/**
 * The knowledge-base id the local Bedrock hands out for a knowledge base name: 10 characters of `[0-9A-Z]`
 * like Bedrock's, derived from a hash of the name, so the same name always gets the same id.
 *
 * @example
 * ```ts
 * knowledgeBaseIdOf("larkspur"); // the same 10-character id on every machine
 * ```
 */
export function knowledgeBaseIdOf(name: string): string {
  const hex = createHash("sha256").update(`glassbox-kb\0${name}`).digest("hex").slice(0, 16);
  return (BigInt(`0x${hex}`) % SPACE).toString(36).toUpperCase().padStart(10, "0");
}

/** The id inside a knowledge-base ARN (`arn:aws:bedrock:…:knowledge-base/ABCDEFGHIJ`), or the id itself. */
export function knowledgeBaseIdFromIdentifier(identifier: string): string {
  return identifier.startsWith("arn:") ? (identifier.split("/").at(-1) ?? identifier) : identifier;
}
