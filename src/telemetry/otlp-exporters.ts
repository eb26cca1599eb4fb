import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import type { LogRecordExporter, ReadableLogRecord } from "@opentelemetry/sdk-logs";
import {
  AggregationTemporality,
  type PushMetricExporter,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { OtlpProtocol, OtlpSignal, OtlpTarget } from "./otlp-config.ts";
import { OtlpExportError } from "./otlp-error.ts";
import { OtlpSender } from "./otlp-sender.ts";

/** One signal's export trouble, kept so the CLI can say what was lost and why. */
export interface OtlpFailure {
  signal: OtlpSignal;
  url: string;
  reason: string;
  /** Spans, metric data points or log records that did not arrive. */
  dropped: number;
}

/** Collects export failures across signals; nothing is printed from inside an exporter. */
export class OtlpFailures {
  private readonly bySignal = new Map<string, OtlpFailure>();

  record(error: OtlpExportError, dropped: number): void {
    const key = `${error.signal} ${error.url}`;
    const previous = this.bySignal.get(key);
    this.bySignal.set(key, {
      signal: error.signal,
      url: error.url,
      reason: error.reason,
      dropped: (previous?.dropped ?? 0) + dropped,
    });
  }

  list(): OtlpFailure[] {
    return [...this.bySignal.values()];
  }
}

type Serializer<T> = { serializeRequest(items: T): Uint8Array | undefined };

/** The OTLP encoders, loaded when the first batch is exported (they are not needed otherwise). */
async function serializers(protocol: OtlpProtocol) {
  const t = await import("@opentelemetry/otlp-transformer");
  return protocol === "http/json"
    ? { traces: t.JsonTraceSerializer, metrics: t.JsonMetricsSerializer, logs: t.JsonLogsSerializer }
    : {
        traces: t.ProtobufTraceSerializer,
        metrics: t.ProtobufMetricsSerializer,
        logs: t.ProtobufLogsSerializer,
      };
}

/** The send-and-report part shared by the three exporters. */
class OtlpChannel<T> {
  readonly sender: OtlpSender;
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(
    readonly target: OtlpTarget,
    private readonly failures: OtlpFailures,
    private readonly pick: (s: Awaited<ReturnType<typeof serializers>>) => Serializer<T>,
  ) {
    this.sender = new OtlpSender(target);
  }

  export(items: T, count: number, done: (result: ExportResult) => void): void {
    if (this.closed) {
      done({ code: ExportResultCode.FAILED, error: new Error("the OTLP exporter was shut down") });
      return;
    }
    const work = this.send(items).then(
      () => done({ code: ExportResultCode.SUCCESS }),
      (error: unknown) => {
        const failure =
          error instanceof OtlpExportError
            ? error
            : new OtlpExportError(this.target.signal, this.target.url, (error as Error).message);
        this.failures.record(failure, count);
        done({ code: ExportResultCode.FAILED, error: failure });
      },
    );
    this.pending.add(work);
    work.finally(() => this.pending.delete(work));
  }

  private async send(items: T): Promise<void> {
    const body = this.pick(await serializers(this.target.protocol)).serializeRequest(items);
    if (!body) throw new Error("the batch could not be encoded");
    await this.sender.send(body);
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    await this.flush();
    this.sender.abort();
  }
}

/** What the three OTLP/HTTP exporters share: one channel, its target, flush, shutdown and abort. */
abstract class OtlpExporter<T> {
  protected readonly channel: OtlpChannel<T>;
  constructor(
    target: OtlpTarget,
    failures: OtlpFailures,
    pick: (s: Awaited<ReturnType<typeof serializers>>) => Serializer<T>,
  ) {
    this.channel = new OtlpChannel(target, failures, pick);
  }
  get target(): OtlpTarget {
    return this.channel.target;
  }
  forceFlush(): Promise<void> {
    return this.channel.flush();
  }
  shutdown(): Promise<void> {
    return this.channel.shutdown();
  }
  /** Ends in-flight requests at once (a shutdown that ran out of time). */
  abort(): void {
    this.channel.sender.abort();
  }
}

/** OTLP/HTTP span exporter (protobuf or JSON) with exact URLs, bounded sends and named failures. */
export class OtlpSpanExporter extends OtlpExporter<ReadableSpan[]> implements SpanExporter {
  constructor(target: OtlpTarget, failures: OtlpFailures) {
    super(target, failures, (s) => s.traces);
  }
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.channel.export(spans, spans.length, done);
  }
}

/** OTLP/HTTP metric exporter (cumulative temporality, the OTLP default). */
export class OtlpMetricExporter extends OtlpExporter<ResourceMetrics> implements PushMetricExporter {
  constructor(target: OtlpTarget, failures: OtlpFailures) {
    super(target, failures, (s) => s.metrics);
  }
  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    const points = metrics.scopeMetrics.reduce(
      (sum, scope) => sum + scope.metrics.reduce((n, metric) => n + metric.dataPoints.length, 0),
      0,
    );
    this.channel.export(metrics, points, done);
  }
  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }
}

/** OTLP/HTTP log record exporter. */
export class OtlpLogExporter extends OtlpExporter<ReadableLogRecord[]> implements LogRecordExporter {
  constructor(target: OtlpTarget, failures: OtlpFailures) {
    super(target, failures, (s) => s.logs);
  }
  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    this.channel.export(records, records.length, done);
  }
}
