import { ISO_DATE } from "./text.ts";

type Schema = Record<string, unknown>;

/** What the local model knows when it fills a JSON value: the question, its answer, the tool results. */
export interface AnswerFacts {
  question: string;
  /** The answer in words (without the disclosure line). */
  answer: string;
  /** Tool results since the question, parsed. */
  results: unknown[];
}

const TEXT_KEYS = /answer|summary|text|explanation|reason|description|message|response|detail|note|comment/i;

/** Every `key: value` pair in the tool results, depth first, for filling fields by name. */
function resultFields(results: unknown[]): Array<[string, unknown]> {
  const pairs: Array<[string, unknown]> = [];
  const walk = (value: unknown, key: string) => {
    if (Array.isArray(value)) for (const item of value) walk(item, key);
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, k);
    else pairs.push([key, value]);
  };
  for (const result of results) walk(result, "");
  return pairs;
}

const norm = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "");
const numbers = (text: string) =>
  [...text.replace(ISO_DATE, " ").matchAll(/-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?/g)].map((m) =>
    Number(m[0].replace(/,/g, "")),
  );

/**
 * A JSON value that matches a schema (the subset Bedrock's structured outputs accept), filled from what
 * the model knows: a field named like a tool-result field takes its value; numbers and dates come from
 * the results, then the answer; text fields get the answer; enums pick the value the answer names.
 * Deterministic, and valid for the schema by construction (as constrained decoding would make it).
 */
export function valueFor(
  schema: unknown,
  facts: AnswerFacts,
  key = "",
  root: Schema = schema as Schema,
): unknown {
  const node = (schema ?? {}) as Schema;
  if (typeof node.$ref === "string") {
    const name = node.$ref.replace(/^#\/(\$defs|definitions)\//, "");
    const defs = { ...((root.$defs as Schema) ?? {}), ...((root.definitions as Schema) ?? {}) };
    return valueFor(defs[name], facts, key, root);
  }
  if ("const" in node) return node.const;
  if (Array.isArray(node.anyOf)) {
    const options = node.anyOf as Schema[];
    return valueFor(options.find((option) => option.type !== "null") ?? options[0], facts, key, root);
  }
  if (Array.isArray(node.allOf))
    return valueFor(Object.assign({}, ...(node.allOf as Schema[])), facts, key, root);
  const types = (Array.isArray(node.type) ? node.type : [node.type]).filter((type) => type !== "null");
  const type = types[0] ?? (node.properties ? "object" : "string");
  const fields = resultFields(facts.results);
  const named = fields.find(([field]) => field && norm(field) === norm(key));
  const text = `${facts.answer} ${facts.question}`;
  if (Array.isArray(node.enum)) {
    const values = node.enum as unknown[];
    return (
      values.find((value) => typeof value === "string" && text.toLowerCase().includes(value.toLowerCase())) ??
      values[0]
    );
  }
  switch (type) {
    case "object": {
      const properties = (node.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(
        Object.entries(properties).map(([name, child]) => [name, valueFor(child, facts, name, root)]),
      );
    }
    case "array":
      return [valueFor(node.items, facts, key, root)];
    case "number":
    case "integer": {
      const found =
        (typeof named?.[1] === "number" ? named[1] : undefined) ??
        (fields.find(([, value]) => typeof value === "number")?.[1] as number | undefined) ??
        numbers(facts.answer)[0] ??
        numbers(facts.question)[0] ??
        0;
      return type === "integer" ? Math.round(found) : found;
    }
    case "boolean":
      return typeof named?.[1] === "boolean" ? named[1] : false;
    default: {
      if (node.format === "date" || node.format === "date-time") {
        const date = (text.match(ISO_DATE) ?? [])[0] ?? "1970-01-01";
        return node.format === "date" ? date.slice(0, 10) : date.length > 10 ? date : `${date}T00:00:00Z`;
      }
      if (named && !TEXT_KEYS.test(key)) return String(named[1]);
      return facts.answer || facts.question;
    }
  }
}
