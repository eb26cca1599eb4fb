import { describe, expect, it } from "vitest";
import {
  formFields,
  initialValues,
  type JsonSchema,
  readForm,
  validate,
} from "../../src/studio/shared/schema-form.ts";
import { builtinTools } from "../../tools/index.ts";

const schemaOf = (name: string) => builtinTools.find((tool) => tool.name === name)?.jsonSchema as JsonSchema;

describe("schema form", () => {
  it("makes one typed field per property of a tool's schema, pre-filled with the call's arguments", () => {
    const fields = formFields(schemaOf("date_add"));
    expect(fields.map((field) => [field.name, field.kind, field.required])).toEqual([
      ["date", "text", true],
      ["amount", "number", true],
      ["unit", "select", true],
    ]);
    expect(fields[2]?.options).toContain("weeks");
    expect(initialValues(fields, { date: "2026-03-01", amount: 3, unit: "weeks" })).toEqual({
      date: "2026-03-01",
      amount: "3",
      unit: '"weeks"',
    });
  });

  it("reads the form back into typed arguments that the tool's own schema accepts", () => {
    const fields = formFields(schemaOf("date_add"));
    const result = readForm(fields, { date: "2026-03-01", amount: " -2 ", unit: '"days"' });
    expect(result).toEqual({ ok: true, args: { date: "2026-03-01", amount: -2, unit: "days" } });
    const tool = builtinTools.find((t) => t.name === "date_add");
    expect(tool?.input.safeParse(result.ok ? result.args : {}).success).toBe(true);
  });

  it("names each field that is wrong: missing, not a number, not one of the choices", () => {
    const fields = formFields(schemaOf("date_add"));
    expect(readForm(fields, { date: "", amount: "three", unit: '"fortnights"' })).toEqual({
      ok: false,
      errors: {
        date: "required",
        amount: 'expected a number, got "three"',
        unit: expect.stringContaining('expected one of "days", "weeks"'),
      },
    });
  });

  it("uses defaults for fields the call left out, and JSON boxes for nested values", () => {
    const fields = formFields(schemaOf("date_diff"));
    expect(initialValues(fields, { from: "2026-01-01", to: "2026-02-01" }).unit).toBe('"days"');
    const nested: JsonSchema = {
      type: "object",
      properties: {
        filter: {
          type: "object",
          properties: { year: { type: "integer", minimum: 2000 } },
          required: ["year"],
        },
        flag: { type: "boolean" },
      },
      required: ["filter"],
    };
    const nestedFields = formFields(nested);
    expect(nestedFields.map((field) => field.kind)).toEqual(["json", "boolean"]);
    expect(readForm(nestedFields, { filter: '{"year": 1999}', flag: true })).toEqual({
      ok: false,
      errors: { filter: "year: must be ≥ 2000" },
    });
    expect(readForm(nestedFields, { filter: "{not json", flag: false })).toEqual({
      ok: false,
      errors: { filter: "not valid JSON" },
    });
    expect(readForm(nestedFields, { filter: '{"year": 2024}', flag: false })).toEqual({
      ok: true,
      args: { filter: { year: 2024 }, flag: false },
    });
  });

  it("validates integers, lengths, patterns and unknown fields", () => {
    expect(validate(1.5, { type: "integer" })).toBe("expected integer, got the number 1.5");
    expect(validate("ab", { type: "string", minLength: 3 })).toBe("must be at least 3 characters");
    expect(validate("A-12", { type: "string", pattern: "^[A-Z]-\\d{4}$" })).toBe("must match ^[A-Z]-\\d{4}$");
    expect(validate({ x: 1 }, { type: "object", properties: {}, additionalProperties: false })).toBe(
      "x: not a field of this tool",
    );
    expect(validate(["a", 2], { type: "array", items: { type: "string" } })).toBe(
      "[1]: expected string, got number 2",
    );
  });
});
