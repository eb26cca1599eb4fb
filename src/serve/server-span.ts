import {
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { injectTraceContext } from "../telemetry/trace-context.ts";

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

/** The `traceparent` of a span, for the response (InvokeAgentRuntime returns one too). */
export function traceparentOf(span: Span): string | undefined {
  return injectTraceContext({}, trace.setSpan(ROOT_CONTEXT, span)).traceparent;
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
