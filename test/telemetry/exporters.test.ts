import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { toInputMessages, toOutputMessages, toSystemInstructions } from "../../src/telemetry/content.ts";
import { parseExporterSpec, setupTelemetry, type Telemetry } from "../../src/telemetry/index.ts";
import { resolveOtlpTarget } from "../../src/telemetry/otlp-config.ts";
import { signRequest } from "../../src/telemetry/sigv4.ts";
import { decodeOtlpProtobuf } from "../helpers/otlp-proto.ts";
import { startOtlpReceiver } from "../helpers/otlp-receiver.ts";
import { freePort } from "../helpers/ports.ts";

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

/** A small trace like an agent's: root with a chat span and a failing tool span. */
async function makeTrace(t: Telemetry) {
  const root = t.tracer.startSpan("invoke_agent demo", {
    attributes: { "glassbox.run.outcome": "answered" },
  });
  const ctx = trace.setSpan(context.active(), root);
  await new Promise((resolve) => setTimeout(resolve, 2));
  const chat = t.tracer.startSpan(
    "chat m",
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.response.finish_reasons": ["tool_use"],
        "gen_ai.usage.input_tokens": 12,
        "gen_ai.usage.output_tokens": 3,
      },
    },
    ctx,
  );
  chat.end();
  const tool = t.tracer.startSpan(
    "execute_tool calc",
    {
      attributes: {
        "glassbox.observation.status": "error",
        "glassbox.observation.size_bytes": 9,
        "error.type": "ToolTimeoutError",
      },
    },
    ctx,
  );
  tool.setStatus({ code: SpanStatusCode.ERROR });
  tool.end();
  root.end();
  return root.spanContext().traceId;
}

describe("exporter specs", () => {
  it("parses the --trace forms and names the accepted ones on error", () => {
    expect(parseExporterSpec("console")).toEqual({ type: "console" });
    expect(parseExporterSpec("otlp")).toEqual({ type: "otlp" });
    expect(parseExporterSpec("otlp=http://127.0.0.1:4318")).toEqual({
      type: "otlp",
      url: "http://127.0.0.1:4318",
    });
    expect(parseExporterSpec("otlp+json=http://c:4318/v1/traces")).toEqual({
      type: "otlp",
      url: "http://c:4318/v1/traces",
      protocol: "http/json",
    });
    expect(parseExporterSpec("jsonl=out/spans.jsonl")).toEqual({ type: "jsonl", path: "out/spans.jsonl" });
    expect(() => parseExporterSpec("zipkin")).toThrow(
      '--trace "zipkin": expected console, otlp, otlp=<url>, otlp+json=<url>, jsonl=<path> or memory',
    );
    expect(() => parseExporterSpec("jsonl=")).toThrow(/expected/);
    expect(() => parseExporterSpec("otlp=not a url")).toThrow(/expected/);
  });
});

describe("OTLP endpoints, as the OTLP exporter spec says", () => {
  it("uses per-signal URLs as given and appends /v1/<signal> only to base URLs", () => {
    const env = {};
    expect(resolveOtlpTarget("traces", { url: "https://c.example/x/v1/traces" }, env).url).toBe(
      "https://c.example/x/v1/traces",
    );
    // A full traces URL also names the collector for the other signals.
    expect(resolveOtlpTarget("metrics", { url: "https://c.example/x/v1/traces" }, env).url).toBe(
      "https://c.example/x/v1/metrics",
    );
    expect(resolveOtlpTarget("logs", { url: "http://c:4318/" }, env).url).toBe("http://c:4318/v1/logs");
    expect(
      resolveOtlpTarget("traces", {}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://t:1/api/spans" }).url,
    ).toBe("http://t:1/api/spans");
    expect(resolveOtlpTarget("traces", {}, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://g:4318/otel" }).url).toBe(
      "http://g:4318/otel/v1/traces",
    );
    // The signal-specific variable wins over the generic one; explicit settings win over both.
    const both = {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://g:4318",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://t:9/x",
    };
    expect(resolveOtlpTarget("traces", {}, both).url).toBe("http://t:9/x");
    expect(resolveOtlpTarget("metrics", {}, both).url).toBe("http://g:4318/v1/metrics");
    expect(resolveOtlpTarget("traces", { url: "http://flag:1" }, both).url).toBe("http://flag:1/v1/traces");
    expect(resolveOtlpTarget("traces", {}, {}).url).toBe("http://localhost:4318/v1/traces");
  });

  it("reads protocol, headers and timeout from the generic and per-signal variables", () => {
    const target = resolveOtlpTarget(
      "logs",
      {},
      {
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_EXPORTER_OTLP_HEADERS: "x-team=payments,Authorization=Basic%20abc",
        OTEL_EXPORTER_OTLP_LOGS_HEADERS: "x-team=logs",
        OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: "1500",
      },
    );
    expect(target).toMatchObject({
      protocol: "http/json",
      headers: { "x-team": "logs", authorization: "Basic abc" },
      timeoutMs: 1500,
    });
    expect(resolveOtlpTarget("traces", {}, {}).protocol).toBe("http/protobuf");
    expect(() => resolveOtlpTarget("traces", {}, { OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toThrow(
      /OTLP protocol "grpc" is not supported/,
    );
    expect(() => resolveOtlpTarget("traces", {}, { OTEL_EXPORTER_OTLP_HEADERS: "novalue" })).toThrow(
      /OTEL_EXPORTER_OTLP_HEADERS: expected key=value pairs/,
    );
    expect(() => resolveOtlpTarget("traces", {}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "ftp://x" })).toThrow(
      /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be http/,
    );
    expect(
      resolveOtlpTarget("traces", { url: "https://xray.eu-west-1.amazonaws.com/v1/traces" }, {}).sigv4,
    ).toEqual({
      service: "xray",
      region: "eu-west-1",
    });
  });

  it("signs requests to AWS OTLP endpoints with SigV4", async () => {
    const url = new URL("https://xray.us-east-1.amazonaws.com/v1/traces");
    const headers = await signRequest(
      url,
      { "content-type": "application/x-protobuf", "content-length": "3" },
      new Uint8Array([1, 2, 3]),
      { service: "xray", region: "us-east-1" },
      async () => ({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }),
    );
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/xray\/aws4_request, SignedHeaders=[^,]*content-type[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers["content-length"]).toBe("3");
  });
});

describe("exporters", () => {
  it("prints a console tree under its trace id, children in start order and errors marked", async () => {
    let out = "";
    telemetry = setupTelemetry({ exporters: [{ type: "console" }], consoleWrite: (text) => (out += text) });
    const traceId = await makeTrace(telemetry);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toBe(`trace ${traceId}`);
    expect(lines[1]).toMatch(/^invoke_agent demo {2}\d+(\.\d)? ms {2}answered$/);
    expect(lines[2]).toMatch(/^├─ chat m {2}[\d.]+ ms {2}tool_use {2}in 12 · out 3$/);
    expect(lines[3]).toMatch(/^└─ execute_tool calc {2}[\d.]+ ms {2}error {2}9 B {2}✗ ToolTimeoutError$/);
  });

  it("writes one OTLP/JSON ExportTraceServiceRequest per trace to a private file", async () => {
    const path = join(tmpdir(), `glassbox-${process.pid}-${Date.now()}`, "nested", "spans.jsonl");
    telemetry = setupTelemetry({ exporters: [{ type: "jsonl", path }], serviceName: "svc" });
    const first = await makeTrace(telemetry);
    const second = await makeTrace(telemetry);
    await telemetry.forceFlush();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(path, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(2);
    const request = JSON.parse(lines[0] ?? "{}");
    const resource = request.resourceSpans[0].resource.attributes;
    expect(resource).toContainEqual({ key: "service.name", value: { stringValue: "svc" } });
    const scope = request.resourceSpans[0].scopeSpans[0];
    expect(scope.scope.name).toBe("glassbox");
    expect(scope.spans.map((span: { name: string }) => span.name)).toEqual([
      "chat m",
      "execute_tool calc",
      "invoke_agent demo",
    ]);
    const root = scope.spans[2];
    expect(root.traceId).toBe(first);
    expect(scope.spans[0].parentSpanId).toBe(root.spanId);
    expect(scope.spans[0].kind).toBe(3); // SPAN_KIND_CLIENT in OTLP
    expect(scope.spans[0].attributes).toContainEqual({
      key: "gen_ai.usage.input_tokens",
      value: { intValue: 12 },
    });
    expect(JSON.parse(lines[1] ?? "{}").resourceSpans[0].scopeSpans[0].spans[0].traceId).toBe(second);
  });

  for (const protocol of ["http/protobuf", "http/json"] as const) {
    it(`sends OTLP/HTTP ${protocol} to a collector, with OTEL_EXPORTER_OTLP_HEADERS`, async () => {
      const receiver = await startOtlpReceiver();
      try {
        telemetry = setupTelemetry({
          exporters: [{ type: "otlp", url: receiver.url, protocol }],
          env: { OTEL_EXPORTER_OTLP_HEADERS: "x-team=payments" },
        });
        await makeTrace(telemetry);
        await telemetry.forceFlush();
        const request = receiver.requests.find((r) => r.signal === "traces");
        expect(request?.path).toBe("/v1/traces");
        expect(request?.encoding).toBe(protocol === "http/json" ? "json" : "protobuf");
        expect(request?.headers["x-team"]).toBe("payments");
        const spans = receiver.spans();
        expect(spans.map((span) => span.scope.name)).toEqual(["glassbox", "glassbox", "glassbox"]);
        expect(spans.map((span) => span.name).sort()).toEqual([
          "chat m",
          "execute_tool calc",
          "invoke_agent demo",
        ]);
        const root = spans.find((span) => span.name === "invoke_agent demo");
        const chat = spans.find((span) => span.name === "chat m");
        expect(chat?.parentSpanId).toBe(root?.spanId);
        expect(chat?.kind).toBe(3);
        expect(chat?.attributes["gen_ai.response.finish_reasons"]).toEqual(["tool_use"]);
        expect(spans.find((span) => span.name === "execute_tool calc")?.status.code).toBe(2);
      } finally {
        await receiver.close();
      }
    });
  }

  it("decodes protobuf and JSON of the same batch to the same OTLP/JSON objects", async () => {
    const { JsonTraceSerializer, ProtobufTraceSerializer } = await import("@opentelemetry/otlp-transformer");
    telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    await makeTrace(telemetry);
    const spans = telemetry.memory?.getFinishedSpans() ?? [];
    const json = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)));
    const decoded = decodeOtlpProtobuf(
      "traces",
      ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array(),
    );
    const names = (body: {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
    }) =>
      body.resourceSpans[0]?.scopeSpans[0]?.spans.map((span) => [
        span.name,
        span.traceId,
        span.parentSpanId ?? "",
      ]);
    expect(names(decoded as never)).toEqual(names(json));
  });

  it("uses a full /v1/traces URL as given, path prefix included", async () => {
    const receiver = await startOtlpReceiver({ paths: { "/otel/v1/traces": "traces" } });
    try {
      telemetry = setupTelemetry({
        exporters: [{ type: "otlp", url: `${receiver.url}/otel/v1/traces`, signals: ["traces"] }],
      });
      await makeTrace(telemetry);
      await telemetry.forceFlush();
      expect(receiver.requests.map((request) => request.path)).toEqual(["/otel/v1/traces"]);
      expect(receiver.spans()).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });

  it("reports a refused collector as an OTLP failure, quickly, without throwing", async () => {
    const port = await freePort();
    telemetry = setupTelemetry({ exporters: [{ type: "otlp", url: `http://127.0.0.1:${port}` }] });
    await makeTrace(telemetry);
    const started = performance.now();
    const report = await telemetry.shutdown({ timeoutMs: 3_000 });
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(report.timedOut).toBe(false);
    const traces = report.failures.find((failure) => failure.signal === "traces");
    expect(traces).toMatchObject({ url: `http://127.0.0.1:${port}/v1/traces`, dropped: 3 });
    expect(traces?.reason).toMatch(/^ECONNREFUSED/);
  });

  it("cuts off a collector that accepts connections and never answers at the shutdown deadline", async () => {
    const sockets: Array<{ destroy(): void }> = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      telemetry = setupTelemetry({
        exporters: [{ type: "otlp", url: `http://127.0.0.1:${port}`, timeoutMs: 30_000 }],
      });
      await makeTrace(telemetry);
      const started = performance.now();
      const report = await telemetry.shutdown({ timeoutMs: 400 });
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(report.timedOut).toBe(true);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("names the collector's refusal (HTTP 503 after retries) as an OTLP failure", async () => {
    const receiver = await startOtlpReceiver({ status: 503 });
    try {
      telemetry = setupTelemetry({
        exporters: [{ type: "otlp", url: receiver.url, signals: ["traces"], timeoutMs: 2_000 }],
      });
      await makeTrace(telemetry);
      const report = await telemetry.shutdown();
      expect(receiver.requests.length).toBe(3);
      expect(report.failures[0]?.reason).toBe("HTTP 503: unavailable");
    } finally {
      await receiver.close();
    }
  });
});

describe("message content for opt-in capture", () => {
  it("follows the GenAI message shapes and truncates long parts", () => {
    const ai = new AIMessage({
      content: "let me check",
      tool_calls: [{ id: "t1", name: "calc", args: { x: 1 } }],
    });
    const messages = [
      new SystemMessage("sys"),
      new HumanMessage("hi"),
      ai,
      new ToolMessage({ content: "42", tool_call_id: "t1" }),
    ];
    expect(JSON.parse(toInputMessages(messages))).toEqual([
      { role: "user", parts: [{ type: "text", content: "hi" }] },
      {
        role: "assistant",
        parts: [
          { type: "text", content: "let me check" },
          { type: "tool_call", id: "t1", name: "calc", arguments: { x: 1 } },
        ],
      },
      { role: "tool", parts: [{ type: "tool_call_response", id: "t1", result: "42" }] },
    ]);
    expect(JSON.parse(toOutputMessages(new AIMessage("done"), "end_turn"))).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "done" }], finish_reason: "end_turn" },
    ]);
    expect(JSON.parse(toSystemInstructions("x".repeat(10), 4))[0].content).toBe("xxxx…[truncated 6 chars]");
  });
});
