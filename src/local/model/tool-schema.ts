import type { WireToolSpec } from "../model-contract.ts";
import { identifierWords } from "./words.ts";

/** The parts of a JSON Schema property the model reads. */
export interface SchemaProperty {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
  format?: string;
}

/** A tool's input schema as the model reads it: an object schema with named properties. */
export interface ObjectSchema {
  type?: string | string[];
  properties?: Record<string, SchemaProperty>;
  required?: string[];
}

/**
 * What kind of value a property takes, which decides how it is found in a clause: `enum` (one of its
 * string values), `date` (a string whose name, description or format says date), `number` (number or
 * integer), `boolean`, `text` (any other string: gets the clause itself) and `other` (arrays, objects:
 * never filled).
 */
export type PropertyKind = "enum" | "date" | "number" | "boolean" | "text" | "other";

/** One property of a tool's input, with what the filler needs to know about it. */
export interface PropertyInfo {
  name: string;
  property: SchemaProperty;
  required: boolean;
  kind: PropertyKind;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The tool's input schema, or an empty object schema when it has none or it is not an object. */
export function inputSchemaOf(tool: WireToolSpec): ObjectSchema {
  const json = (tool.inputSchema as { json?: unknown } | undefined)?.json;
  return isRecord(json) ? (json as ObjectSchema) : {};
}

/** The property's type, the first non-null one when it is a list (`["string", "null"]` → string). */
export function typeOf(property: SchemaProperty): string | undefined {
  return Array.isArray(property.type) ? property.type.find((type) => type !== "null") : property.type;
}

/** The string values of a property's `enum`. */
export function enumStrings(property: SchemaProperty): string[] {
  return Array.isArray(property.enum)
    ? property.enum.filter((value): value is string => typeof value === "string")
    : [];
}

const DATE_DESCRIPTION = /\b(?:dates?|yyyy-mm-dd|iso 8601)\b/i;

/** The kind of a property (see {@link PropertyKind}). */
export function propertyKind(name: string, property: SchemaProperty): PropertyKind {
  const type = typeOf(property);
  if (enumStrings(property).length) return "enum";
  if (type === "number" || type === "integer") return "number";
  if (type === "boolean") return "boolean";
  if (type !== undefined && type !== "string") return "other";
  const dateLike =
    property.format === "date" ||
    property.format === "date-time" ||
    identifierWords(name).includes("dat") ||
    DATE_DESCRIPTION.test(property.description ?? "");
  if (dateLike) return "date";
  return type === "string" ? "text" : "other";
}

/** The properties of a schema, required ones first (each group in schema order). */
export function schemaProperties(schema: ObjectSchema): PropertyInfo[] {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const infos = Object.entries(properties).map(([name, property]) => ({
    name,
    property: isRecord(property) ? property : {},
    required: required.has(name),
    kind: propertyKind(name, isRecord(property) ? property : {}),
  }));
  return [...infos.filter((info) => info.required), ...infos.filter((info) => !info.required)];
}

/** Whether any property of the schema takes a date. */
export function takesDates(schema: ObjectSchema): boolean {
  return schemaProperties(schema).some((info) => info.kind === "date");
}
