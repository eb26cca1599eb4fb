import { z } from "zod";
import { BedrockError, validation } from "./bedrock-errors.ts";

/**
 * Bedrock's validation errors, as its request validator words them:
 * `1 validation error detected: Value 'default' at 'knowledgeBaseId' failed to satisfy constraint: Member
 * must satisfy regular expression pattern: ...` — list indexes 1-based, each followed by `.member`,
 * constraints in the service model's terms. Lengths, ranges, enums, nulls, unknown fields and map keys are
 * worded from the zod issue; patterns and custom rules carry the validator's text as their issue message.
 * Sensitive members (the service model marks them) are reported without their value.
 */

/** The issue code a blob field raises when its text is not base64 (a SerializationException on Bedrock). */
export const NOT_BASE64 = "not-base64";

/** A service-model path as Bedrock prints it: `messages.1.member.content.2.member.image`. */
export function coralPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => (typeof part === "number" ? `${part + 1}.member` : String(part))).join(".");
}

/** `Member must satisfy regular expression pattern: <the service model's pattern>`. */
export const patternConstraint = (pattern: string) =>
  `Member must satisfy regular expression pattern: ${pattern}`;

/** A string shape of a service model: length bounds and pattern, with the validator's messages. */
export function modelString(shape: { min?: number; max?: number; pattern?: string }) {
  let schema = z.string();
  if (shape.min !== undefined && shape.min > 0)
    schema = schema.min(shape.min, `Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined)
    schema = schema.max(shape.max, `Member must have length less than or equal to ${shape.max}`);
  if (shape.pattern !== undefined)
    schema = schema.regex(new RegExp(`^(?:${shape.pattern})$`), patternConstraint(shape.pattern));
  return schema;
}

/** An integer (or float) shape of a service model, with its range. */
export function modelNumber(shape: { min?: number; max?: number; integer?: boolean }) {
  let schema = z.number();
  if (shape.integer) schema = schema.int("Member must be an integer");
  if (shape.min !== undefined)
    schema = schema.min(shape.min, `Member must have value greater than or equal to ${shape.min}`);
  if (shape.max !== undefined)
    schema = schema.max(shape.max, `Member must have value less than or equal to ${shape.max}`);
  return schema;
}

/** A list shape's length bounds. */
export function modelList<T extends z.ZodType>(item: T, shape: { min?: number; max?: number }) {
  let schema = z.array(item);
  if (shape.min !== undefined && shape.min > 0)
    schema = schema.min(shape.min, `Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined)
    schema = schema.max(shape.max, `Member must have length less than or equal to ${shape.max}`);
  return schema;
}

/** One violated constraint: where, the value found (omitted for sensitive members) and the rule. */
export interface Violation {
  path: string;
  value?: unknown;
  sensitive?: boolean;
  constraint: string;
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Bedrock's message for a list of violations. */
export function violationMessage(violations: readonly Violation[]): string {
  const n = violations.length;
  const parts = violations.map((v) => {
    const value = v.sensitive || v.value === undefined ? "" : ` '${describeValue(v.value)}'`;
    return `Value${value} at '${v.path}' failed to satisfy constraint: ${v.constraint}`;
  });
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${parts.join("; ")}`;
}

/** The 400 ValidationException for a list of violations. */
export const violationError = (violations: readonly Violation[]) => validation(violationMessage(violations));

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function constraintOf(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case "too_small":
      return issue.origin === "number"
        ? `Member must have value greater than or equal to ${issue.minimum}`
        : `Member must have length greater than or equal to ${issue.minimum}`;
    case "too_big":
      return issue.origin === "number"
        ? `Member must have value less than or equal to ${issue.maximum}`
        : `Member must have length less than or equal to ${issue.maximum}`;
    case "invalid_value":
      return `Member must satisfy enum value set: [${issue.values.map(String).join(", ")}]`;
    case "invalid_type":
      return value === undefined ? "Member must not be null" : `Member must be of type ${issue.expected}`;
    case "invalid_key":
      return `Map keys must satisfy constraint: [${issue.issues.map((inner) => constraintOf(inner as z.core.$ZodIssue, inner.input)).join(", ")}]`;
    case "unrecognized_keys":
      return `Member must not contain the unknown field(s) ${issue.keys.join(", ")}`;
    case "invalid_union":
      return "Member must set exactly one of its members";
    default:
      return issue.message;
  }
}

/**
 * The error Bedrock's runtime answers for a body that does not fit the service model: a
 * ValidationException listing every violated constraint (without values), or a SerializationException
 * for a blob that is not base64.
 */
export function shapeError(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): BedrockError {
  const blob = error.issues.find((issue) => issue.code === "custom" && issue.params?.kind === NOT_BASE64);
  if (blob)
    return new BedrockError(
      "SerializationException",
      `Could not decode the base64 blob at '${coralPath([...prefix, ...blob.path])}'.`,
    );
  return violationError(
    error.issues.map((issue) => ({
      // A map key's issue is reported at the map.
      path: coralPath([...prefix, ...(issue.code === "invalid_key" ? issue.path.slice(0, -1) : issue.path)]),
      constraint: constraintOf(issue, issue.input),
    })),
  );
}

/**
 * Parses a request body, or throws Bedrock's ValidationException naming every violated constraint.
 * `sensitive` lists member paths (prefixes) whose values Bedrock leaves out of its messages.
 */
export function parseRequest<T>(
  schema: z.ZodType<T>,
  body: unknown,
  options: { prefix?: string; sensitive?: readonly string[] } = {},
): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  // One violation per member, as Bedrock reports them; a failed pattern says the most about a value.
  const byPath = new Map<string, Violation>();
  for (const issue of parsed.error.issues) {
    const value = valueAt(body, issue.path);
    const path = [options.prefix, coralPath(issue.path)].filter(Boolean).join(".") || "body";
    const sensitive = options.sensitive?.some((p) => path === p || path.startsWith(`${p}.`)) ?? false;
    const violation = { path, value, sensitive, constraint: constraintOf(issue, value) };
    const seen = byPath.get(path);
    if (!seen || (violation.constraint.includes("pattern") && !seen.constraint.includes("pattern")))
      byPath.set(path, violation);
  }
  throw violationError([...byPath.values()]);
}
