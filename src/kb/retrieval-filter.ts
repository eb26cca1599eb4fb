import { z } from "zod";

/** A metadata value as Bedrock stores it: string, number, boolean or a list of strings. */
export type MetadataValue = string | number | boolean | string[] | null;

/** The leaf operators of Bedrock's `RetrievalFilter`. */
export const FILTER_OPERATORS = [
  "equals",
  "notEquals",
  "greaterThan",
  "greaterThanOrEquals",
  "lessThan",
  "lessThanOrEquals",
  "in",
  "notIn",
  "startsWith",
  "listContains",
  "stringContains",
] as const;
type Operator = (typeof FILTER_OPERATORS)[number];

/** Bedrock's `RetrievalFilter` union: one leaf operator, or `andAll` / `orAll` of at least two filters. */
export type RetrievalFilter =
  | { [K in Operator]: { [P in K]: { key: string; value: unknown } } }[Operator]
  | { andAll: RetrievalFilter[] }
  | { orAll: RetrievalFilter[] };

const OPERATORS = new Set<string>(FILTER_OPERATORS);
const COMBINATORS = new Set(["andAll", "orAll"]);

/** The first thing wrong with a filter, as `path: problem`, or undefined when it is well formed. */
function filterProblem(input: unknown, path: string): string | undefined {
  const at = (suffix: string) => (path ? `${path}.${suffix}` : suffix);
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return `${path || "filter"}: expected an object with one operator`;
  const keys = Object.keys(input);
  if (keys.length !== 1)
    return `${path || "filter"}: expected exactly one operator, got ${keys.length ? keys.join(", ") : "none"}`;
  const op = keys[0] as string;
  const operand = (input as Record<string, unknown>)[op];
  if (COMBINATORS.has(op)) {
    if (!Array.isArray(operand) || operand.length < 2)
      return `${at(op)}: expected a list of at least 2 filters`;
    for (const [index, part] of operand.entries()) {
      const problem = filterProblem(part, at(`${op}.${index}`));
      if (problem) return problem;
    }
    return undefined;
  }
  if (!OPERATORS.has(op))
    return `${at(op)}: unknown operator; expected one of ${FILTER_OPERATORS.join(", ")}, andAll, orAll`;
  if (typeof operand !== "object" || operand === null || Array.isArray(operand))
    return `${at(op)}: expected {"key": ..., "value": ...}`;
  const { key, value, ...extra } = operand as Record<string, unknown>;
  if (typeof key !== "string" || key.length < 1 || key.length > 100)
    return `${at(`${op}.key`)}: expected a string of 1-100 characters`;
  if (value === undefined) return `${at(`${op}.value`)}: required`;
  const unknown = Object.keys(extra);
  if (unknown.length) return `${at(`${op}.${unknown[0]}`)}: unknown field; expected key and value`;
  return undefined;
}

/**
 * Validates a `RetrievalFilter` exactly as the API shapes it (one member per object; ≥2 in combinators),
 * naming the path of the first problem (`andAll.1.equals.value: required`).
 */
export const RetrievalFilterSchema: z.ZodType<RetrievalFilter> = z.unknown().check((ctx) => {
  const problem = filterProblem(ctx.value, "");
  if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
}) as z.ZodType<RetrievalFilter>;

const equal = (a: unknown, b: unknown) =>
  typeof a === "number" || typeof b === "number" ? Number(a) === Number(b) && a !== "" && b !== "" : a === b;

function compare(actual: unknown, value: unknown): number | undefined {
  if (typeof actual !== "number" || typeof value !== "number") return undefined;
  return actual - value;
}

/**
 * Whether a chunk's metadata passes a filter, with Bedrock's semantics: `notEquals` and `notIn` are true
 * when the key is absent; numeric comparisons need numbers on both sides; `listContains` needs a list
 * attribute holding the value; `stringContains` matches a substring of a string or of any list member.
 */
export function matchesFilter(metadata: Readonly<Record<string, unknown>>, filter: RetrievalFilter): boolean {
  if ("andAll" in filter) return filter.andAll.every((part) => matchesFilter(metadata, part));
  if ("orAll" in filter) return filter.orAll.some((part) => matchesFilter(metadata, part));
  const [op, attribute] = Object.entries(filter)[0] as [Operator, { key: string; value: unknown }];
  const present = Object.hasOwn(metadata, attribute.key) && metadata[attribute.key] !== undefined;
  const actual = present ? metadata[attribute.key] : undefined;
  const { value } = attribute;
  switch (op) {
    case "equals":
      return present && equal(actual, value);
    case "notEquals":
      return !present || !equal(actual, value);
    case "greaterThan":
      return (compare(actual, value) ?? Number.NaN) > 0;
    case "greaterThanOrEquals":
      return (compare(actual, value) ?? Number.NaN) >= 0;
    case "lessThan":
      return (compare(actual, value) ?? Number.NaN) < 0;
    case "lessThanOrEquals":
      return (compare(actual, value) ?? Number.NaN) <= 0;
    case "in":
      return present && Array.isArray(value) && value.some((item) => equal(actual, item));
    case "notIn":
      return !present || !Array.isArray(value) || !value.some((item) => equal(actual, item));
    case "startsWith":
      return typeof actual === "string" && typeof value === "string" && actual.startsWith(value);
    case "listContains":
      return Array.isArray(actual) && actual.some((item) => equal(item, value));
    case "stringContains":
      if (typeof value !== "string") return false;
      if (typeof actual === "string") return actual.includes(value);
      return Array.isArray(actual) && actual.some((item) => typeof item === "string" && item.includes(value));
  }
}
