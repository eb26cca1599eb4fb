import { describe, expect, it } from "vitest";
import {
  axisTicks,
  parseTraceFile,
  TraceFileError,
  tracesOf,
  waterfallRows,
} from "../../src/studio/shared/trace-model.ts";

const request = (spans: unknown[]) =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
        scopeSpans: [{ spans }],
      },
    ],
  });
const span = (id: string, parent: string | undefined, name: string, start: number, end: number) => ({
  traceId: "5b8efff798038103d269b633813fc60c",
  spanId: id,
  ...(parent ? { parentSpanId: parent } : {}),
  name,
  kind: 3,
  startTimeUnixNano: `${1_700_000_000_000 + start}000000`,
  endTimeUnixNano: `${1_700_000_000_000 + end}000123`,
  attributes: [
    { key: "gen_ai.usage.input_tokens", value: { intValue: "12" } },
    { key: "ids", value: { arrayValue: { values: [{ stringValue: "S1" }, { stringValue: "S2" }] } } },
  ],
  events: [
    { name: "gen_ai.tool.review", timeUnixNano: `${1_700_000_000_000 + start + 1}000000`, attributes: [] },
  ],
  status: { code: parent ? 0 : 2, message: parent ? undefined : "boom" },
});

describe("trace files", () => {
  it("reads OTLP/JSON lines: times in ms, typed attributes, events, status, nesting", () => {
    const text = `${request([span("a1", undefined, "invoke_agent x", 0, 100), span("b2", "a1", "chat m", 10, 40)])}\n\n${request([span("c3", "a1", "execute_tool calculator", 50, 60)])}\n`;
    const spans = parseTraceFile(text);
    expect(spans).toHaveLength(3);
    expect(spans[1]).toMatchObject({
      name: "chat m",
      kind: "client",
      parentSpanId: "a1",
      service: "svc",
      attributes: { "gen_ai.usage.input_tokens": 12, ids: ["S1", "S2"] },
      status: { code: "unset" },
    });
    expect((spans[1]?.endMs ?? 0) - (spans[1]?.startMs ?? 0)).toBeCloseTo(30, 3);
    expect(spans[0]?.status).toEqual({ code: "error", message: "boom" });
    expect(spans[0]?.events[0]?.name).toBe("gen_ai.tool.review");
    const { rows, totalMs } = waterfallRows(spans);
    expect(rows.map((row) => [row.span.name, row.depth])).toEqual([
      ["invoke_agent x", 0],
      ["chat m", 1],
      ["execute_tool calculator", 1],
    ]);
    expect(totalMs).toBeCloseTo(100, 3);
    expect(tracesOf(spans)).toMatchObject([{ rootName: "invoke_agent x", spanCount: 3, errors: 1 }]);
  });

  it("reads one pretty-printed OTLP/JSON document too", () => {
    const doc = JSON.stringify(JSON.parse(request([span("a1", undefined, "root", 0, 5)])), null, 2);
    expect(parseTraceFile(doc).map((s) => s.name)).toEqual(["root"]);
  });

  it("names the line that is not OTLP/JSON", () => {
    const text = `${request([span("a1", undefined, "root", 0, 5)])}\n{"resourceSpans": [{"scopeSpans": [{"spans": [{"name": "x"}]}]}]}\n`;
    expect(() => parseTraceFile(text)).toThrow(
      new TraceFileError('span "x" lacks traceId, spanId or valid start/end times', 2),
    );
    expect(() => parseTraceFile(`${request([])}\nnot json\n`)).toThrow(/^line 2: not JSON/);
    expect(() => parseTraceFile('{"spans": []}')).toThrow(/expected an OTLP\/JSON ExportTraceServiceRequest/);
    expect(() => parseTraceFile("  ")).toThrow("the file is empty");
  });

  it("puts axis ticks on round values", () => {
    expect(axisTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(axisTicks(37)).toEqual([0, 10, 20, 30]);
  });
});
