/**
 * A form generated from a tool's JSON Schema (the `toolSpec.inputSchema.json` the model sees): one field
 * per property, typed inputs for strings, numbers, booleans and enums, a JSON box for anything nested.
 * Reading the form back validates every field against the schema, so a bad edit is refused with the
 * field named before the run resumes (the server checks again with the tool's own zod schema).
 */

/** The JSON Schema subset tool inputs use. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
}

/** How a field is edited. */
export type FieldKind = "text" | "number" | "integer" | "boolean" | "select" | "json";

/** One input of the form. */
export interface FormField {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  /** The choices of a `select`, as the JSON values they stand for. */
  options?: unknown[];
  schema: JsonSchema;
}

/** What the inputs hold: text for every kind but booleans (a text box of a number is still text). */
export type FormValues = Record<string, string | boolean>;

/** The fields of an object schema, in the schema's order. */
export function formFields(schema: JsonSchema): FormField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    kind: kindOf(property),
    required: required.has(name),
    ...(property.description ? { description: property.description } : {}),
    ...(property.enum ? { options: property.enum } : {}),
    schema: property,
  }));
}

function kindOf(schema: JsonSchema): FieldKind {
  if (schema.enum?.length) return "select";
  const type = primaryType(schema);
  if (type === "string") return "text";
  if (type === "number") return "number";
  if (type === "integer") return "integer";
  if (type === "boolean") return "boolean";
  return "json";
}

function primaryType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== "null");
  return schema.type;
}

/** The inputs' starting values: the current arguments of the call (or the schema's defaults). */
export function initialValues(fields: readonly FormField[], args: unknown): FormValues {
  const current = (args && typeof args === "object" ? args : {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const field of fields) {
    const value = field.name in current ? current[field.name] : field.schema.default;
    values[field.name] = toInput(field, value);
  }
  return values;
}

function toInput(field: FormField, value: unknown): string | boolean {
  if (field.kind === "boolean") return value === true;
  if (value === undefined) return "";
  if (field.kind === "select") return JSON.stringify(value);
  if (field.kind === "json") return JSON.stringify(value, null, 2);
  return String(value);
}

/** The arguments the form holds, or the problems with it, by field name. */
export type FormResult =
  | { ok: true; args: Record<string, unknown> }
  | { ok: false; errors: Record<string, string> };

/** Reads the form back into arguments, checking each field against its schema. */
export function readForm(fields: readonly FormField[], values: FormValues): FormResult {
  const args: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.name];
    const empty = raw === undefined || (typeof raw === "string" && raw.trim() === "");
    if (empty && field.kind !== "boolean") {
      if (field.required) errors[field.name] = "required";
      continue;
    }
    const parsed = parseInput(field, raw as string | boolean);
    if ("error" in parsed) {
      errors[field.name] = parsed.error;
      continue;
    }
    const problem = validate(parsed.value, field.schema);
    if (problem) errors[field.name] = problem;
    else args[field.name] = parsed.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, args };
}

function parseInput(field: FormField, raw: string | boolean): { value: unknown } | { error: string } {
  switch (field.kind) {
    case "boolean":
      return { value: raw === true };
    case "text":
      return { value: String(raw) };
    case "number":
    case "integer": {
      const value = Number(String(raw).trim());
      if (!Number.isFinite(value)) return { error: `expected a number, got "${raw}"` };
      return { value };
    }
    case "select":
    case "json":
      try {
        return { value: JSON.parse(String(raw)) as unknown };
      } catch {
        return field.kind === "select" ? { value: String(raw) } : { error: "not valid JSON" };
      }
  }
}

/** Checks a value against the schema subset; returns the first problem in words, or undefined. */
export function validate(value: unknown, schema: JsonSchema, path = ""): string | undefined {
  const at = (text: string) => (path ? `${path}: ${text}` : text);
  if (schema.anyOf) {
    return schema.anyOf.some((option) => validate(value, option) === undefined)
      ? undefined
      : at("matches none of the allowed shapes");
  }
  if (schema.enum && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value)))
    return at(`expected one of ${schema.enum.map((option) => JSON.stringify(option)).join(", ")}`);
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value))
    return at(`expected ${JSON.stringify(schema.const)}`);
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length && !types.some((type) => hasType(value, type)))
    return at(`expected ${types.join(" or ")}, got ${describeType(value)}`);
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) return at(`must be ≥ ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) return at(`must be ≤ ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      return at(`must be > ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      return at(`must be < ${schema.exclusiveMaximum}`);
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      return at(`must be at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      return at(`must be at most ${schema.maxLength} characters`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value))
      return at(`must match ${schema.pattern}`);
  }
  if (Array.isArray(value) && schema.items) {
    for (const [i, item] of value.entries()) {
      const problem = validate(item, schema.items, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  if (value && typeof value === "object" && !Array.isArray(value) && schema.properties) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? [])
      if (!(name in record)) return `${path ? `${path}.` : ""}${name}: required`;
    for (const [name, item] of Object.entries(record)) {
      const property = schema.properties[name];
      const where = path ? `${path}.${name}` : name;
      if (!property) {
        if (schema.additionalProperties === false) return `${where}: not a field of this tool`;
        continue;
      }
      const problem = validate(item, property, where);
      if (problem) return problem;
    }
  }
  return undefined;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return Boolean(value) && typeof value === "object" && !Array.isArray(value);
    default:
      return true;
  }
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && !Number.isInteger(value)) return `the number ${value}`;
  return typeof value === "string" ? `the text "${value}"` : `${typeof value} ${JSON.stringify(value)}`;
}
