import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  actionGroupToolNaming,
  managedTrajectory,
  operationIdsFromOpenApi,
  parseRecording,
  readRecording,
} from "../../src/bedrock-agents/index.ts";
import { decodeBlob } from "../../src/bedrock-agents/managed-trace.ts";

const TRACES = join(import.meta.dirname, "fixtures/managed-traces");
const trace = (name: string) => join(TRACES, name);

describe("reading recorded InvokeAgent streams", () => {
  it("reads the JS SDK shape: Uint8Array chunk bytes, one OrchestrationTrace member per event", async () => {
    const recording = await readRecording(trace("feature-request.json"));
    expect(recording).toMatchObject({
      inputText: 'my name is "Sam"',
      sessionId: "39378314145751",
      agentId: "UIKB1FSSO6",
    });
    const managed = managedTrajectory(recording);
    expect(managed.steps.map((step) => step.kind)).toEqual([
      "preprocessing",
      "rationale",
      "action",
      "observation",
      "rationale",
      "observation",
    ]);
    expect(managed.steps[2]).toMatchObject({
      kind: "action",
      actionGroup: "manage-feature-request",
      apiPath: "/createFeatureRequest",
      httpMethod: "POST",
      tool: "post__manage-feature-request__createFeatureRequest",
    });
    expect(managed.toolCalls).toEqual([
      {
        tool: "post__manage-feature-request__createFeatureRequest",
        args: {
          featureRequestName: "Add a dropdown menu",
          customerName: "Sam",
          featureRequestDescription: "I want the dropdown menu to show all available option",
        },
      },
    ]);
    expect(managed.steps[3]).toEqual({
      kind: "observation",
      source: "action_group",
      text: '{"featureRequestID": "Created request random feature request id 859!"}',
    });
    // The chunks (decoded from the serialized Uint8Array) are the answer; they equal the final response.
    const final = managed.steps[5] as { text: string };
    expect(managed.answer).toBe(final.text);
    expect(managed.answer).toMatch(/^I have created a new feature request for you/);
    expect(managed.failure).toBeUndefined();
  });

  it("reads boto3's JSONL: Python bytes literals, token usage, files, the question from the caller", async () => {
    const question = "2021年の四半期ごとの売上を製品別に分析して";
    const managed = managedTrajectory(await readRecording(trace("sales-tables.jsonl"), { question }));
    expect(managed.question).toBe(question);
    expect(managed.sessionId).toBe("****");
    expect(managed.toolCalls).toEqual([
      { tool: "get__SalesDataAnalysisTools__get_tables", args: { database: "software_sales" } },
    ]);
    expect(managed.usage).toEqual({ inputTokens: 1601, outputTokens: 108 });
    expect(managed.steps.find((step) => step.kind === "files")).toEqual({
      kind: "files",
      names: ["quarterly_revenue_2021.png"],
    });
    const final = managed.steps.findLast((step) => step.kind === "observation") as { text: string };
    expect(managed.answer).toBe(final.text);
    expect(managed.answer).toMatch(/^2021年の四半期ごとの製品別売上分析結果/);
  });

  it("extracts knowledge-base lookups with their S3 references, and base64 chunks", async () => {
    const managed = managedTrajectory(await readRecording(trace("insurance-kb.json")));
    expect(managed.knowledgeBaseQueries).toEqual([
      { knowledgeBaseId: "KBID123456", query: "What is the phone number I can call?" },
    ]);
    expect(managed.toolCalls).toEqual([]);
    expect(managed.steps[2]).toEqual({
      kind: "observation",
      source: "knowledge_base",
      text: "1 reference",
      references: [
        {
          text: "For claims questions call 1-800-123-4567.",
          uri: "s3://amzn-s3-demo-bucket/insurance/contact.pdf",
        },
      ],
    });
    expect(managed.answer).toBe("You can call 1-800-123-4567 for claims questions.");
  });

  it("turns a return of control into tool calls, from a bare events array with the question", async () => {
    await expect(readRecording(trace("return-control.json"))).rejects.toThrow(
      /a bare list of events does not say the question: pass --question/,
    );
    const managed = managedTrajectory(
      await readRecording(trace("return-control.json"), { question: "Weather in Seattle on 2024-09-15?" }),
    );
    expect(managed.steps).toEqual([
      {
        kind: "return_control",
        invocationId: "79e0feaa-c6f7-49bf-814d-b7c498505172",
        tools: ["WeatherAPIs__getWeather"],
      },
    ]);
    expect(managed.toolCalls).toEqual([
      { tool: "WeatherAPIs__getWeather", args: { location: "seattle", date: "2024-09-15" } },
    ]);
    expect(managed.answer).toBe("");
  });

  it("shows a failure trace as a failed run instead of throwing", async () => {
    const managed = managedTrajectory(await readRecording(trace("failure.json")));
    expect(managed.failure).toEqual({
      reason:
        "The server encountered an error processing the Lambda response. Check the Lambda response and retry the request",
    });
    expect(managed.steps.map((step) => step.kind)).toEqual(["action", "failure"]);
    expect(managed.toolCalls.map((call) => call.tool)).toEqual(["orders__getOrderStatus"]);
  });

  it("records a guardrail intervention and the policies that fired", async () => {
    const managed = managedTrajectory(await readRecording(trace("guardrail.json")));
    expect(managed.guardrailIntervened).toBe(true);
    expect(managed.steps).toEqual([{ kind: "guardrail", action: "INTERVENED", policies: ["topicPolicy"] }]);
    expect(managed.answer).toBe("Sorry, the model cannot answer this question.");
  });

  it("keeps code-interpreter and custom-orchestration steps (shown, not compared as tool calls)", () => {
    const managed = managedTrajectory(
      parseRecording(
        JSON.stringify({
          inputText: "plot it",
          events: [
            {
              trace: {
                trace: {
                  orchestrationTrace: {
                    invocationInput: { codeInterpreterInvocationInput: { code: "print(1)" } },
                  },
                },
              },
            },
            { trace: { trace: { customOrchestrationTrace: { event: { text: "planner step" } } } } },
          ],
        }),
      ),
    );
    expect(managed.steps).toEqual([
      { kind: "code", code: "print(1)" },
      { kind: "custom_orchestration", text: "planner step" },
    ]);
    expect(managed.toolCalls).toEqual([]);
  });

  it("a stream exception event is a failure too", () => {
    const managed = managedTrajectory(
      parseRecording(
        JSON.stringify({
          inputText: "hi",
          events: [{ throttlingException: { message: "Your request rate is too high." } }],
        }),
      ),
    );
    expect(managed.failure).toEqual({ reason: "throttlingException: Your request rate is too high." });
  });
});

describe("bytes in every serialized form", () => {
  it("decodes base64, a serialized Uint8Array, a byte array and a Python bytes literal alike", () => {
    const text = "Näh 859!";
    const bytes = [...Buffer.from(text)];
    expect(decodeBlob(Buffer.from(text).toString("base64"))).toBe(text);
    expect(decodeBlob(Object.fromEntries(bytes.map((b, i) => [String(i), b])))).toBe(text);
    expect(decodeBlob(bytes)).toBe(text);
    expect(decodeBlob("b'N\\xc3\\xa4h 859!'")).toBe(text);
    expect(decodeBlob('b"it\'s\\n"')).toBe("it's\n");
    expect(() => decodeBlob("not base64!")).toThrow(/expected base64 text/);
  });
});

describe("naming managed operations as Glassbox tools", () => {
  it("uses operationIds from the OpenAPI schema, else the path; functions by name; declared types applied", () => {
    const ids = operationIdsFromOpenApi("orders", {
      openapi: "3.0.0",
      paths: { "/orders/{orderId}": { get: { operationId: "getOrder" } }, "/orders": { post: {} } },
    });
    expect(ids).toEqual({ "orders GET /orders/{orderId}": "getOrder" });
    const naming = actionGroupToolNaming(ids);
    expect(naming({ actionGroup: "orders", apiPath: "/orders/{orderId}", httpMethod: "GET" })).toBe(
      "get__orders__getOrder",
    );
    expect(naming({ actionGroup: "orders", apiPath: "/orders/{orderId}/items", httpMethod: "GET" })).toBe(
      "get__orders__orders_orderId_items",
    );
    expect(naming({ actionGroup: "billing", function: "refund" })).toBe("billing__refund");

    const managed = managedTrajectory(
      parseRecording(
        JSON.stringify({
          inputText: "refund 2 items",
          events: [
            {
              trace: {
                trace: {
                  orchestrationTrace: {
                    invocationInput: {
                      actionGroupInvocationInput: {
                        actionGroupName: "orders",
                        apiPath: "/orders/{orderId}",
                        verb: "get",
                        parameters: [
                          { name: "orderId", type: "string", value: "A-1" },
                          { name: "count", type: "integer", value: "2" },
                          { name: "express", type: "boolean", value: "true" },
                        ],
                        requestBody: {
                          content: {
                            "application/json": [{ name: "tags", type: "array", value: '["a","b"]' }],
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          ],
        }),
      ),
      { toolNaming: naming },
    );
    expect(managed.toolCalls).toEqual([
      { tool: "get__orders__getOrder", args: { orderId: "A-1", count: 2, express: true, tags: ["a", "b"] } },
    ]);
  });
});

describe("bad recordings", () => {
  const event = (orchestrationTrace: unknown) => ({ trace: { trace: { orchestrationTrace } } });

  it("names the event index and the field that is wrong", () => {
    const text = JSON.stringify({
      inputText: "q",
      events: [
        { chunk: { bytes: "aGk=" } },
        event({ invocationInput: { actionGroupInvocationInput: { apiPath: "/x", verb: "get" } } }),
      ],
    });
    expect(() => parseRecording(text, "rec.json")).toThrow(
      /^rec\.json: events\[1\]\.trace\.trace\.orchestrationTrace\.invocationInput\.actionGroupInvocationInput\.actionGroupName: /,
    );
  });

  it("says what an InvokeAgent event is when given something else", () => {
    const text = JSON.stringify({
      inputText: "q",
      events: [{ chunk: { bytes: "aGk=" } }, { message: "hello" }],
    });
    expect(() => parseRecording(text, "rec.json")).toThrow(
      'rec.json: events[1]: not an InvokeAgent stream event: expected exactly one of chunk, trace, returnControl, files (or a stream exception), got "message"',
    );
    // The console's merged Trace object, pasted as is, gets a hint on how to wrap it.
    expect(() =>
      parseRecording(JSON.stringify([{ orchestrationTrace: { rationale: { text: "x" } } }]), "c.json", {
        question: "q",
      }),
    ).toThrow(
      /c\.json: events\[0\]: .*bare Trace object.*\{"trace": \{"trace": \{"orchestrationTrace": \.\.\.\}\}\}/,
    );
  });

  it("names the event whose chunk bytes cannot be decoded", () => {
    const text = JSON.stringify({ inputText: "q", events: [{ chunk: { bytes: "hello there" } }] });
    expect(() => parseRecording(text, "rec.json")).toThrow(
      /^rec\.json: events\[0\]\.chunk\.bytes: expected base64 text, a serialized Uint8Array/,
    );
  });

  it("names the line of a JSONL recording, and the recording's own fields", () => {
    const jsonl = `${JSON.stringify({ chunk: { bytes: "aGk=" } })}\n\n{not json\n`;
    expect(() => parseRecording(jsonl, "rec.jsonl", { question: "q" })).toThrow(
      /^rec\.jsonl:3: not valid JSON/,
    );
    const wrongType = `${JSON.stringify(event({ rationale: { text: 7 } }))}\n`;
    expect(() => parseRecording(wrongType, "rec.jsonl", { question: "q" })).toThrow(
      /^rec\.jsonl:1\.trace\.trace\.orchestrationTrace\.rationale\.text: /,
    );
    expect(() => parseRecording(JSON.stringify({ question: "q", events: [] }), "rec.json")).toThrow(
      /^rec\.json: (inputText|question|events)/,
    );
  });
});
