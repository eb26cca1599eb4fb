import { createHash } from "node:crypto";

/** Retrieve's `knowledgeBaseId` (bedrock-agent-runtime `KnowledgeBaseIdentifier`): an id or a knowledge-base ARN. */
export const KNOWLEDGE_BASE_IDENTIFIER_PATTERN =
  "^[0-9a-zA-Z]{10}$|^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:knowledge-base/[0-9a-zA-Z]{10}$";

const ID = /^[0-9a-zA-Z]{10}$/;
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
