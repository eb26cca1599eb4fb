import { randomUUID } from "node:crypto";
import { ROOT_CONTEXT } from "@opentelemetry/api";
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
import { idHeaders } from "../serve/request-ids.ts";
import { SSE_HEADERS, sseEvent } from "../serve/sse.ts";
import { createLogger, type StructuredLogger } from "../telemetry/logger.ts";
import { extractTraceContext } from "../telemetry/trace-context.ts";
import { lambdaAccessLog } from "./lambda-access-log.ts";
import { httpRequestOf } from "./lambda-event.ts";
import { lambdaPing, routeLambdaRequest } from "./lambda-route.ts";

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
  /** Where each invocation's access-log line goes (default: JSON lines on stderr, which CloudWatch keeps). */
  logger?: StructuredLogger;
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
  const logger = options.logger ?? createLogger({ name: "glassbox.lambda", format: "json" });
  return async (
    event: unknown,
    context: LambdaContext = {},
  ): Promise<LambdaHttpResponse | InvocationResult> => {
    const fallbackId = context.awsRequestId ?? randomUUID();
    const request = httpRequestOf(event);
    if (!request) {
      // A direct Invoke: the event is the payload; errors go back as the function's error.
      const log = lambdaAccessLog(logger, { requestId: fallbackId, method: "INVOKE", path: "" });
      try {
        const payload = parseInvocationPayload(JSON.stringify(event ?? null));
        const invocation: Invocation = {
          requestId: fallbackId,
          sessionId: payload.sessionId ?? randomUUID(),
          payload,
        };
        log.entry.sessionId = invocation.sessionId;
        const result = await withDeadline(context, options, (signal) =>
          runInvocation(agent, invocation, { signal }),
        );
        log.saw(result);
        log.end(200);
        return result;
      } catch (error) {
        const failure = errorResponse(error, fallbackId);
        log.entry.outcome = failure.body.code;
        log.end(failure.status);
        throw error;
      }
    }
    let requestId = request.requestId ?? fallbackId;
    const log = lambdaAccessLog(logger, { requestId, method: request.method, path: request.path });
    const done = (response: LambdaHttpResponse) => {
      log.entry.requestId = requestId;
      log.end(response.statusCode, Buffer.byteLength(response.body));
      return response;
    };
    try {
      const route = routeLambdaRequest(request, fallbackId);
      if (route.kind === "ping") return reply(200, { requestId }, lambdaPing());
      const { invocation } = route;
      requestId = invocation.requestId;
      log.entry.sessionId = invocation.sessionId;
      log.entry.mode = route.stream ? "sse" : "json";
      const headers = { requestId, sessionId: invocation.sessionId };
      const parent = extractTraceContext(request.headers, ROOT_CONTEXT);
      if (!route.stream) {
        const result = await withDeadline(context, options, (signal) =>
          runInvocation(agent, invocation, { signal, parent }),
        );
        log.saw(result);
        return done(reply(200, headers, result));
      }
      let body = "";
      await withDeadline(context, options, async (signal) => {
        try {
          for await (const wire of streamInvocation(agent, invocation, { signal, parent })) {
            log.saw(wire);
            body += sseEvent(wire);
          }
        } catch (error) {
          const reason = signal.aborted ? signal.reason : error;
          if (!body) throw reason;
          const wire = errorEvent(reason, requestId);
          log.saw(wire);
          body += sseEvent(wire);
        }
      });
      return done({
        statusCode: 200,
        headers: { ...idHeaders(requestId, invocation.sessionId), ...SSE_HEADERS },
        body,
        isBase64Encoded: false,
      });
    } catch (error) {
      const failure = errorResponse(error, requestId);
      log.entry.outcome = failure.body.code;
      return done(reply(failure.status, { requestId }, failure.body, failure.headers));
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

function reply(
  statusCode: number,
  ids: { requestId: string; sessionId?: string },
  body: unknown,
  extra: Record<string, string> = {},
): LambdaHttpResponse {
  return {
    statusCode,
    headers: { ...idHeaders(ids.requestId, ids.sessionId), ...extra, "content-type": "application/json" },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}
