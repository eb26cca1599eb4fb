import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent, StructuredOutputError } from "../../src/index.ts";
import { outputSpec } from "../../src/output/output-spec.ts";
import { builtinTools } from "../../tools/index.ts";
import { converseBodies, localBedrock, localModel } from "../helpers/local-bedrock.ts";

const NATIVE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const TOOL_MODE = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";

const Calculation = z.object({
  result: z.number().describe("the value"),
  explanation: z.string().describe("one sentence"),
});

type Body = {
  outputConfig?: { textFormat: { structure: { jsonSchema: { schema: string } } } };
  toolConfig?: { tools: Array<{ toolSpec?: { name: string } }>; toolChoice?: unknown };
  messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
};

describe("structured output (real SDK, local Bedrock)", () => {
  it("answers with a typed value through outputConfig, without tools", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server, { modelId: NATIVE, streaming: false }),
      output: z.object({ answer: z.string(), greeting: z.boolean() }),
    });
    const result = await agent.invoke("Hello there");
    expect(result.outcome).toBe("answered");
    expect(result.output).toEqual({
      answer: expect.stringContaining("Glassbox's local model"),
      greeting: false,
    });
    const output: { answer: string; greeting: boolean } | undefined = result.output;
    expect(typeof output?.answer).toBe("string");
    const [body] = converseBodies(server, "Converse") as Body[];
    const schema = JSON.parse(body?.outputConfig?.textFormat.structure.jsonSchema.schema ?? "{}");
    expect(schema).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["answer", "greeting"],
    });
    expect(JSON.parse(result.answer)).toEqual(result.output);
  });

  it("works together with ordinary tools in the same run (native)", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server, { modelId: NATIVE }),
      tools: builtinTools,
      output: Calculation,
    });
    const result = await agent.invoke("What is 17% of 2,340 plus 12?");
    expect(result.outcome).toBe("answered");
    expect(result.output?.result).toBeCloseTo(409.8);
    expect(result.output?.explanation).toContain("409.8");
    expect(result.steps.map((step) => step.kind)).toEqual(["thought", "action", "observation", "thought"]);
    for (const body of converseBodies(server, "ConverseStream") as Body[])
      expect(body.outputConfig).toBeDefined();
  });

  it("uses a final tool on a model without native structured output, forcing it after a text answer", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server, { modelId: TOOL_MODE, streaming: false }),
      tools: builtinTools,
      output: Calculation,
    });
    const result = await agent.invoke("What is 6 times 7?");
    expect(result.outcome).toBe("answered");
    expect(result.output).toEqual({ result: 42, explanation: expect.stringContaining("42") });
    const bodies = converseBodies(server, "Converse") as Body[];
    expect(bodies.every((body) => body.outputConfig === undefined)).toBe(true);
    expect(bodies[0]?.toolConfig?.tools.map((tool) => tool.toolSpec?.name)).toContain("final_answer");
    expect(bodies.at(-1)?.toolConfig?.toolChoice).toEqual({ tool: { name: "final_answer" } });
    // The thread keeps no unanswered tool call: the last message is the answer as JSON text.
    expect(JSON.parse(result.answer)).toEqual(result.output);
  });

  it("feeds a first invalid answer back to the model, which corrects it", async () => {
    const server = await localBedrock({
      script: [
        { text: '{"result": "forty-two", "explanation": "six sevens"}' },
        { text: '{"result": 42, "explanation": "six sevens"}' },
      ],
    });
    const agent = createAgent({
      model: localModel(server, { modelId: NATIVE, streaming: false }),
      output: Calculation,
    });
    const result = await agent.invoke("What is 6 times 7?");
    expect(result.output).toEqual({ result: 42, explanation: "six sevens" });
    expect(result.steps.filter((step) => step.kind === "thought")).toHaveLength(2);
    const second = (converseBodies(server, "Converse") as Body[])[1];
    const feedback = JSON.stringify(second?.messages.at(-1));
    expect(feedback).toContain("does not match the required output schema");
    expect(feedback).toContain("result: Invalid input: expected number, received string");
  });

  it("gives up with a StructuredOutputError holding the last attempt after two corrections", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server, { modelId: NATIVE, streaming: false }),
      tools: builtinTools,
      output: z.object({ result: z.number().max(100), explanation: z.string() }),
    });
    const error = await agent.invoke("What is 17% of 2,340 plus 12?").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StructuredOutputError);
    const failure = error as StructuredOutputError;
    expect(failure.code).toBe("STRUCTURED_OUTPUT_INVALID");
    expect(failure.attempts).toBe(3);
    expect(JSON.parse(failure.lastAttempt).result).toBeCloseTo(409.8);
    expect(failure.issues[0]).toMatch(/^result: Too big/);
    // Bedrock never saw the bound it cannot enforce; the model read it in the description.
    const schema = JSON.parse(
      (converseBodies(server, "Converse")[0] as Body).outputConfig?.textFormat.structure.jsonSchema.schema ??
        "",
    );
    expect(schema.properties.result).toEqual({ type: "number", description: "(maximum: 100)" });
  });

  it("takes a per-run schema over the agent's", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server, { modelId: NATIVE, streaming: false }),
      tools: builtinTools,
    });
    const result = await agent.invoke("What is 6 times 7?", { output: Calculation });
    expect(result.output?.result).toBe(42);
    const plain = await agent.invoke("What is 6 times 7?");
    expect(plain.output).toBeUndefined();
  });
});

describe("the local Bedrock's outputConfig rules", () => {
  const client = (url: string) =>
    new BedrockRuntimeClient({
      region: "us-east-1",
      endpoint: url,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler(),
    });
  const ask = (modelId: string, schema: unknown) =>
    new ConverseCommand({
      modelId,
      messages: [{ role: "user", content: [{ text: "Hello" }] }],
      outputConfig: {
        textFormat: { type: "json_schema", structure: { jsonSchema: { schema: JSON.stringify(schema) } } },
      },
    });
  const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    type: "object",
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
    ...extra,
  });

  it.each([
    ["a numeric bound", object({ n: { type: "number", minimum: 1 } }), "'minimum' is not supported"],
    ["a string length", object({ s: { type: "string", maxLength: 3 } }), "'maxLength' is not supported"],
    [
      "an open object",
      { type: "object", properties: { s: { type: "string" } } },
      "'additionalProperties' must be explicitly set to false",
    ],
    [
      "a recursive schema",
      object(
        { node: { $ref: "#/$defs/node" } },
        { $defs: { node: object({ next: { $ref: "#/$defs/node" } }) } },
      ),
      "recursive schemas are not supported",
    ],
    [
      "an unsupported format",
      object({ s: { type: "string", format: "credit-card" } }),
      "format 'credit-card' is not supported",
    ],
  ])("refuses %s as Bedrock does", async (_name, schema, message) => {
    const server = await localBedrock();
    await expect(client(server.url).send(ask(NATIVE, schema))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(message),
    });
  });

  it("answers schema-valid JSON, and refuses outputConfig on a model without structured output", async () => {
    const server = await localBedrock();
    const schema = object({ mood: { type: "string", enum: ["calm", "busy"] }, count: { type: "integer" } });
    const response = await client(server.url).send(ask(NATIVE, schema));
    const value = JSON.parse(response.output?.message?.content?.[0]?.text ?? "");
    expect(outputSpec(schema).schema.safeParse(value).success).toBe(true);
    await expect(client(server.url).send(ask(TOOL_MODE, schema))).rejects.toMatchObject({
      message: "This model doesn't support the outputConfig.textFormat field. Remove it and try again.",
    });
  });
});

describe("output schemas", () => {
  it("keeps what Bedrock takes and moves other constraints into the description", () => {
    const spec = outputSpec(
      z.object({ n: z.number().int().min(1).max(9), tags: z.array(z.string()).min(3), when: z.iso.date() }),
    );
    expect(spec.jsonSchema).toMatchObject({
      additionalProperties: false,
      properties: {
        n: { type: "integer", description: expect.stringContaining("minimum: 1") },
        tags: { type: "array", minItems: 1, description: "(minItems: 3)" },
        when: { type: "string", format: "date" },
      },
    });
    expect(spec.schema.safeParse({ n: 0, tags: ["a", "b", "c"], when: "2026-01-01" }).success).toBe(false);
  });

  it("refuses schemas Bedrock cannot take at all, naming the problem", () => {
    expect(() => outputSpec(z.object({ map: z.record(z.string(), z.number()) }))).toThrow(
      /maps\) are not supported/,
    );
    expect(() => outputSpec(z.string())).toThrow(/root of an output schema must be an object/);
  });
});
