import type { ToolContext } from "../tools/define-tool.ts";

/**
 * The contract between an action group's tools and whatever runs them (a Lambda function, a local
 * handler, an HTTP service, the caller): one call of one operation, in the terms Bedrock Agents uses in
 * the Lambda event it sends (`messageVersion` 1.0), and what came back.
 */

/** A parameter as Bedrock Agents passes it: the value always a string, its declared type beside it. */
export interface ActionGroupParameter {
  name: string;
  type: string;
  value: string;
}

/** One call of an action group operation: an OpenAPI operation (`apiPath` + `httpMethod`) or a function. */
export type ActionGroupInvocation =
  | {
      kind: "api";
      actionGroup: string;
      apiPath: string;
      httpMethod: string;
      parameters: ActionGroupParameter[];
      /** `requestBody.content[<media type>].properties`, as in the Lambda event. */
      requestBody?: { content: Record<string, { properties: ActionGroupParameter[] }> };
      /**
       * Where each parameter goes in an HTTP request (`path`, `query`, `header`), from the OpenAPI
       * schema, for executors that make the request (`httpExecutor`). Not part of the Lambda event:
       * an executor that builds the event leaves it out.
       */
      locations?: Record<string, "path" | "query" | "header">;
    }
  | {
      kind: "function";
      actionGroup: string;
      function: string;
      parameters: ActionGroupParameter[];
    };

/** The session a call belongs to, as the Lambda event carries it. */
export interface ActionGroupSession {
  sessionId: string;
  inputText: string;
  agent: { name: string; id: string; alias: string; version: string };
  sessionAttributes: Record<string, string>;
  promptSessionAttributes: Record<string, string>;
}

/** What an executor answers: the body the model reads, and session attributes to keep (when returned). */
export interface ActionGroupOutcome {
  /** The response body (`responseBody[<media type>].body` or `responseBody.TEXT.body`), as text. */
  body: string;
  /** OpenAPI operations: the HTTP status the handler reported. */
  httpStatusCode?: number;
  /** Function operations: `FAILURE` (the call failed) or `REPROMPT` (ask the model again). */
  responseState?: "FAILURE" | "REPROMPT";
  /** When present, these replace the session's attributes for the rest of the session. */
  sessionAttributes?: Record<string, string>;
  promptSessionAttributes?: Record<string, string>;
}

/** Runs one call of an action group operation. */
export type ActionGroupExecutor = (
  invocation: ActionGroupInvocation,
  session: ActionGroupSession,
  context: ToolContext,
) => Promise<ActionGroupOutcome>;
