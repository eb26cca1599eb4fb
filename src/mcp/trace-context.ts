import { context } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";

const propagator = new W3CTraceContextPropagator();

/**
 * The active span's W3C trace context (`traceparent`, and `tracestate` when set), for an MCP request's
 * `_meta`, so the server's spans join the agent's trace. Empty when no span is recording.
 */
export function traceContextMeta(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(context.active(), carrier, {
    set: (target, key, value) => {
      target[key] = value;
    },
  });
  return carrier;
}
