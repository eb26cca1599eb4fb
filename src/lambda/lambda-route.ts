import type { Invocation } from "../serve/invocation.ts";
import { RequestRejectedError } from "../serve/invocation-errors.ts";
import { parseInvocationPayload } from "../serve/invocation-payload.ts";
import { MAX_PAYLOAD_BYTES, requireJson } from "../serve/request-body.ts";
import { requestIdFrom, sessionIdFrom } from "../serve/request-ids.ts";
import type { LambdaHttpRequest } from "./lambda-event.ts";

/** What an HTTP event asks for: the ping, or an invocation (as JSON or as a stream of events). */
export type LambdaRoute = { kind: "ping" } | { kind: "invoke"; invocation: Invocation; stream: boolean };

/**
 * Routes an API Gateway / function URL request. `GET …/ping` is the ping; `POST` to any path is an
 * invocation (API Gateway maps its own resource paths, stage prefixes included), with the same
 * payload, headers and limits as `POST /invocations` on the server.
 */
export function routeLambdaRequest(request: LambdaHttpRequest, fallbackRequestId: string): LambdaRoute {
  if (request.method === "GET" && /\/ping\/?$/.test(request.path)) return { kind: "ping" };
  if (request.method !== "POST")
    throw new RequestRejectedError(
      "MethodNotAllowed",
      `${request.method} ${request.path}: POST an invocation, or GET …/ping`,
      { allow: "POST, GET" },
    );
  requireJson(request.headers["content-type"]);
  if (request.body.length > MAX_PAYLOAD_BYTES)
    throw new RequestRejectedError("PayloadTooLarge", `the payload is over ${MAX_PAYLOAD_BYTES} bytes`);
  const given =
    request.headers["x-amzn-bedrock-agentcore-runtime-request-id"] ?? request.headers["x-request-id"];
  const requestId = given ? requestIdFrom(request.headers) : (request.requestId ?? fallbackRequestId);
  const payload = parseInvocationPayload(request.body);
  const { sessionId } = sessionIdFrom(request.headers, payload.sessionId);
  const accept = request.headers.accept ?? "";
  return {
    kind: "invoke",
    invocation: { requestId, sessionId, payload },
    stream: /(^|,)\s*text\/event-stream\s*(;|,|$)/i.test(accept),
  };
}
