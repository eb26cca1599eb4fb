import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent } from "../../src/agent/index.ts";
import { ATTR } from "../../src/telemetry/attributes.ts";
import { setupTelemetry, type Telemetry } from "../../src/telemetry/index.ts";
import { defineTool } from "../../src/tools/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

const weather = defineTool({
  name: "weather",
  description: "Weather for a city",
  input: z.object({ city: z.string() }),
  run: ({ city }) => ({ city, celsius: 21 }),
});
const time = defineTool({
  name: "local_time",
  description: "Local time in a city",
  input: z.object({ city: z.string() }),
  run: () => "14:05",
});

const twoToolScript = [
  {
    toolUse: [
      { name: "weather", input: { city: "Oslo" }, toolUseId: "tooluse_w" },
      { name: "local_time", input: { city: "Oslo" }, toolUseId: "tooluse_t" },
    ],
  },
  { text: "It is 21 °C and 14:05 in Oslo." },
];

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

async function runTwoTools(captureContent: boolean) {
  const server = await localBedrock({ script: twoToolScript });
  telemetry = setupTelemetry({ exporters: [{ type: "memory" }], captureContent });
  const agent = createAgent({
    name: "travel",
    model: localModel(server, { streaming: false, modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0" }),
    tools: [weather, time],
    systemPrompt: "Be brief.",
    telemetry,
  });
  const result = await agent.invoke("Weather and time in Oslo?", {
    threadId: "thread-7",
    attributes: { "app.team": "travel-desk" },
  });
  const spans = telemetry.memory?.getFinishedSpans() ?? [];
  return { result, spans };
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe("spans for every step", () => {
  it("builds invoke_agent → chat / execute_tool with GenAI attributes for a two-tool run", async () => {
    const { spans } = await runTwoTools(false);
    const names = spans.map((span) => span.name).sort();
    expect(names).toEqual([
      "chat us.anthropic.claude-haiku-4-5-20251001-v1:0",
      "chat us.anthropic.claude-haiku-4-5-20251001-v1:0",
      "execute_tool local_time",
      "execute_tool weather",
      "invoke_agent travel",
    ]);
    const root = spans.find((span) => span.name === "invoke_agent travel");
    expect(root && parentOf(root)).toBeUndefined();
    for (const span of spans.filter((s) => s !== root)) {
      expect(parentOf(span)).toBe(root?.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(root?.spanContext().traceId);
    }
    for (const span of spans) {
      expect(span.attributes[ATTR.conversationId]).toBe("thread-7");
      expect(span.attributes["app.team"]).toBe("travel-desk");
      expect(span.attributes[ATTR.providerName]).toBe("aws.bedrock");
    }
    expect(root?.attributes[ATTR.agentName]).toBe("travel");
    expect(root?.attributes[ATTR.runOutcome]).toBe("answered");

    const chats = spans
      .filter((span) => span.attributes[ATTR.operationName] === "chat")
      .sort((a, b) => Number(a.attributes[ATTR.reactStep]) - Number(b.attributes[ATTR.reactStep]));
    expect(chats.map((span) => span.kind)).toEqual([2, 2]); // SpanKind.CLIENT
    expect(chats[0]?.attributes[ATTR.responseFinishReasons]).toEqual(["tool_use"]);
    expect(chats[1]?.attributes[ATTR.responseFinishReasons]).toEqual(["end_turn"]);
    expect(chats[0]?.attributes[ATTR.requestModel]).toBe("us.anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(Number(chats[0]?.attributes[ATTR.usageInputTokens])).toBeGreaterThan(0);
    expect(chats[0]?.attributes[ATTR.responseId]).toBeTruthy();

    const weatherSpan = spans.find((span) => span.name === "execute_tool weather");
    expect(weatherSpan?.attributes).toMatchObject({
      [ATTR.operationName]: "execute_tool",
      [ATTR.toolName]: "weather",
      [ATTR.toolCallId]: "tooluse_w",
      [ATTR.reactStep]: 1,
      [ATTR.observationStatus]: "success",
      [ATTR.observationSizeBytes]: Buffer.byteLength(JSON.stringify({ city: "Oslo", celsius: 21 })),
    });
    expect(weatherSpan?.events.map((event) => event.name)).toContain("glassbox.observation");
  });

  it("keeps message content off spans unless opted in", async () => {
    const off = await runTwoTools(false);
    const contentKeys = [
      ATTR.inputMessages,
      ATTR.outputMessages,
      ATTR.systemInstructions,
      ATTR.toolCallArguments,
      ATTR.toolCallResult,
    ];
    for (const span of off.spans) for (const key of contentKeys) expect(span.attributes[key]).toBeUndefined();
    expect(JSON.stringify(off.spans.map((span) => span.attributes))).not.toContain("Oslo");

    await telemetry?.shutdown();
    const on = await runTwoTools(true);
    const chat = on.spans.find(
      (span) => span.attributes[ATTR.reactStep] === 1 && span.attributes[ATTR.operationName] === "chat",
    );
    expect(String(chat?.attributes[ATTR.inputMessages])).toContain("Weather and time in Oslo?");
    expect(String(chat?.attributes[ATTR.systemInstructions])).toContain("Be brief.");
    const tool = on.spans.find((span) => span.name === "execute_tool weather");
    expect(JSON.parse(String(tool?.attributes[ATTR.toolCallArguments]))).toEqual({ city: "Oslo" });
  });

  it("marks the chat span failed with error.type when Bedrock rejects the call", async () => {
    const server = await localBedrock();
    telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const agent = createAgent({ model: localModel(server, { modelId: "acme.unknown-v1:0" }), telemetry });
    await expect(agent.invoke("hi")).rejects.toThrow();
    const spans = telemetry.memory?.getFinishedSpans() ?? [];
    const chat = spans.find((span) => span.name.startsWith("chat "));
    expect(chat?.attributes[ATTR.errorType]).toBe("ValidationException");
    expect(chat?.status.code).toBe(2);
    const root = spans.find((span) => span.name.startsWith("invoke_agent"));
    expect(root?.attributes[ATTR.runOutcome]).toBe("error");
  });
});
