import { z } from "zod";
import { ConfigError } from "../config/config-error.ts";
import {
  complexPattern,
  SUPPORTED_FORMATS,
  schemaProblems,
  UNSUPPORTED_KEYWORDS,
} from "./json-schema-rules.ts";

type Schema = Record<string, unknown>;

/** A structured-output request: the schema results are validated with, and what Bedrock is sent. */
export interface OutputSpec<T = unknown> {
  schema: z.ZodType<T>;
  /** The schema in the subset Bedrock accepts; constraints it cannot take are in the descriptions. */
  jsonSchema: Schema;
  /** The name Bedrock sees (`jsonSchema.name`, or the fallback tool's name). */
  name: string;
}

/** What `output` may be: a zod schema, or a JSON Schema object (e.g. read from a file). */
export type OutputSchemaInput<T = unknown> = z.ZodType<T> | Schema;

const isZod = (value: unknown): value is z.ZodType =>
  typeof value === "object" &&
  value !== null &&
  "safeParse" in value &&
  typeof value.safeParse === "function";

/**
 * The output spec for a schema. The JSON Schema sent to Bedrock keeps what Bedrock's structured outputs
 * accept; other constraints (`minimum`, `maxLength`, ...) move into the description, where the model
 * reads them, and are enforced by validating the answer with the full schema. The root must be an object.
 */
export function outputSpec<T>(
  input: OutputSchemaInput<T>,
  name = "final_answer",
  source = "output",
): OutputSpec<T> {
  let schema: z.ZodType<T>;
  let json: Schema;
  if (isZod(input)) {
    schema = input as z.ZodType<T>;
    try {
      json = z.toJSONSchema(schema, { unrepresentable: "throw" }) as Schema;
    } catch (error) {
      throw new ConfigError(
        `${source}: the schema cannot be expressed as JSON Schema (${(error as Error).message})`,
      );
    }
  } else {
    json = structuredClone(input);
    try {
      schema = z.fromJSONSchema(json as never) as unknown as z.ZodType<T>;
    } catch (error) {
      throw new ConfigError(
        `${source}: not a JSON Schema Glassbox can validate with (${(error as Error).message})`,
      );
    }
  }
  const jsonSchema = shape(json);
  delete jsonSchema.$schema;
  if (jsonSchema.type !== "object")
    throw new ConfigError(
      `${source}: the root of an output schema must be an object (z.object({...})); wrap other types in one`,
    );
  const problem = schemaProblems(jsonSchema)[0];
  if (problem)
    throw new ConfigError(`${source}: ${problem.path}: ${problem.message} by Bedrock structured output`);
  return { schema, jsonSchema, name };
}

/** A copy of a schema node reshaped for Bedrock: unsupported constraints become description text. */
function shape(node: Schema): Schema {
  const out: Schema = {};
  const notes: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if ((UNSUPPORTED_KEYWORDS as readonly string[]).includes(key) && key !== "oneOf") {
      notes.push(`${key}: ${JSON.stringify(value)}`);
    } else if (key === "oneOf") {
      out.anyOf = (value as Schema[]).map(shape);
    } else if (key === "minItems" && typeof value === "number" && value > 1) {
      notes.push(`minItems: ${value}`);
      out.minItems = 1;
    } else if (key === "pattern" && typeof value === "string" && complexPattern(value)) {
      notes.push(`pattern: ${value}`);
    } else if (key === "format" && !(SUPPORTED_FORMATS as readonly string[]).includes(String(value))) {
      notes.push(`format: ${String(value)}`);
    } else if (key === "properties" || key === "$defs" || key === "definitions") {
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, shape(v as Schema)]));
    } else if (key === "items" && value && typeof value === "object" && !Array.isArray(value)) {
      out.items = shape(value as Schema);
    } else if ((key === "anyOf" || key === "allOf") && Array.isArray(value)) {
      out[key] = value.map((child) => shape(child as Schema));
    } else {
      out[key] = value;
    }
  }
  const types = Array.isArray(out.type) ? out.type : [out.type];
  if ((types.includes("object") || out.properties) && out.additionalProperties === undefined)
    out.additionalProperties = false;
  if (notes.length) {
    const note = `(${notes.join("; ")})`;
    out.description = typeof out.description === "string" ? `${out.description} ${note}` : note;
  }
  return out;
}
