import { ISO_DATE, stripQuestion } from "./text.ts";

/** The parts of a JSON Schema property the filler reads. */
interface Property {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
}

export interface ObjectSchema {
  properties?: Record<string, Property>;
  required?: string[];
}

/** Where a value was found in the clause, so values can be taken in order of appearance. */
interface Found<T> {
  value: T;
  at: number;
}

const RELATIVE_DAYS = /\b(today|tomorrow|yesterday)\b/gi;
const BACKWARDS = /\b(before|ago|earlier|back|prior|minus|subtract)\b/i;

/** ISO dates, else today/tomorrow/yesterday, in order of appearance. */
function findDates(clause: string): Found<string>[] {
  const iso = [...clause.matchAll(ISO_DATE)].map((match) => ({ value: match[0], at: match.index ?? 0 }));
  if (iso.length) return iso;
  return [...clause.matchAll(RELATIVE_DAYS)].map((match) => ({
    value: match[0].toLowerCase(),
    at: match.index ?? 0,
  }));
}

/** Numbers outside dates, thousands separators folded ("2,340" → 2340). */
function findNumbers(clause: string): Found<number>[] {
  const masked = clause.replace(ISO_DATE, (date) => " ".repeat(date.length));
  return [...masked.matchAll(/-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?/g)].map((match) => ({
    value: Number(match[0].replace(/,/g, "")),
    at: match.index ?? 0,
  }));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * Enum values named in the clause, longest spelling first and without overlaps, in the order the tool
 * wants them: order of appearance, except that the value asked for ("how many kg is 12 lb") goes last.
 * Spellings of one or two characters ("in", "m", "B") count only right after a number ("5 km") or after
 * to/in/into/many/much ("to MB"), so ordinary words are not units.
 */
export function findEnumValues(clause: string, values: string[]): Found<string>[] {
  const taken: Array<[number, number]> = [];
  const found: Found<string>[] = [];
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    const short = value.length <= 2;
    const pattern = short
      ? new RegExp(
          `(?:(?<=\\d\\s?)|(?<=\\b(?:to|into|in|many|much)\\s))${escapeRegExp(value)}(?![a-z0-9])`,
          "g",
        )
      : new RegExp(`(?<![a-z0-9])${escapeRegExp(value)}(?![a-z0-9])`, "gi");
    for (const match of clause.matchAll(pattern)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      const asked = /\bhow\s+(?:many|much)\s+$/i.test(clause.slice(0, start));
      found.push({ value, at: asked ? clause.length + start : start });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

const typeOf = (property: Property) => (Array.isArray(property.type) ? property.type[0] : property.type);
const isDateLike = (name: string, property: Property) =>
  typeOf(property) === "string" && /date/i.test(`${name} ${property.description ?? ""}`);

/**
 * Fills a tool's input from its JSON Schema and one clause of the question: enum values, dates and
 * numbers in order of appearance; free strings get the clause itself. Optional properties are set only
 * when something was found for them.
 */
export function fillArguments(schema: ObjectSchema, clause: string): Record<string, unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const names = Object.keys(properties).sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
  const input: Record<string, unknown> = {};
  const dates = findDates(clause);
  const numbers = findNumbers(clause);
  const enumQueues = new Map<string, Found<string>[]>();

  for (const name of names) {
    const property = properties[name] as Property;
    const isRequired = required.has(name);
    let value: unknown;
    if (Array.isArray(property.enum)) {
      const key = JSON.stringify(property.enum);
      if (!enumQueues.has(key)) {
        enumQueues.set(
          key,
          findEnumValues(
            clause,
            property.enum.filter((v): v is string => typeof v === "string"),
          ),
        );
      }
      value = enumQueues.get(key)?.shift()?.value;
    } else if (isDateLike(name, property)) {
      value = dates.shift()?.value;
    } else if (typeOf(property) === "number" || typeOf(property) === "integer") {
      const number = numbers.shift()?.value;
      if (number !== undefined) {
        const negate = /negative/i.test(property.description ?? "") && BACKWARDS.test(clause) && number > 0;
        value = negate ? -number : number;
      }
    } else if (typeOf(property) === "boolean") {
      value = new RegExp(`\\b${escapeRegExp(name.replace(/[_-]/g, " "))}\\b`, "i").test(clause)
        ? true
        : undefined;
    } else if (typeOf(property) === "string" && isRequired) {
      value = stripQuestion(clause);
    }
    if (value === undefined && property.default !== undefined && isRequired) value = property.default;
    if (value !== undefined) input[name] = value;
  }
  return input;
}
