import { context, type Meter, ProxyTracerProvider, type Tracer } from "@opentelemetry/api";
import { createNoopLogger, type Logger } from "@opentelemetry/api-logs";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchLogRecordProcessor,
  InMemoryLogRecordExporter,
  LoggerProvider,
  type LogRecordProcessor,
  SimpleLogRecordProcessor,
} from "@opentelemetry/sdk-logs";
import { MeterProvider, type MetricReader, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { CAPTURE_CONTENT_ENV, TRACER_NAME } from "./attributes.ts";
import { ConsoleTreeExporter } from "./console-tree-exporter.ts";
import { ContentEventsProcessor } from "./content-events.ts";
import type { ExporterSpec } from "./exporter-spec.ts";
import { JsonlFileExporter } from "./jsonl-exporter.ts";
import { CollectingMetricReader, renderMetricsSummary } from "./metrics-summary.ts";
import { type OtlpSettings, type OtlpSignal, resolveOtlpTarget } from "./otlp-config.ts";
import {
  type OtlpFailure,
  OtlpFailures,
  OtlpLogExporter,
  OtlpMetricExporter,
  OtlpSpanExporter,
} from "./otlp-exporters.ts";
import {
  type AgentCoreSettings,
  agentCoreShape,
  detectProfile,
  resourceAttributesFromEnv,
  type TelemetryProfile,
} from "./profile.ts";
import { createInstruments, SpanMetricsProcessor } from "./span-metrics.ts";

const VERSION = "0.1.0";

export interface TelemetryOptions {
  serviceName?: string;
  exporters?: ExporterSpec[];
  /** Message content on spans (or, in the agentcore profile, in log events); default from OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT. */
  captureContent?: boolean;
  resourceAttributes?: Record<string, string>;
  /** Where the console tree and metrics summary go (default stderr). */
  consoleWrite?: (text: string) => void;
  /** Extra span processors of your own (sampling-aware exporters, enrichment, counters...). */
  spanProcessors?: SpanProcessor[];
  /**
   * `agentcore` shapes the export for AgentCore Observability and Evaluations (see docs/telemetry.md);
   * `auto` (the default) picks it on AgentCore Runtime or when the ADOT variables are set.
   */
  profile?: TelemetryProfile | "auto";
  agentcore?: AgentCoreSettings;
  /** How often metrics are pushed over OTLP (default OTEL_METRIC_EXPORT_INTERVAL or 60 s; always at shutdown). */
  metricExportIntervalMs?: number;
  /** How long spans and log records wait in the batch before an OTLP export (default OTEL_BSP_SCHEDULE_DELAY or 5 s). */
  scheduleDelayMs?: number;
  /** The environment to read OTEL_* from (default process.env). */
  env?: Record<string, string | undefined>;
}

/** What a shutdown or flush could not deliver. */
export interface TelemetryReport {
  failures: OtlpFailure[];
  /** True when the exporters did not finish within the time given and were cut off. */
  timedOut: boolean;
}

/** A tracer with its exporters, to pass to `createAgent({ telemetry })`. */
export interface Telemetry {
  /** False for {@link disabledTelemetry}: nothing is recorded. */
  enabled: boolean;
  /** The tracer of the agent loop's spans (`invoke_agent`, `chat`, `execute_tool`). */
  tracer: Tracer;
  /** The tracer of the other spans (`retrieval`, `apply_guardrail`); the same as `tracer` unless the profile splits scopes. */
  componentTracer?: Tracer;
  captureContent: boolean;
  profile: TelemetryProfile;
  /** Log records correlated with the active span (content events, the structured logger's lines). */
  logger: Logger;
  /** The meter Glassbox's metrics are recorded on; record your own here too. */
  meter?: Meter;
  /** The in-memory exporter, when one was asked for (tests, evaluation runs). */
  memory?: InMemorySpanExporter;
  /** In-memory log records, when a memory exporter was asked for. */
  logsMemory?: InMemoryLogRecordExporter;
  /** Collects current metric values, when a memory or console exporter was asked for. */
  collectMetrics?: () => ReturnType<MetricReader["collect"]>;
  forceFlush(): Promise<void>;
  /** Flushes and closes every exporter within `timeoutMs` (default 5 s); never throws, never hangs. */
  shutdown(options?: { timeoutMs?: number }): Promise<TelemetryReport>;
  /** OTLP exports that failed so far. */
  failures(): OtlpFailure[];
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

const ALL_SIGNALS: OtlpSignal[] = ["traces", "metrics", "logs"];

/**
 * Builds tracer, meter and logger providers with the requested exporters. They are not registered
 * globally, so several agents with their own telemetry can share a process; the agent gets them explicitly.
 *
 * @example
 * const telemetry = setupTelemetry({ exporters: [{ type: "otlp", url: "http://127.0.0.1:4318" }] });
 * const agent = createAgent({ telemetry });
 * await agent.invoke("What is 6 times 7?", { threadId: "ticket-77" });
 * const { failures } = await telemetry.shutdown();
 */
export function setupTelemetry(options: TelemetryOptions = {}): Telemetry {
  ensureContextManager();
  const env = options.env ?? process.env;
  const profile =
    options.profile === undefined || options.profile === "auto" ? detectProfile(env) : options.profile;
  const envResource = resourceAttributesFromEnv(env);
  const baseResource: Record<string, string> = {
    "service.name": "glassbox",
    ...envResource,
    ...(options.serviceName ? { "service.name": options.serviceName } : {}),
    ...options.resourceAttributes,
  };
  const agentcore =
    profile === "agentcore" ? agentCoreShape(options.agentcore ?? {}, baseResource, env) : undefined;
  const resource = defaultResource().merge(
    resourceFromAttributes({ ...baseResource, ...agentcore?.resource }),
  );
  const captureContent = options.captureContent ?? env[CAPTURE_CONTENT_ENV] === "true";
  const failures = new OtlpFailures();
  const write = options.consoleWrite ?? ((text: string) => process.stderr.write(text));

  const spanProcessors: SpanProcessor[] = [];
  const logProcessors: LogRecordProcessor[] = [];
  const readers: MetricReader[] = [];
  const aborts: Array<() => void> = [];
  let memory: InMemorySpanExporter | undefined;
  let logsMemory: InMemoryLogRecordExporter | undefined;
  let collector: CollectingMetricReader | undefined;
  let consoleSummary = false;

  for (const spec of options.exporters ?? []) {
    switch (spec.type) {
      case "console":
        spanProcessors.push(new SimpleSpanProcessor(new ConsoleTreeExporter(write)));
        consoleSummary = true;
        collector ??= new CollectingMetricReader();
        break;
      case "jsonl":
        spanProcessors.push(new SimpleSpanProcessor(new JsonlFileExporter(spec.path)));
        break;
      case "memory":
        memory ??= new InMemorySpanExporter();
        spanProcessors.push(new SimpleSpanProcessor(memory));
        logsMemory ??= new InMemoryLogRecordExporter();
        logProcessors.push(new SimpleLogRecordProcessor({ exporter: logsMemory }));
        collector ??= new CollectingMetricReader();
        break;
      default: {
        const settings: OtlpSettings = {
          ...(spec.url ? { url: spec.url } : {}),
          ...(spec.endpoints ? { endpoints: spec.endpoints } : {}),
          ...(spec.protocol ? { protocol: spec.protocol } : {}),
          ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}),
          ...(spec.headers ? { headers: spec.headers } : {}),
        };
        const signals = new Set(spec.signals ?? ALL_SIGNALS);
        if (signals.has("traces")) {
          const exporter = new OtlpSpanExporter(resolveOtlpTarget("traces", settings, env), failures);
          aborts.push(() => exporter.abort());
          spanProcessors.push(
            new BatchSpanProcessor(exporter, {
              exportTimeoutMillis: exporter.target.timeoutMs + 1_000,
              ...(options.scheduleDelayMs !== undefined
                ? { scheduledDelayMillis: options.scheduleDelayMs }
                : {}),
            }),
          );
        }
        if (signals.has("metrics")) {
          const exporter = new OtlpMetricExporter(resolveOtlpTarget("metrics", settings, env), failures);
          aborts.push(() => exporter.abort());
          const interval =
            options.metricExportIntervalMs ?? (Number(env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000);
          readers.push(new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: interval }));
        }
        if (signals.has("logs")) {
          const logsSettings = agentcore
            ? { ...settings, headers: { ...agentcore.logsHeaders, ...settings.headers } }
            : settings;
          const exporter = new OtlpLogExporter(resolveOtlpTarget("logs", logsSettings, env), failures);
          aborts.push(() => exporter.abort());
          logProcessors.push(
            new BatchLogRecordProcessor({
              exporter,
              ...(options.scheduleDelayMs !== undefined
                ? { scheduledDelayMillis: options.scheduleDelayMs }
                : {}),
            }),
          );
        }
      }
    }
  }
  if (collector) readers.push(collector);

  const loggerProvider = logProcessors.length
    ? new LoggerProvider({ resource, processors: logProcessors })
    : undefined;
  const logger = loggerProvider?.getLogger(TRACER_NAME, VERSION) ?? createNoopLogger();
  const meterProvider = readers.length ? new MeterProvider({ resource, readers }) : undefined;
  const meter = meterProvider?.getMeter(TRACER_NAME, VERSION);

  const leading: SpanProcessor[] = [];
  // Content moves to log events before any exporter sees the span (the agentcore profile's split).
  if (agentcore && captureContent && loggerProvider) leading.push(new ContentEventsProcessor(logger));
  if (meter) leading.push(new SpanMetricsProcessor(createInstruments(meter)));
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [...leading, ...spanProcessors, ...(options.spanProcessors ?? [])],
  });
  const glassboxTracer = tracerProvider.getTracer(TRACER_NAME, VERSION);
  const tracer = agentcore ? tracerProvider.getTracer(agentcore.scopeName, VERSION) : glassboxTracer;

  const forceFlush = async () => {
    await tracerProvider.forceFlush();
    await meterProvider?.forceFlush();
    await loggerProvider?.forceFlush();
  };

  let closing: Promise<TelemetryReport> | undefined;
  const shutdown = (shutdownOptions: { timeoutMs?: number } = {}): Promise<TelemetryReport> => {
    closing ??= (async () => {
      const timeoutMs = shutdownOptions.timeoutMs ?? 5_000;
      const summary = consoleSummary && collector ? collector.collect() : undefined;
      const work = (async () => {
        await tracerProvider.shutdown();
        await meterProvider?.shutdown();
        await loggerProvider?.shutdown();
      })().then(
        () => false,
        () => false,
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
        timer.unref();
      });
      const timedOut = await Promise.race([work, late]);
      clearTimeout(timer);
      if (timedOut) for (const abort of aborts) abort();
      if (summary) {
        const { resourceMetrics } = await summary;
        const text = renderMetricsSummary(resourceMetrics);
        if (text) write(text);
      }
      return { failures: failures.list(), timedOut };
    })();
    return closing;
  };

  return {
    enabled: true,
    tracer,
    ...(agentcore ? { componentTracer: glassboxTracer } : {}),
    captureContent,
    profile,
    logger,
    ...(meter ? { meter } : {}),
    ...(memory ? { memory } : {}),
    ...(logsMemory ? { logsMemory } : {}),
    ...(collector ? { collectMetrics: () => (collector as CollectingMetricReader).collect() } : {}),
    forceFlush,
    shutdown,
    failures: () => failures.list(),
  };
}

/** Tracing off: a no-op tracer whose spans cost next to nothing. */
export function disabledTelemetry(): Telemetry {
  return {
    // A proxy provider with no delegate hands out no-op tracers, whatever the global provider is.
    enabled: false,
    tracer: new ProxyTracerProvider().getTracer(TRACER_NAME),
    captureContent: false,
    profile: "default",
    logger: createNoopLogger(),
    forceFlush: async () => {},
    shutdown: async () => ({ failures: [], timedOut: false }),
    failures: () => [],
  };
}
