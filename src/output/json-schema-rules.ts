/**
 * The JSON Schema subset Bedrock's structured outputs accept (the "JSON Schema limitations" of the
 * Bedrock and Anthropic structured-output guides): basic types, enum, const, anyOf, allOf, local $ref /
 * $defs, required, `additionalProperties: false` on every object, a fixed list of string formats, and
 * `minItems` of 0 or 1. Not accepted: numeric bounds, string lengths, complex patterns, other array
 * bounds, recursive or external references. Shared by Glassbox (to shape schemas before sending) and
 * the local Bedrock (to refuse what Bedrock refuses).
 */

type Schema = Record<string, unknown>;

export const SUPPORTED_FORMATS = [
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "uri",
  "ipv4",
  "ipv6",
  "uuid",
] as const;

/** Keywords Bedrock refuses; Glassbox moves them into the description and checks them itself. */
export const UNSUPPORTED_KEYWORDS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
  "patternProperties",
  "propertyNames",
  "dependentRequired",
  "dependentSchemas",
  "contains",
  "not",
  "if",
  "then",
  "else",
  "oneOf",
  "prefixItems",
] as const;

/** A regular expression Bedrock cannot compile into its grammar: lookarounds and backreferences. */
export const complexPattern = (pattern: string) => /\(\?[=!<]|\\[1-9]|\\k</.test(pattern);

/** One reason a schema is refused, with the JSON path of the node. */
export interface SchemaProblem {
  path: string;
  message: string;
}

/**
 * Every reason Bedrock would refuse this schema, outermost first (empty when it is accepted).
 */
export function schemaProblems(schema: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) {
    return [{ path: "(root)", message: "the schema must be a JSON object" }];
  }
  const root = schema as Schema;
  const defs = { ...((root.$defs as Schema) ?? {}), ...((root.definitions as Schema) ?? {}) };
  const visit = (node: unknown, path: string, refs: string[]) => {
    if (typeof node === "boolean") return;
    if (!node || typeof node !== "object" || Array.isArray(node)) {
      problems.push({ path, message: "a schema must be an object" });
      return;
    }
    const n = node as Schema;
    for (const keyword of UNSUPPORTED_KEYWORDS) {
      if (keyword in n) problems.push({ path, message: `'${keyword}' is not supported` });
    }
    if (typeof n.pattern === "string" && complexPattern(n.pattern))
      problems.push({ path, message: "'pattern' with lookarounds or backreferences is not supported" });
    if (typeof n.format === "string" && !(SUPPORTED_FORMATS as readonly string[]).includes(n.format))
      problems.push({ path, message: `format '${n.format}' is not supported` });
    if (typeof n.minItems === "number" && n.minItems > 1)
      problems.push({ path, message: "'minItems' values other than 0 or 1 are not supported" });
    const types = Array.isArray(n.type) ? n.type : [n.type];
    if (types.includes("object") || (n.properties && !n.type)) {
      if (n.additionalProperties && typeof n.additionalProperties === "object")
        problems.push({ path, message: "'additionalProperties' schemas (maps) are not supported" });
      else if (n.additionalProperties !== false)
        problems.push({
          path,
          message: "For 'object' type, 'additionalProperties' must be explicitly set to false",
        });
    }
    if (typeof n.$ref === "string") {
      const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(n.$ref);
      if (!match) problems.push({ path, message: `external or non-local $ref '${n.$ref}' is not supported` });
      else if (refs.includes(n.$ref)) problems.push({ path, message: "recursive schemas are not supported" });
      else if (!((match[1] as string) in defs))
        problems.push({ path, message: `$ref '${n.$ref}' points at no definition` });
      else visit(defs[match[1] as string], `${path}.$ref`, [...refs, n.$ref]);
      return;
    }
    for (const [key, child] of Object.entries((n.properties as Schema) ?? {}))
      visit(child, `${path}.properties.${key}`, refs);
    if (n.items !== undefined) visit(n.items, `${path}.items`, refs);
    for (const keyword of ["anyOf", "allOf"] as const) {
      if (Array.isArray(n[keyword]))
        for (const [i, child] of (n[keyword] as unknown[]).entries())
          visit(child, `${path}.${keyword}.${i}`, refs);
    }
  };
  visit(root, "(root)", []);
  return problems;
}
