import { type Context, context, defaultTextMapGetter, defaultTextMapSetter, trace } from "@opentelemetry/api";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";

/** HTTP-style headers: what `node:http` gives for a request, or a plain object. */
export type Headers = Record<string, string | string[] | undefined>;

const propagator = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});

/** The trace and span id of the active span (or of `ctx`), for log lines and response headers. */
export function currentTraceIds(
  ctx: Context = context.active(),
): { traceId: string; spanId: string } | undefined {
  const span = trace.getSpanContext(ctx);
  if (!span || !trace.isSpanContextValid(span)) return undefined;
  return { traceId: span.traceId, spanId: span.spanId };
}

/**
 * The context an incoming request carries in W3C `traceparent`/`tracestate` and `baggage` headers: run
 * the request's agent under it and the `invoke_agent` span joins the caller's trace; a `session.id`
 * baggage entry becomes the run's session id when the run has no thread.
 *
 * @example
 * http.createServer((req, res) =>
 *   context.with(extractTraceContext(req.headers), () => agent.invoke(question, { threadId })));
 */
export function extractTraceContext(headers: Headers, base: Context = context.active()): Context {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) flat[key.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  return propagator.extract(base, flat, defaultTextMapGetter);
}

/** Runs `fn` within the trace context of incoming `headers` (see {@link extractTraceContext}). */
export function withTraceContext<T>(headers: Headers, fn: () => T): T {
  return context.with(extractTraceContext(headers), fn);
}

/** Adds `traceparent` (and `tracestate`, `baggage`) for the active span to outgoing headers. */
export function injectTraceContext(
  headers: Record<string, string> = {},
  ctx: Context = context.active(),
): Record<string, string> {
  propagator.inject(ctx, headers, defaultTextMapSetter);
  return headers;
}
