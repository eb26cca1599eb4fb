import { randomUUID } from "node:crypto";
import type { Agent } from "../agent/create-agent.ts";
import { errorResponse } from "../serve/error-response.ts";
import {
  errorEvent,
  type Invocation,
  type InvocationResult,
  runInvocation,
  streamInvocation,
} from "../serve/invocation.ts";
import { RunTimeoutError } from "../serve/invocation-errors.ts";
import { parseInvocationPayload } from "../serve/invocation-payload.ts";
import { AGENTCORE_REQUEST_ID_HEADER, REQUEST_ID_HEADER, SESSION_HEADER } from "../serve/request-ids.ts";
import { sseEvent } from "../serve/sse.ts";
import { incomingContext } from "../serve/trace-context.ts";
import { httpRequestOf } from "./lambda-event.ts";
import { routeLambdaRequest } from "./lambda-route.ts";

/** The parts of the Lambda context object the handlers use. */
export interface LambdaContext {
  awsRequestId?: string;
  getRemainingTimeInMillis?(): number;
}

/** Options of {@link handler} and `streamingHandler`. */
export interface LambdaHandlerOptions {
  /**
   * Time kept back from the function's timeout: the run is stopped this long before Lambda would end
   * it, so the response (and the checkpoint) still goes out. Default 2 s.
   */
  marginMs?: number;
}

/** The response API Gateway and function URLs expect (the v1 and v2 shapes share these fields). */
export interface LambdaHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/**
 * A Lambda handler for an agent, behind API Gateway (REST, or HTTP API with payload 1.0 or 2.0) or a
 * function URL: `POST` an invocation payload (`{"prompt": ...}`, `{"resume": ...}`, `{"continue": true}`)
 * and get the JSON result, or, with `Accept: text/event-stream`, the run's events as one SSE body (use
 * `streamingHandler` to stream them as they happen). `GET …/ping` answers the ping. A direct `Invoke`
 * whose event is the payload itself returns the result object. Threads need the agent's checkpointer
 * to be shared (PostgreSQL): each invocation may land in another execution environment.
 *
 * @example
 * ```ts
 * import { handler as lambdaHandler } from "glassbox/lambda";
 * const checkpointer = await createCheckpointer(process.env.DATABASE_URL!);
 * export const handler = lambdaHandler(createToolAgent({ checkpointer: checkpointer.saver }));
 * ```
 */
export function handler(agent: Agent, options: LambdaHandlerOptions = {}) {
  return async (
    event: unknown,
    context: LambdaContext = {},
  ): Promise<LambdaHttpResponse | InvocationResult> => {
    const fallbackId = context.awsRequestId ?? randomUUID();
    const request = httpRequestOf(event);
    if (!request) {
      // A direct Invoke: the event is the payload; errors go back as the function's error.
      const payload = parseInvocationPayload(JSON.stringify(event ?? null));
      const invocation: Invocation = {
        requestId: fallbackId,
        sessionId: payload.sessionId ?? randomUUID(),
        payload,
      };
      return withDeadline(context, options, (signal) => runInvocation(agent, invocation, { signal }));
    }
    let requestId = request.requestId ?? fallbackId;
    try {
      const route = routeLambdaRequest(request, fallbackId);
      if (route.kind === "ping")
        return reply(
          200,
          { requestId },
          { status: "Healthy", time_of_last_update: Math.floor(Date.now() / 1000) },
        );
      const { invocation } = route;
      requestId = invocation.requestId;
      const headers = { requestId, sessionId: invocation.sessionId };
      const parent = incomingContext(request.headers);
      if (!route.stream) {
        const result = await withDeadline(context, options, (signal) =>
          runInvocation(agent, invocation, { signal, parent }),
        );
        return reply(200, headers, result);
      }
      let body = "";
      await withDeadline(context, options, async (signal) => {
        try {
          for await (const wire of streamInvocation(agent, invocation, { signal, parent }))
            body += sseEvent(wire);
        } catch (error) {
          const reason = signal.aborted ? signal.reason : error;
          if (!body) throw reason;
          body += sseEvent(errorEvent(reason, requestId));
        }
      });
      return {
        statusCode: 200,
        headers: { ...idHeaders(headers), "content-type": "text/event-stream; charset=utf-8" },
        body,
        isBase64Encoded: false,
      };
    } catch (error) {
      const failure = errorResponse(error, requestId);
      return reply(failure.status, { requestId }, failure.body, failure.headers);
    }
  };
}

/** Runs `work` with a signal that aborts before the function's own timeout would end the environment. */
export async function withDeadline<T>(
  context: LambdaContext,
  options: LambdaHandlerOptions,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const remaining = context.getRemainingTimeInMillis?.();
  if (remaining === undefined) return work(new AbortController().signal);
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new RunTimeoutError(
          'the function is about to time out; the run stopped at its last checkpoint: send {"continue": true} with the same session id to finish it',
        ),
      ),
    Math.max(0, remaining - (options.marginMs ?? 2_000)),
  );
  try {
    return await work(controller.signal);
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}

export function idHeaders(ids: { requestId: string; sessionId?: string }): Record<string, string> {
  return {
    [AGENTCORE_REQUEST_ID_HEADER]: ids.requestId,
    [REQUEST_ID_HEADER]: ids.requestId,
    ...(ids.sessionId ? { [SESSION_HEADER]: ids.sessionId } : {}),
  };
}

function reply(
  statusCode: number,
  ids: { requestId: string; sessionId?: string },
  body: unknown,
  extra: Record<string, string> = {},
): LambdaHttpResponse {
  return {
    statusCode,
    headers: { ...idHeaders(ids), ...extra, "content-type": "application/json" },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}
