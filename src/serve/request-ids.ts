import { randomUUID } from "node:crypto";
import { PayloadError } from "./invocation-errors.ts";

/** The AgentCore Runtime header that names the session; Glassbox uses it as the thread id. */
export const SESSION_HEADER = "x-amzn-bedrock-agentcore-runtime-session-id";
/** The request id AgentCore Runtime sends with each invocation. */
export const AGENTCORE_REQUEST_ID_HEADER = "x-amzn-bedrock-agentcore-runtime-request-id";
/** The request id a load balancer sets (nginx `$request_id`, or any proxy that adds one). */
export const REQUEST_ID_HEADER = "x-request-id";

// InvokeAgentRuntime's runtimeSessionId is 33-256 characters (bedrock-agentcore service model).
const SESSION_ID = /^[\x21-\x7e]{33,256}$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The request id of an invocation: AgentCore's, else the load balancer's `x-request-id`, else a new
 * UUID. It is the invocation's idempotency key: a retry with the same id does not repeat the turn.
 */
export function requestIdFrom(headers: Headers): string {
  for (const name of [AGENTCORE_REQUEST_ID_HEADER, REQUEST_ID_HEADER]) {
    const value = header(headers, name);
    if (value === undefined) continue;
    if (!REQUEST_ID.test(value))
      throw new PayloadError([{ name, message: "expected 1-128 characters of letters, digits and ._:-" }]);
    return value;
  }
  return randomUUID();
}

/** The thread of an invocation: the session header (or the payload's `sessionId`), else a new one. */
export function sessionIdFrom(
  headers: Headers,
  bodySessionId: string | undefined,
): { sessionId: string; given: boolean } {
  const fromHeader = header(headers, SESSION_HEADER);
  if (fromHeader !== undefined && bodySessionId !== undefined && fromHeader !== bodySessionId)
    throw new PayloadError([
      { name: "sessionId", message: `differs from the ${SESSION_HEADER} header; send one of them` },
    ]);
  const value = fromHeader ?? bodySessionId;
  if (value === undefined) return { sessionId: randomUUID(), given: false };
  if (!SESSION_ID.test(value))
    throw new PayloadError([
      {
        name: fromHeader !== undefined ? SESSION_HEADER : "sessionId",
        message: `expected 33-256 printable characters without spaces (AgentCore's runtimeSessionId), got ${value.length}`,
      },
    ]);
  return { sessionId: value, given: true };
}
