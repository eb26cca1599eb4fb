import { describe, expect, it } from "vitest";
import { createFrameSplitter } from "../../../src/local/cassette/frame-splitter.ts";
import { keyDifference } from "../../../src/local/cassette/key-difference.ts";
import { recordedBodyBytes, toRecordedBody } from "../../../src/local/cassette/recorded-body.ts";
import { recordedRequestOf } from "../../../src/local/cassette/recorded-request.ts";
import { keyOf, keyText } from "../../../src/local/cassette/request-key.ts";
import { encodeEvent } from "../../../src/local/event-stream.ts";
import { classifyRequest } from "../../../src/local/index.ts";

const request = (body: unknown, headers: Record<string, string> = {}) =>
  recordedRequestOf({
    kind: classifyRequest("POST", "/model/m/converse"),
    method: "POST",
    path: "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse",
    headers: { "content-type": "application/json", ...headers },
    body: Buffer.from(JSON.stringify(body)),
  });

describe("cassette keys", () => {
  it("tells the services apart by path, as the service models define them", () => {
    expect(classifyRequest("POST", "/model/x/converse-stream")).toEqual({
      service: "bedrock-runtime",
      operation: "ConverseStream",
    });
    expect(classifyRequest("POST", "/model/x/invoke-with-response-stream").operation).toBe(
      "InvokeModelWithResponseStream",
    );
    expect(classifyRequest("POST", "/knowledgebases/KB1/retrieve")).toEqual({
      service: "bedrock-agent-runtime",
      operation: "Retrieve",
    });
    expect(classifyRequest("GET", "/knowledgebases/KB1")).toEqual({
      service: "bedrock-agent",
      operation: "GetKnowledgeBase",
    });
    expect(classifyRequest("POST", "/knowledgebases/")).toEqual({
      service: "bedrock-agent",
      operation: "ListKnowledgeBases",
    });
    // Literal paths win over parameters: ListAgents, not InvokeInlineAgent with sessionId "".
    expect(classifyRequest("POST", "/agents/")).toEqual({
      service: "bedrock-agent",
      operation: "ListAgents",
    });
    expect(classifyRequest("POST", "/agents/session-1")).toEqual({
      service: "bedrock-agent-runtime",
      operation: "InvokeInlineAgent",
    });
    expect(classifyRequest("GET", "/foundation-models")).toEqual({
      service: "bedrock",
      operation: "ListFoundationModels",
    });
    expect(classifyRequest("POST", "/nope")).toEqual({ service: "unknown", operation: "Unknown" });
  });

  it("ignores key order, requestMetadata values, idempotency tokens and per-attempt headers; not the rest", () => {
    const base = {
      messages: [{ role: "user", content: [{ text: "hi" }] }],
      inferenceConfig: { temperature: 0.5, maxTokens: 10 },
    };
    const a = request(
      { ...base, requestMetadata: { team: "a" }, clientRequestToken: "t-1" },
      { "amz-sdk-invocation-id": "1", authorization: "AWS4 x" },
    );
    const b = request(
      {
        clientRequestToken: "t-2",
        inferenceConfig: { maxTokens: 10, temperature: 0.5 },
        requestMetadata: { team: "b" },
        messages: base.messages,
      },
      { "amz-sdk-invocation-id": "2", authorization: "AWS4 y" },
    );
    expect(a.path).toBe("/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/converse");
    expect(keyText(a)).toBe(keyText(b));
    const other = request({ ...base, requestMetadata: { group: "a" } });
    expect(keyDifference(keyOf(a), keyOf(other))).toMatchObject({
      path: "body.requestMetadata.team",
      recorded: "[scrubbed]",
    });
    const accept = request(base, { "x-amzn-bedrock-trace": "ENABLED" });
    expect(keyDifference(keyOf(request(base)), keyOf(accept))).toMatchObject({
      path: "headers.x-amzn-bedrock-trace",
      requested: "ENABLED",
    });
  });

  it("scrubs credential-looking headers and fields and access key ids; keeps requestMetadata keys", () => {
    const scrubbed = request(
      {
        messages: [{ role: "user", content: [{ text: "my key is AKIAIOSFODNN7EXAMPLE ok" }] }],
        apiKey: "k-123",
        requestMetadata: { team: "t" },
      },
      {
        cookie: "session=1",
        "x-api-key": "abc",
        "x-amz-security-token": "tok",
        "x-amz-date": "20261201T000000Z",
      },
    );
    expect(scrubbed.headers).toEqual({
      "content-type": "application/json",
      cookie: "[scrubbed]",
      "x-api-key": "[scrubbed]",
    });
    expect(scrubbed.body).toEqual({
      json: {
        messages: [{ role: "user", content: [{ text: "my key is [scrubbed] ok" }] }],
        apiKey: "[scrubbed]",
        requestMetadata: { team: "[scrubbed]" },
      },
    });
  });

  it("keeps response bodies byte-exact: JSON only when it re-serialises to the same bytes", () => {
    for (const text of ['{"a":1}', '{ "a": 1 }', '{"n":1.0}', "plain text", ""]) {
      const body = toRecordedBody(Buffer.from(text));
      expect(recordedBodyBytes(body).toString("utf8")).toBe(text);
    }
    expect(toRecordedBody(Buffer.from('{"a":1}'))).toEqual({ json: { a: 1 } });
    expect(toRecordedBody(Buffer.from('{ "a": 1 }'))).toEqual({ text: '{ "a": 1 }' });
    const binary = Buffer.from([0xff, 0x00, 0xfe]);
    expect(toRecordedBody(binary)).toEqual({ base64: binary.toString("base64") });
  });

  it("cuts an event stream into whole frames however the chunks fall", () => {
    const frames = [
      encodeEvent("messageStart", { role: "assistant" }),
      encodeEvent("messageStop", { stopReason: "end_turn" }),
    ];
    const all = Buffer.concat(frames.map((frame) => Buffer.from(frame)));
    const seen: Buffer[] = [];
    const splitter = createFrameSplitter((frame) => seen.push(Buffer.from(frame)));
    for (let i = 0; i < all.length; i += 7) splitter.push(all.subarray(i, i + 7));
    expect(seen.map((frame) => frame.toString("base64"))).toEqual(
      frames.map((frame) => Buffer.from(frame).toString("base64")),
    );
    expect(splitter.rest().length).toBe(0);
  });
});
