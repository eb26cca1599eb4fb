/**
 * The OTLP request messages (opentelemetry-proto v1: common, resource, trace, metrics, logs) as a
 * protobufjs schema, for decoding what exporters send. Written from the published field numbers, so it
 * checks the exporters' encoding independently of the encoder they use.
 */
import protobuf from "protobufjs";

const f = (id: number, type: string, rule?: "repeated") => ({ id, type, ...(rule ? { rule } : {}) });

const schema = {
  nested: {
    otlp: {
      nested: {
        AnyValue: {
          oneofs: {
            value: {
              oneof: [
                "stringValue",
                "boolValue",
                "intValue",
                "doubleValue",
                "arrayValue",
                "kvlistValue",
                "bytesValue",
              ],
            },
          },
          fields: {
            stringValue: f(1, "string"),
            boolValue: f(2, "bool"),
            intValue: f(3, "int64"),
            doubleValue: f(4, "double"),
            arrayValue: f(5, "ArrayValue"),
            kvlistValue: f(6, "KeyValueList"),
            bytesValue: f(7, "bytes"),
          },
        },
        ArrayValue: { fields: { values: f(1, "AnyValue", "repeated") } },
        KeyValueList: { fields: { values: f(1, "KeyValue", "repeated") } },
        KeyValue: { fields: { key: f(1, "string"), value: f(2, "AnyValue") } },
        InstrumentationScope: {
          fields: {
            name: f(1, "string"),
            version: f(2, "string"),
            attributes: f(3, "KeyValue", "repeated"),
            droppedAttributesCount: f(4, "uint32"),
          },
        },
        Resource: {
          fields: { attributes: f(1, "KeyValue", "repeated"), droppedAttributesCount: f(2, "uint32") },
        },
        ExportTraceServiceRequest: { fields: { resourceSpans: f(1, "ResourceSpans", "repeated") } },
        ResourceSpans: {
          fields: {
            resource: f(1, "Resource"),
            scopeSpans: f(2, "ScopeSpans", "repeated"),
            schemaUrl: f(3, "string"),
          },
        },
        ScopeSpans: {
          fields: {
            scope: f(1, "InstrumentationScope"),
            spans: f(2, "Span", "repeated"),
            schemaUrl: f(3, "string"),
          },
        },
        Span: {
          fields: {
            traceId: f(1, "bytes"),
            spanId: f(2, "bytes"),
            traceState: f(3, "string"),
            parentSpanId: f(4, "bytes"),
            flags: f(16, "fixed32"),
            name: f(5, "string"),
            kind: f(6, "int32"),
            startTimeUnixNano: f(7, "fixed64"),
            endTimeUnixNano: f(8, "fixed64"),
            attributes: f(9, "KeyValue", "repeated"),
            droppedAttributesCount: f(10, "uint32"),
            events: f(11, "Event", "repeated"),
            droppedEventsCount: f(12, "uint32"),
            links: f(13, "Link", "repeated"),
            droppedLinksCount: f(14, "uint32"),
            status: f(15, "Status"),
          },
        },
        Event: {
          fields: {
            timeUnixNano: f(1, "fixed64"),
            name: f(2, "string"),
            attributes: f(3, "KeyValue", "repeated"),
            droppedAttributesCount: f(4, "uint32"),
          },
        },
        Link: {
          fields: {
            traceId: f(1, "bytes"),
            spanId: f(2, "bytes"),
            traceState: f(3, "string"),
            attributes: f(4, "KeyValue", "repeated"),
            droppedAttributesCount: f(5, "uint32"),
            flags: f(6, "fixed32"),
          },
        },
        Status: { fields: { message: f(2, "string"), code: f(3, "int32") } },
        ExportMetricsServiceRequest: { fields: { resourceMetrics: f(1, "ResourceMetrics", "repeated") } },
        ResourceMetrics: {
          fields: {
            resource: f(1, "Resource"),
            scopeMetrics: f(2, "ScopeMetrics", "repeated"),
            schemaUrl: f(3, "string"),
          },
        },
        ScopeMetrics: {
          fields: {
            scope: f(1, "InstrumentationScope"),
            metrics: f(2, "Metric", "repeated"),
            schemaUrl: f(3, "string"),
          },
        },
        Metric: {
          oneofs: { data: { oneof: ["gauge", "sum", "histogram", "exponentialHistogram", "summary"] } },
          fields: {
            name: f(1, "string"),
            description: f(2, "string"),
            unit: f(3, "string"),
            gauge: f(5, "Gauge"),
            sum: f(7, "Sum"),
            histogram: f(9, "Histogram"),
            exponentialHistogram: f(10, "bytes"),
            summary: f(11, "bytes"),
            metadata: f(12, "KeyValue", "repeated"),
          },
        },
        Gauge: { fields: { dataPoints: f(1, "NumberDataPoint", "repeated") } },
        Sum: {
          fields: {
            dataPoints: f(1, "NumberDataPoint", "repeated"),
            aggregationTemporality: f(2, "int32"),
            isMonotonic: f(3, "bool"),
          },
        },
        Histogram: {
          fields: {
            dataPoints: f(1, "HistogramDataPoint", "repeated"),
            aggregationTemporality: f(2, "int32"),
          },
        },
        NumberDataPoint: {
          oneofs: { value: { oneof: ["asDouble", "asInt"] } },
          fields: {
            attributes: f(7, "KeyValue", "repeated"),
            startTimeUnixNano: f(2, "fixed64"),
            timeUnixNano: f(3, "fixed64"),
            asDouble: f(4, "double"),
            asInt: f(6, "sfixed64"),
            flags: f(8, "uint32"),
          },
        },
        HistogramDataPoint: {
          oneofs: {
            _sum: { oneof: ["sum"] },
            _min: { oneof: ["min"] },
            _max: { oneof: ["max"] },
          },
          fields: {
            attributes: f(9, "KeyValue", "repeated"),
            startTimeUnixNano: f(2, "fixed64"),
            timeUnixNano: f(3, "fixed64"),
            count: f(4, "fixed64"),
            sum: f(5, "double"),
            bucketCounts: f(6, "fixed64", "repeated"),
            explicitBounds: f(7, "double", "repeated"),
            flags: f(10, "uint32"),
            min: f(11, "double"),
            max: f(12, "double"),
          },
        },
        ExportLogsServiceRequest: { fields: { resourceLogs: f(1, "ResourceLogs", "repeated") } },
        ResourceLogs: {
          fields: {
            resource: f(1, "Resource"),
            scopeLogs: f(2, "ScopeLogs", "repeated"),
            schemaUrl: f(3, "string"),
          },
        },
        ScopeLogs: {
          fields: {
            scope: f(1, "InstrumentationScope"),
            logRecords: f(2, "LogRecord", "repeated"),
            schemaUrl: f(3, "string"),
          },
        },
        LogRecord: {
          fields: {
            timeUnixNano: f(1, "fixed64"),
            observedTimeUnixNano: f(11, "fixed64"),
            severityNumber: f(2, "int32"),
            severityText: f(3, "string"),
            body: f(5, "AnyValue"),
            attributes: f(6, "KeyValue", "repeated"),
            droppedAttributesCount: f(7, "uint32"),
            flags: f(8, "fixed32"),
            traceId: f(9, "bytes"),
            spanId: f(10, "bytes"),
            eventName: f(12, "string"),
          },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(schema);

const REQUEST = {
  traces: "otlp.ExportTraceServiceRequest",
  metrics: "otlp.ExportMetricsServiceRequest",
  logs: "otlp.ExportLogsServiceRequest",
} as const;

/** Decodes an OTLP/HTTP protobuf request body into the OTLP/JSON object shape (ids as hex, int64 as strings). */
export function decodeOtlpProtobuf(signal: keyof typeof REQUEST, body: Uint8Array): unknown {
  const type = root.lookupType(REQUEST[signal]);
  const message = type.decode(body);
  const object = type.toObject(message, { longs: String, bytes: Array, defaults: false, oneofs: false });
  return hexIds(object);
}

const ID_FIELDS = new Set(["traceId", "spanId", "parentSpanId"]);

function hexIds(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    if (key && ID_FIELDS.has(key)) return Buffer.from(value as number[]).toString("hex");
    return value.map((item) => hexIds(item));
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = hexIds(v, k);
    return out;
  }
  return value;
}
