import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, ToolDefinitionError, toToolSpec } from "../../src/tools/index.ts";

const input = z.object({ city: z.string().describe("City name"), days: z.number().int().default(1) });

describe("defineTool", () => {
  it("derives the JSON Schema the model sees and the Converse toolSpec", () => {
    const tool = defineTool({ name: "forecast", description: "Weather forecast", input, run: () => "sunny" });
    expect(tool.jsonSchema).toMatchObject({
      type: "object",
      properties: {
        city: { type: "string", description: "City name" },
        days: { type: "integer", default: 1 },
      },
      required: ["city"],
    });
    expect(tool.jsonSchema.$schema).toBeUndefined();
    expect(toToolSpec(tool).toolSpec).toEqual({
      name: "forecast",
      description: "Weather forecast",
      inputSchema: { json: tool.jsonSchema },
    });
  });

  it("rejects definitions Bedrock would refuse, naming the tool and the rule", () => {
    const run = () => null;
    expect(() => defineTool({ name: "bad name", description: "x", input, run })).toThrow(
      /tool "bad name": name must be 1-64/,
    );
    expect(() => defineTool({ name: "a".repeat(65), description: "x", input, run })).toThrow(
      ToolDefinitionError,
    );
    expect(() => defineTool({ name: "ok", description: " ", input, run })).toThrow(
      /description must be a non-empty/,
    );
    expect(() => defineTool({ name: "ok", description: "x", input: z.string() as never, run })).toThrow(
      /zod object schema/,
    );
    expect(() => defineTool({ name: "ok", description: "x", input, run, timeoutMs: -1 })).toThrow(
      /timeoutMs/,
    );
    expect(() =>
      defineTool({ name: "ok", description: "x", input: z.object({ when: z.date() }), run }),
    ).toThrow(/cannot be expressed as JSON Schema/);
  });
});
