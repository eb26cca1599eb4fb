import {
  type Context,
  context as otelContext,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";

type Headers = Record<string, string | string[] | undefined>;

const propagator = new W3CTraceContextPropagator();
const getter: TextMapGetter<Headers> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toLowerCase()],
};

/**
 * The caller's trace context from W3C `traceparent` / `tracestate` headers (what InvokeAgentRuntime
 * forwards), so the run's spans continue the caller's trace. Without them, a new trace starts.
 */
export function incomingContext(headers: Headers): Context {
  return propagator.extract(ROOT_CONTEXT, headers, getter);
}

/** The `traceparent` of a span, for the response (InvokeAgentRuntime returns one too). */
export function traceparentOf(span: Span): string | undefined {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, {
    set: (target, key, value) => {
      target[key] = value;
    },
  });
  return carrier.traceparent;
}

/** The server span of one request (`POST /invocations`), child of the caller's context. */
export function startServerSpan(
  tracer: Tracer,
  parent: Context,
  request: { method: string; path: string; requestId: string; sessionId?: string },
): { span: Span; context: Context } {
  const span = tracer.startSpan(
    `${request.method} ${request.path}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        "http.request.method": request.method,
        "url.path": request.path,
        "http.route": request.path,
        "glassbox.request.id": request.requestId,
        ...(request.sessionId ? { "gen_ai.conversation.id": request.sessionId } : {}),
      },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Ends a server span with the response status (5xx marks it failed). */
export function endServerSpan(span: Span, status: number, errorCode?: string): void {
  span.setAttribute("http.response.status_code", status);
  if (status >= 500) {
    span.setAttribute("error.type", errorCode ?? String(status));
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode ?? String(status) });
  }
  span.end();
}

/** The trace and span ids active in a context, for log lines. */
export function traceIds(context: Context = otelContext.active()): { traceId?: string; spanId?: string } {
  const spanContext = trace.getSpanContext(context);
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}
