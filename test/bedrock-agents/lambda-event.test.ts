import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ActionGroupInvocation, ActionGroupSession } from "../../src/bedrock-agents/index.ts";
import {
  ApiLambdaEventSchema,
  FunctionLambdaEventSchema,
  fromLambdaResponse,
  LambdaResponseError,
  toLambdaEvent,
} from "../../src/bedrock-agents/index.ts";

// Shapes from https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html (see fixtures/aws-docs/README.md).
const example = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`fixtures/aws-docs/${name}.json`, import.meta.url), "utf8")).example;

const docSession: ActionGroupSession = {
  sessionId: "string",
  inputText: "string",
  agent: { name: "string", id: "string", alias: "string", version: "string" },
  sessionAttributes: { string: "string" },
  promptSessionAttributes: { string: "string" },
};
const param = { name: "string", type: "string", value: "string" };

describe("the Lambda input event", () => {
  it("is exactly the documented OpenAPI event, request body included", () => {
    const invocation: ActionGroupInvocation = {
      kind: "api",
      actionGroup: "string",
      apiPath: "string",
      httpMethod: "string",
      parameters: [param],
      requestBody: { content: { "application/json": { properties: [param] } } },
      locations: { string: "query" },
    };
    const event = toLambdaEvent(invocation, docSession);
    expect(event).toStrictEqual(example("agents-lambda-api-event"));
    expect(event).not.toHaveProperty("locations");
  });

  it("is exactly the documented function event", () => {
    const invocation: ActionGroupInvocation = {
      kind: "function",
      actionGroup: "string",
      function: "string",
      parameters: [param],
    };
    expect(toLambdaEvent(invocation, docSession)).toStrictEqual(example("agents-lambda-function-event"));
  });

  it("leaves out parameters and request body when there are none, as the recorded events do", () => {
    const recorded = example("aws-lambda-events-api-event-without-parameters");
    const session: ActionGroupSession = {
      sessionId: "SessionID",
      inputText: "InputText",
      agent: { name: "AgentName", id: "AgentID", alias: "AgentAlias", version: "AgentVersion" },
      sessionAttributes: { attr1: "value1" },
      promptSessionAttributes: { promptAttr1: "value1" },
    };
    const event = toLambdaEvent(
      {
        kind: "api",
        actionGroup: "ActionGroup",
        apiPath: "/api/path",
        httpMethod: "POST",
        parameters: [],
        requestBody: {
          content: {
            "application/json": { properties: [{ name: "prop1", type: "string", value: "value1" }] },
          },
        },
      },
      session,
    );
    expect(event).toStrictEqual(recorded);
    const withoutBody = toLambdaEvent(
      {
        kind: "api",
        actionGroup: "ActionGroup",
        apiPath: "/api/path",
        httpMethod: "POST",
        parameters: [{ name: "param1", type: "string", value: "value1" }],
      },
      session,
    );
    expect(withoutBody).toStrictEqual(example("aws-lambda-events-api-event-without-request-body"));
  });

  it("schemas accept the documented and recorded events and refuse another message version", () => {
    expect(ApiLambdaEventSchema.safeParse(example("agents-lambda-api-event")).success).toBe(true);
    expect(FunctionLambdaEventSchema.safeParse(example("agents-lambda-function-event")).success).toBe(true);
    for (const name of [
      "aws-lambda-events-api-event-without-parameters",
      "aws-lambda-events-api-event-without-request-body",
    ])
      expect(ApiLambdaEventSchema.safeParse(example(name)).success).toBe(true);
    const wrong = { ...example("agents-lambda-function-event"), messageVersion: "2.0" };
    expect(FunctionLambdaEventSchema.safeParse(wrong).success).toBe(false);
  });
});

describe("the Lambda response", () => {
  const api: ActionGroupInvocation = {
    kind: "api",
    actionGroup: "string",
    apiPath: "string",
    httpMethod: "string",
    parameters: [],
  };
  const fn: ActionGroupInvocation = {
    kind: "function",
    actionGroup: "string",
    function: "string",
    parameters: [],
  };

  it("reads the documented OpenAPI response: body, status and attributes", () => {
    expect(fromLambdaResponse(example("agents-lambda-api-response"), api)).toEqual({
      body: "JSON-formatted string",
      httpStatusCode: 200,
      sessionAttributes: { string: "string" },
      promptSessionAttributes: { string: "string" },
    });
  });

  it("reads the documented function response with its response state", () => {
    expect(fromLambdaResponse(example("agents-lambda-function-response"), fn)).toEqual({
      body: "JSON-formatted string",
      responseState: "REPROMPT",
      sessionAttributes: { string: "string" },
      promptSessionAttributes: { string: "string" },
    });
  });

  it("reads the page's sample handler response, which returns no attributes", () => {
    expect(fromLambdaResponse(example("agents-lambda-function-response-sample"), fn)).toEqual({
      body: "The function string was called successfully!",
    });
  });

  it("names the field of a malformed response", () => {
    const good = example("agents-lambda-function-response");
    const bad =
      (json: unknown, invocation: ActionGroupInvocation = fn) =>
      () =>
        fromLambdaResponse(json, invocation);
    expect(bad("not an object")).toThrow(/function response shape: \(response\): .*object/);
    expect(bad({ ...good, messageVersion: "2.0" })).toThrow(/messageVersion/);
    expect(bad({ response: (good as { response: unknown }).response })).toThrow(/messageVersion/);
    expect(
      bad({
        ...good,
        response: {
          actionGroup: "string",
          function: "string",
          functionResponse: { responseBody: { JSON: {} } },
        },
      }),
    ).toThrow(/response\.functionResponse\.responseBody\.TEXT/);
    expect(
      bad({
        ...good,
        response: {
          actionGroup: "string",
          function: "string",
          functionResponse: { responseState: "RETRY", responseBody: { TEXT: { body: "x" } } },
        },
      }),
    ).toThrow(/responseState/);
    expect(bad(good, api)).toThrow(LambdaResponseError);
    expect(bad(good, api)).toThrow(/OpenAPI response shape: response\.apiPath/);
    expect(bad({ ...example("agents-lambda-api-response"), sessionAttributes: { n: 1 } }, api)).toThrow(
      /sessionAttributes\.n/,
    );
  });

  it("refuses a response for another operation than the one called", () => {
    const response = example("agents-lambda-api-response");
    expect(() => fromLambdaResponse(response, { ...api, apiPath: "/claims" })).toThrow(
      /response\.apiPath is "string" but the call was for "\/claims"/,
    );
    expect(() =>
      fromLambdaResponse(example("agents-lambda-function-response"), { ...fn, function: "getPolicy" }),
    ).toThrow(/response\.function is "string" but the call was for "getPolicy"/);
  });
});
