import { randomUUID } from "node:crypto";
import type { Writable } from "node:stream";
import { ROOT_CONTEXT } from "@opentelemetry/api";
import type { Agent } from "../agent/create-agent.ts";
import { errorResponse } from "../serve/error-response.ts";
import { errorEvent, runInvocation, streamInvocation } from "../serve/invocation.ts";
import { PayloadError } from "../serve/invocation-errors.ts";
import { idHeaders } from "../serve/request-ids.ts";
import { SSE_HEADERS, sseEvent } from "../serve/sse.ts";
import { createLogger } from "../telemetry/logger.ts";
import { extractTraceContext } from "../telemetry/trace-context.ts";
import { type LambdaContext, type LambdaHandlerOptions, withDeadline } from "./handler.ts";
import { lambdaAccessLog } from "./lambda-access-log.ts";
import { httpRequestOf } from "./lambda-event.ts";
import { lambdaPing, routeLambdaRequest } from "./lambda-route.ts";

/** The response stream the Node.js Lambda runtime passes a streaming handler (a Writable plus `setContentType`). */
export type ResponseStream = Writable & { setContentType?(type: string): void };

/** The metadata of an HTTP response that a function URL (or API Gateway) reads before the body. */
interface Prelude {
  statusCode: number;
  headers: Record<string, string>;
}

const PRELUDE_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";

/** What `awslambda.streamifyResponse` marks a handler with (the runtime reads this symbol). */
const STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");

interface AwsLambdaGlobal {
  streamifyResponse?<F>(handler: F): F;
  HttpResponseStream?: { from(stream: Writable, prelude: Prelude): Writable };
}

/**
 * `HttpResponseStream.from`: the runtime's own when present; else the same wire format, written here
 * (the `http-integration-response` content type, the JSON prelude, then eight NUL bytes).
 */
function withPrelude(stream: ResponseStream, prelude: Prelude): Writable {
  const runtime = (globalThis as { awslambda?: AwsLambdaGlobal }).awslambda?.HttpResponseStream;
  if (runtime) return runtime.from(stream, prelude);
  stream.setContentType?.(PRELUDE_CONTENT_TYPE);
  stream.write(JSON.stringify(prelude));
  stream.write(new Uint8Array(8));
  return stream;
}

/**
 * A Lambda handler with response streaming (a function URL with `InvokeMode: RESPONSE_STREAM`, or an
 * API Gateway REST integration with streaming): with `Accept: text/event-stream` the run's events go out
 * as server-sent events as they happen, ending with `done` or `error`; otherwise the JSON result.
 *
 * @example
 * ```ts
 * import { streamingHandler } from "glassbox/lambda";
 * export const handler = streamingHandler(agent); // already wrapped with awslambda.streamifyResponse
 * ```
 */
export function streamingHandler(agent: Agent, options: LambdaHandlerOptions = {}) {
  const logger = options.logger ?? createLogger({ name: "glassbox.lambda", format: "json" });
  const handle = async (event: unknown, responseStream: ResponseStream, context: LambdaContext = {}) => {
    const fallbackId = context.awsRequestId ?? randomUUID();
    let requestId = fallbackId;
    let body: Writable | undefined;
    const request = httpRequestOf(event);
    const log = lambdaAccessLog(logger, {
      requestId,
      method: request?.method ?? "INVOKE",
      path: request?.path ?? "",
    });
    let logged = false;
    const end = (status: number) => {
      log.entry.requestId = requestId;
      log.end(status);
      logged = true;
    };
    const send = (status: number, headers: Record<string, string>, json: unknown) => {
      const out = withPrelude(responseStream, {
        statusCode: status,
        headers: { ...headers, "content-type": "application/json" },
      });
      out.end(JSON.stringify(json));
    };
    try {
      if (!request)
        throw new PayloadError([
          { name: "event", message: "a streaming handler serves function URL or API Gateway events" },
        ]);
      requestId = request.requestId ?? fallbackId;
      const route = routeLambdaRequest(request, fallbackId);
      if (route.kind === "ping") return send(200, idHeaders(requestId), lambdaPing());
      const { invocation } = route;
      requestId = invocation.requestId;
      log.entry.sessionId = invocation.sessionId;
      log.entry.mode = route.stream ? "sse" : "json";
      const headers = idHeaders(requestId, invocation.sessionId);
      const parent = extractTraceContext(request.headers, ROOT_CONTEXT);
      if (!route.stream) {
        const result = await withDeadline(context, options, (signal) =>
          runInvocation(agent, invocation, { signal, parent }),
        );
        log.saw(result);
        send(200, headers, result);
        return end(200);
      }
      await withDeadline(context, options, async (signal) => {
        try {
          for await (const wire of streamInvocation(agent, invocation, { signal, parent })) {
            body ??= withPrelude(responseStream, {
              statusCode: 200,
              headers: { ...headers, ...SSE_HEADERS },
            });
            log.saw(wire);
            await write(body, sseEvent(wire));
          }
        } catch (error) {
          if (!body) throw error;
          const wire = errorEvent(signal.aborted ? signal.reason : error, requestId);
          log.saw(wire);
          await write(body, sseEvent(wire));
        }
      });
      body?.end();
      end(200);
    } catch (error) {
      const failure = errorResponse(error, requestId);
      log.entry.outcome ??= failure.body.code;
      if (body) body.end();
      else send(failure.status, { ...idHeaders(requestId), ...failure.headers }, failure.body);
      if (!logged) end(body ? 200 : failure.status);
    }
  };
  const awslambda = (globalThis as { awslambda?: AwsLambdaGlobal }).awslambda;
  if (awslambda?.streamifyResponse) return awslambda.streamifyResponse(handle);
  // Outside the Lambda runtime (tests, a local runner): the same mark streamifyResponse puts on it.
  return Object.assign(handle, { [STREAMING]: "response" });
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
