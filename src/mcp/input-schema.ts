import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { z } from "zod";

// One compiler per dialect: MCP's default is 2020-12; many servers still declare draft-07.
const draft2020 = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const draft07 = new Ajv({ strict: false, allErrors: true, validateFormats: false });

/** Why a tool's input schema cannot be used, or undefined when it can. */
export type SchemaCheck = { validate: ValidateFunction; problem?: undefined } | { problem: string };

/**
 * Compiles an MCP tool's `inputSchema`. It must be valid JSON Schema (checked against its dialect's
 * meta-schema) and describe an object, as Bedrock's `toolSpec.inputSchema.json` requires.
 */
export function compileInputSchema(schema: unknown): SchemaCheck {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema))
    return { problem: "inputSchema is not a JSON object" };
  const json = schema as Record<string, unknown>;
  if (json.type !== "object")
    return { problem: `inputSchema.type must be "object", got ${JSON.stringify(json.type)}` };
  const dialect = typeof json.$schema === "string" ? json.$schema : "";
  const ajv = /draft-0[467]/.test(dialect) ? draft07 : draft2020;
  if (dialect && !/draft-0[467]|2020-12/.test(dialect))
    return {
      problem: `inputSchema.$schema "${dialect}" is not a JSON Schema dialect Glassbox knows (2020-12, draft-07)`,
    };
  try {
    if (!ajv.validateSchema(json))
      return { problem: `not valid JSON Schema: ${ajv.errorsText(ajv.errors, { dataVar: "inputSchema" })}` };
    return { validate: ajv.compile(json) };
  } catch (error) {
    return { problem: `not valid JSON Schema: ${(error as Error).message}` };
  }
}

/**
 * A zod schema that accepts exactly what the compiled JSON Schema accepts, so the agent's tool runner
 * validates MCP arguments before each call and reports each problem with its path.
 */
export function zodFromValidator(validate: ValidateFunction): z.ZodType<Record<string, unknown>> {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    if (validate(value)) return;
    for (const error of validate.errors ?? []) {
      const path = error.instancePath.split("/").filter(Boolean);
      const property = (error.params as { missingProperty?: string }).missingProperty;
      ctx.addIssue({
        code: "custom",
        path: property ? [...path, property] : path,
        message: property ? "required" : (error.message ?? "invalid"),
      });
    }
  });
}

/** The schema as Bedrock receives it: without `$schema`, which Converse does not need. */
export function bedrockInputSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}
