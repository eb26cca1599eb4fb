import { z } from "zod";

/** A metadata value as Bedrock stores it: string, number, boolean or a list of strings. */
export type MetadataValue = string | number | boolean | string[] | null;

const FilterAttribute = z.object({ key: z.string().min(1).max(100), value: z.unknown() }).strict();

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

/** Validates a `RetrievalFilter` exactly as the API shapes it (one member per object; ≥2 in combinators). */
export const RetrievalFilterSchema: z.ZodType<RetrievalFilter> = z.lazy(() =>
  z.union([
    ...FILTER_OPERATORS.map((op) => z.object({ [op]: FilterAttribute }).strict()),
    z.object({ andAll: z.array(RetrievalFilterSchema).min(2, "andAll needs at least 2 filters") }).strict(),
    z.object({ orAll: z.array(RetrievalFilterSchema).min(2, "orAll needs at least 2 filters") }).strict(),
  ] as unknown as [z.ZodType<RetrievalFilter>, z.ZodType<RetrievalFilter>]),
);

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
