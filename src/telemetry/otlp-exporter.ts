import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";

/** Where and how OTLP/HTTP spans go (`OTEL_EXPORTER_OTLP_*` fill in what is not given). */
export interface OtlpOptions {
  /** The collector's base URL; spans go to `<url>/v1/traces`. */
  url?: string;
  headers?: Record<string, string>;
}

/**
 * The OTLP/HTTP trace exporter, loaded on the first export: processes that never send a span over OTLP
 * never load it.
 */
export function lazyOtlpExporter(options: OtlpOptions): SpanExporter {
  let loaded: Promise<SpanExporter> | undefined;
  const exporter = () => {
    loaded ??= import("@opentelemetry/exporter-trace-otlp-http").then(
      ({ OTLPTraceExporter }) =>
        new OTLPTraceExporter({
          ...(options.url ? { url: `${options.url.replace(/\/$/, "")}/v1/traces` } : {}),
          ...(options.headers ? { headers: options.headers } : {}),
        }),
    );
    return loaded;
  };
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      exporter().then(
        (inner) => inner.export(spans, done),
        (error: Error) => done({ code: ExportResultCode.FAILED, error }),
      );
    },
    async forceFlush() {
      if (loaded) await (await loaded).forceFlush?.();
    },
    async shutdown() {
      if (loaded) await (await loaded).shutdown();
    },
  };
}
