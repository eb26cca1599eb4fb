import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { toInputMessages, toOutputMessages, toSystemInstructions } from "../../src/telemetry/content.ts";
import { parseExporterSpec, setupTelemetry, type Telemetry } from "../../src/telemetry/index.ts";
import { startOtlpReceiver } from "../helpers/otlp-receiver.ts";

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
}

describe("exporter specs", () => {
  it("parses the --trace forms and names the accepted ones on error", () => {
    expect(parseExporterSpec("console")).toEqual({ type: "console" });
    expect(parseExporterSpec("otlp")).toEqual({ type: "otlp" });
    expect(parseExporterSpec("otlp=http://127.0.0.1:4318")).toEqual({
      type: "otlp",
      url: "http://127.0.0.1:4318",
    });
    expect(parseExporterSpec("jsonl=out/spans.jsonl")).toEqual({ type: "jsonl", path: "out/spans.jsonl" });
    expect(() => parseExporterSpec("zipkin")).toThrow(
      '--trace "zipkin": expected console, otlp, otlp=<url>, jsonl=<path> or memory',
    );
    expect(() => parseExporterSpec("jsonl=")).toThrow(/expected/);
  });
});

describe("exporters", () => {
  it("prints a console tree with children in start order and errors marked", async () => {
    let out = "";
    telemetry = setupTelemetry({ exporters: [{ type: "console" }], consoleWrite: (text) => (out += text) });
    await makeTrace(telemetry);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^invoke_agent demo {2}\d+(\.\d)? ms {2}answered$/);
    expect(lines[1]).toMatch(/^├─ chat m {2}[\d.]+ ms {2}tool_use {2}in 12 · out 3$/);
    expect(lines[2]).toMatch(/^└─ execute_tool calc {2}[\d.]+ ms {2}error {2}9 B {2}✗ ToolTimeoutError$/);
  });

  it("writes one JSON line per span with parent ids", async () => {
    const path = join(tmpdir(), `glassbox-${process.pid}`, "nested", "spans.jsonl");
    telemetry = setupTelemetry({ exporters: [{ type: "jsonl", path }], serviceName: "svc" });
    await makeTrace(telemetry);
    await telemetry.forceFlush();
    const spans = (await readFile(path, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(spans.map((span) => span.name)).toEqual(["chat m", "execute_tool calc", "invoke_agent demo"]);
    const root = spans[2];
    expect(spans[0].parentSpanId).toBe(root.spanId);
    expect(spans[0].kind).toBe("CLIENT");
    expect(root.resource["service.name"]).toBe("svc");
    expect(root.scope).toBe("glassbox");
  });

  it("sends OTLP/HTTP JSON to a collector, with OTEL_EXPORTER_OTLP_HEADERS", async () => {
    const receiver = await startOtlpReceiver();
    process.env.OTEL_EXPORTER_OTLP_HEADERS = "x-team=payments";
    try {
      telemetry = setupTelemetry({ exporters: [{ type: "otlp", url: receiver.url }] });
      await makeTrace(telemetry);
      await telemetry.forceFlush();
      const request = receiver.requests[0];
      expect(request?.path).toBe("/v1/traces");
      expect(request?.headers["content-type"]).toMatch(/application\/json/);
      expect(request?.headers["x-team"]).toBe("payments");
      const body = request?.body as {
        resourceSpans: Array<{
          scopeSpans: Array<{
            scope: { name: string };
            spans: Array<{ name: string; parentSpanId?: string; spanId: string }>;
          }>;
        }>;
      };
      const scope = body.resourceSpans[0]?.scopeSpans[0];
      expect(scope?.scope.name).toBe("glassbox");
      const names = scope?.spans.map((span) => span.name).sort();
      expect(names).toEqual(["chat m", "execute_tool calc", "invoke_agent demo"]);
      const root = scope?.spans.find((span) => span.name === "invoke_agent demo");
      expect(scope?.spans.find((span) => span.name === "chat m")?.parentSpanId).toBe(root?.spanId);
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_HEADERS;
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
