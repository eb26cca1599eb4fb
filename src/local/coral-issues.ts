import type { z } from "zod";
import { BedrockError, validation } from "./bedrock-errors.ts";

// Bedrock's service framework reports shape errors as
// "2 validation errors detected: Value at 'messages.1.member.content.1.member.toolUse.toolUseId' failed to
// satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.:-]+; ..." — list
// indexes 1-based, each followed by `.member`, constraints in the service model's terms.

/** The issue code a blob field raises when its text is not base64 (a SerializationException on Bedrock). */
export const NOT_BASE64 = "not-base64";

/** A service-model path as Bedrock prints it: `messages.1.member.content.2.member.image`. */
export function coralPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => (typeof part === "number" ? `${part + 1}.member` : String(part))).join(".");
}

function constraint(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_small":
      return issue.origin === "number"
        ? `Member must have value greater than or equal to ${issue.minimum}`
        : `Member must have length greater than or equal to ${issue.minimum}`;
    case "too_big":
      return issue.origin === "number"
        ? `Member must have value less than or equal to ${issue.maximum}`
        : `Member must have length less than or equal to ${issue.maximum}`;
    case "invalid_format":
      return `Member must satisfy regular expression pattern: ${issue.message}`;
    case "invalid_value":
      return `Member must satisfy enum value set: [${issue.values.map(String).join(", ")}]`;
    case "invalid_type":
      return issue.input === undefined
        ? "Member must not be null"
        : `Member must be of type ${issue.expected}`;
    case "invalid_key":
      return `Map keys must satisfy constraint: [${issue.issues.map((inner) => constraint(inner as z.core.$ZodIssue)).join(", ")}]`;
    case "unrecognized_keys":
      return `Member must not contain the unknown field(s) ${issue.keys.join(", ")}`;
    default:
      return issue.message;
  }
}

/**
 * The error Bedrock answers for a body that does not fit the service model: a ValidationException
 * listing each violated constraint, or a SerializationException for a blob that is not base64.
 */
export function shapeError(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): BedrockError {
  const blob = error.issues.find((issue) => issue.code === "custom" && issue.params?.kind === NOT_BASE64);
  if (blob)
    return new BedrockError(
      "SerializationException",
      `Could not decode the base64 blob at '${coralPath([...prefix, ...blob.path])}'.`,
    );
  const issues = error.issues;
  const details = issues
    .map((issue) => {
      // A map key's issue is reported at the map.
      const path = issue.code === "invalid_key" ? issue.path.slice(0, -1) : issue.path;
      return `Value at '${coralPath([...prefix, ...path])}' failed to satisfy constraint: ${constraint(issue)}`;
    })
    .join("; ");
  return validation(
    `${issues.length} validation error${issues.length === 1 ? "" : "s"} detected: ${details}`,
  );
}
