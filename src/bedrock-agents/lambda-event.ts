import { z } from "zod";
import { GlassboxError } from "../errors.ts";
import type {
  ActionGroupInvocation,
  ActionGroupOutcome,
  ActionGroupSession,
} from "./action-group-invocation.ts";

/**
 * @module
 * The event Amazon Bedrock Agents sends to an action group's Lambda function and the response it expects
 * back (`messageVersion` 1.0), for both kinds of action group: an OpenAPI schema (`apiPath` +
 * `httpMethod`) and function details (`function`).
 *
 * Source: "Configure Lambda functions to send information that an Amazon Bedrock agent elicits from the
 * user", https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html (sections "Lambda input
 * event from Amazon Bedrock" and "Lambda response event to Amazon Bedrock"). Session attributes:
 * "Control agent session context", https://docs.aws.amazon.com/bedrock/latest/userguide/agents-session-state.html
 */

/** A parameter as the event carries it: the value is always a string, its declared type beside it. */
export const LambdaParameterSchema = z.object({ name: z.string(), type: z.string(), value: z.string() });

const Attributes = z.record(z.string(), z.string());

const AgentSchema = z.object({ name: z.string(), id: z.string(), alias: z.string(), version: z.string() });

const eventCommon = {
  /** Bedrock Agents only sends (and only accepts) version 1.0. */
  messageVersion: z.literal("1.0"),
  agent: AgentSchema,
  inputText: z.string(),
  sessionId: z.string(),
  actionGroup: z.string(),
  sessionAttributes: Attributes,
  promptSessionAttributes: Attributes,
};

/** The input event of an OpenAPI action group: the operation, its parameters and request body. */
export const ApiLambdaEventSchema = z.object({
  ...eventCommon,
  apiPath: z.string(),
  httpMethod: z.string(),
  parameters: z.array(LambdaParameterSchema).optional(),
  requestBody: z
    .object({
      content: z.record(z.string(), z.object({ properties: z.array(LambdaParameterSchema) })),
    })
    .optional(),
});

/** The input event of a function-details action group. */
export const FunctionLambdaEventSchema = z.object({
  ...eventCommon,
  function: z.string(),
  parameters: z.array(LambdaParameterSchema).optional(),
});

/** Either input event. */
export const BedrockAgentLambdaEventSchema = z.union([ApiLambdaEventSchema, FunctionLambdaEventSchema]);

export type ApiLambdaEvent = z.infer<typeof ApiLambdaEventSchema>;
export type FunctionLambdaEvent = z.infer<typeof FunctionLambdaEventSchema>;
export type BedrockAgentLambdaEvent = z.infer<typeof BedrockAgentLambdaEventSchema>;

/** `knowledgeBasesConfiguration`: retrieval settings a Lambda may set for the knowledge bases of the agent. */
export const KnowledgeBasesConfigurationSchema = z.array(
  z.object({
    knowledgeBaseId: z.string(),
    retrievalConfiguration: z.object({
      vectorSearchConfiguration: z.object({
        numberOfResults: z.number().int().positive().optional(),
        overrideSearchType: z.enum(["HYBRID", "SEMANTIC"]).optional(),
        /** A `RetrievalFilter` object, as in Retrieve. */
        filter: z.record(z.string(), z.unknown()).optional(),
      }),
    }),
  }),
);

const responseCommon = {
  messageVersion: z.literal("1.0"),
  sessionAttributes: Attributes.optional(),
  promptSessionAttributes: Attributes.optional(),
  knowledgeBasesConfiguration: KnowledgeBasesConfigurationSchema.optional(),
};

const Body = z.object({ body: z.string() });

/** The response of an OpenAPI action group's Lambda: `responseBody` keyed by media type. */
export const ApiLambdaResponseSchema = z.object({
  ...responseCommon,
  response: z.object({
    actionGroup: z.string(),
    apiPath: z.string(),
    httpMethod: z.string(),
    httpStatusCode: z.number().int().min(100).max(599).optional(),
    responseBody: z.record(z.string(), Body),
  }),
});

/** The response of a function-details action group's Lambda: a `TEXT` body and an optional state. */
export const FunctionLambdaResponseSchema = z.object({
  ...responseCommon,
  response: z.object({
    actionGroup: z.string(),
    function: z.string(),
    functionResponse: z.object({
      /** `FAILURE` ends the call as failed; `REPROMPT` sends the body back to the model to try again. */
      responseState: z.enum(["FAILURE", "REPROMPT"]).optional(),
      /** Only `TEXT` is supported as the content type. */
      responseBody: z.object({ TEXT: Body }),
    }),
  }),
});

export type ApiLambdaResponse = z.infer<typeof ApiLambdaResponseSchema>;
export type FunctionLambdaResponse = z.infer<typeof FunctionLambdaResponseSchema>;
export type BedrockAgentLambdaResponse = ApiLambdaResponse | FunctionLambdaResponse;

/** A Lambda response that does not have the shape Bedrock Agents expects; the message names the field. */
export class LambdaResponseError extends GlassboxError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: "TOOL_FAILED", cause });
  }
}

/**
 * The input event Bedrock Agents would send for one call. Empty `parameters` and an absent request body
 * are left out, as Bedrock does.
 *
 * @example
 * const event = toLambdaEvent(
 *   { kind: "function", actionGroup: "claims", function: "get_claim", parameters: [{ name: "claimId", type: "string", value: "C-1" }] },
 *   session,
 * );
 */
export function toLambdaEvent(
  invocation: ActionGroupInvocation,
  session: ActionGroupSession,
): BedrockAgentLambdaEvent {
  const common = {
    messageVersion: "1.0" as const,
    agent: { ...session.agent },
    inputText: session.inputText,
    sessionId: session.sessionId,
    actionGroup: invocation.actionGroup,
    sessionAttributes: { ...session.sessionAttributes },
    promptSessionAttributes: { ...session.promptSessionAttributes },
  };
  const parameters = invocation.parameters.length
    ? { parameters: invocation.parameters.map(({ name, type, value }) => ({ name, type, value })) }
    : {};
  if (invocation.kind === "function") return { ...common, function: invocation.function, ...parameters };
  return {
    ...common,
    apiPath: invocation.apiPath,
    httpMethod: invocation.httpMethod,
    ...parameters,
    ...(invocation.requestBody ? { requestBody: invocation.requestBody } : {}),
  };
}

/**
 * Reads a Lambda function's response to one call into an {@link ActionGroupOutcome}. A response of the
 * wrong shape, or for another operation than the one called, is a {@link LambdaResponseError} naming
 * the field (the tool turns it into an error observation the model reads).
 */
export function fromLambdaResponse(json: unknown, invocation: ActionGroupInvocation): ActionGroupOutcome {
  const schema = invocation.kind === "api" ? ApiLambdaResponseSchema : FunctionLambdaResponseSchema;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join(".") || "(response)";
    throw new LambdaResponseError(
      `the Lambda response does not fit Bedrock Agents' ${invocation.kind === "api" ? "OpenAPI" : "function"} response shape: ${path}: ${issue?.message ?? "invalid"}`,
      parsed.error,
    );
  }
  const attributes = {
    ...(parsed.data.sessionAttributes ? { sessionAttributes: parsed.data.sessionAttributes } : {}),
    ...(parsed.data.promptSessionAttributes
      ? { promptSessionAttributes: parsed.data.promptSessionAttributes }
      : {}),
  };
  if (invocation.kind === "function") {
    const { response } = parsed.data as FunctionLambdaResponse;
    expectSame("response.actionGroup", response.actionGroup, invocation.actionGroup);
    expectSame("response.function", response.function, invocation.function);
    const { responseState, responseBody } = response.functionResponse;
    return { body: responseBody.TEXT.body, ...(responseState ? { responseState } : {}), ...attributes };
  }
  const { response } = parsed.data as ApiLambdaResponse;
  expectSame("response.actionGroup", response.actionGroup, invocation.actionGroup);
  expectSame("response.apiPath", response.apiPath, invocation.apiPath);
  expectSame("response.httpMethod", response.httpMethod.toUpperCase(), invocation.httpMethod.toUpperCase());
  const types = Object.keys(response.responseBody);
  const type = types.includes("application/json") ? "application/json" : types[0];
  if (type === undefined)
    throw new LambdaResponseError(
      'the Lambda response has an empty response.responseBody: expected e.g. {"application/json": {"body": "..."}}',
    );
  return {
    body: response.responseBody[type]?.body ?? "",
    httpStatusCode: response.httpStatusCode ?? 200,
    ...attributes,
  };
}

function expectSame(field: string, actual: string, expected: string): void {
  if (actual !== expected)
    throw new LambdaResponseError(
      `the Lambda response's ${field} is "${actual}" but the call was for "${expected}": a response must echo the operation it answers`,
    );
}
