import { context, ProxyTracerProvider, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { CAPTURE_CONTENT_ENV, TRACER_NAME } from "./attributes.ts";
import { ConsoleTreeExporter } from "./console-tree-exporter.ts";
import type { ExporterSpec } from "./exporter-spec.ts";
import { JsonlFileExporter } from "./jsonl-exporter.ts";
import { lazyOtlpExporter } from "./otlp-exporter.ts";

export interface TelemetryOptions {
  serviceName?: string;
  exporters?: ExporterSpec[];
  /** Message content on spans; default from OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT. */
  captureContent?: boolean;
  resourceAttributes?: Record<string, string>;
  /** Where the console tree goes (default stderr). */
  consoleWrite?: (text: string) => void;
  /** Extra span processors of your own (sampling-aware exporters, enrichment, counters...). */
  spanProcessors?: SpanProcessor[];
}

/** A tracer with its exporters, to pass to `createAgent({ telemetry })`. */
export interface Telemetry {
  tracer: Tracer;
  captureContent: boolean;
  /** The in-memory exporter, when one was asked for (tests, evaluation runs). */
  memory?: InMemorySpanExporter;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

let contextManagerInstalled = false;

/** Spans nest across `await` only with an async-hooks context manager; install one once per process. */
function ensureContextManager(): void {
  if (contextManagerInstalled) return;
  contextManagerInstalled = true;
  const manager = new AsyncLocalStorageContextManager();
  // Returns false when the application already registered one; theirs is kept.
  if (!context.setGlobalContextManager(manager.enable())) manager.disable();
}

/**
 * Builds a tracer provider with the requested exporters. It is not registered globally, so several
 * agents with their own telemetry can share a process; the agent gets the tracer explicitly.
 */
export function setupTelemetry(options: TelemetryOptions = {}): Telemetry {
  ensureContextManager();
  let memory: InMemorySpanExporter | undefined;
  const processors: SpanProcessor[] = (options.exporters ?? []).map((spec): SpanProcessor => {
    switch (spec.type) {
      case "console":
        return new SimpleSpanProcessor(new ConsoleTreeExporter(options.consoleWrite));
      case "jsonl":
        return new SimpleSpanProcessor(new JsonlFileExporter(spec.path));
      case "memory":
        memory ??= new InMemorySpanExporter();
        return new SimpleSpanProcessor(memory);
      default:
        return new BatchSpanProcessor(lazyOtlpExporter(spec));
    }
  });
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        "service.name": options.serviceName ?? "glassbox",
        ...options.resourceAttributes,
      }),
    ),
    spanProcessors: [...processors, ...(options.spanProcessors ?? [])],
  });
  return {
    tracer: provider.getTracer(TRACER_NAME, "0.1.0"),
    captureContent: options.captureContent ?? process.env[CAPTURE_CONTENT_ENV] === "true",
    memory,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/** Tracing off: a no-op tracer whose spans cost next to nothing. */
export function disabledTelemetry(): Telemetry {
  return {
    // A proxy provider with no delegate hands out no-op tracers, whatever the global provider is.
    tracer: new ProxyTracerProvider().getTracer(TRACER_NAME),
    captureContent: false,
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}
