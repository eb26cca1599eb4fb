/**
 * The agentcore profile's export, received by an OTLP collector stand-in, checked against every rule in
 * docs/telemetry.md ("AgentCore Observability and Evaluations"), for a tool run, a RAG run and a guarded run.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { guardrailCheckpoints } from "../../src/guardrails/checkpoints.ts";
import { LocalGuardrail } from "../../src/guardrails/local-guardrail.ts";
import {
  type AgentResult,
  createAgent,
  defineTool,
  setupTelemetry,
  type Telemetry,
} from "../../src/index.ts";
import { knowledgeBaseParts, openLocalKnowledgeBase } from "../../src/kb/index.ts";
import { detectProfile } from "../../src/telemetry/profile.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { type ReceivedLog, type ReceivedSpan, startOtlpReceiver } from "../helpers/otlp-receiver.ts";

const ACCEPTED_SCOPE = "opentelemetry.instrumentation.langchain";
const LOOP_OPERATIONS = ["invoke_agent", "chat", "execute_tool"];
const LOG_GROUP = "/aws/bedrock-agentcore/runtimes/glassbox-test";
const MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

const lookup = defineTool({
  name: "lookup",
  description: "Look up a customer",
  input: z.object({ query: z.string() }),
  run: ({ query }) => `Customer record: Jane, email jane.roe@example.com, asked about ${query}`,
});
const weather = defineTool({
  name: "weather",
  description: "Weather for a city",
  input: z.object({ city: z.string() }),
  run: ({ city }) => ({ city, celsius: 21 }),
});

let telemetry: Telemetry | undefined;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>> | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  await receiver?.close();
  telemetry = undefined;
  receiver = undefined;
});

async function agentcoreTelemetry() {
  receiver = await startOtlpReceiver();
  telemetry = setupTelemetry({
    exporters: [{ type: "otlp", url: receiver.url }],
    captureContent: true,
    env: {
      AGENT_OBSERVABILITY_ENABLED: "true",
      OTEL_RESOURCE_ATTRIBUTES: `service.name=support-agent.DEFAULT,aws.log.group.names=${LOG_GROUP}`,
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: `x-aws-log-group=${LOG_GROUP},x-aws-log-stream=runtime-logs`,
    },
  });
  return { receiver, telemetry };
}

async function exported(t: Telemetry, r: NonNullable<typeof receiver>) {
  await t.shutdown();
  return { spans: r.spans(), logs: r.logs() };
}

const op = (span: ReceivedSpan) => String(span.attributes["gen_ai.operation.name"] ?? "");

/** Every rule of docs/telemetry.md's AgentCore section, checked on one run's export. */
function checkAgentCoreRules(
  spans: ReceivedSpan[],
  logs: ReceivedLog[],
  result: AgentResult,
  headers: Array<Record<string, unknown>>,
) {
  const threadId = result.threadId ?? "";
  const root = spans.find((span) => op(span) === "invoke_agent");
  expect(root, "one invoke_agent root").toBeDefined();
  // Rule 1: the agent loop's spans carry an accepted instrumentation scope; the rest keep Glassbox's.
  for (const span of spans) {
    expect(span.scope.name, span.name).toBe(LOOP_OPERATIONS.includes(op(span)) ? ACCEPTED_SCOPE : "glassbox");
  }
  // Rule 2: GenAI agent-span conventions: one trace under invoke_agent, chat CLIENT, tools INTERNAL.
  expect(root?.parentSpanId).toBeUndefined();
  expect(root?.attributes).toMatchObject({
    "gen_ai.operation.name": "invoke_agent",
    "gen_ai.provider.name": "aws.bedrock",
    "gen_ai.agent.name": expect.any(String),
  });
  for (const span of spans) {
    expect(span.traceId).toBe(root?.traceId);
    if (span !== root) expect(span.parentSpanId, span.name).toBeTruthy();
    if (op(span) === "chat") {
      expect(span.kind).toBe(3);
      expect(span.name).toBe(`chat ${span.attributes["gen_ai.request.model"]}`);
      expect(span.attributes["gen_ai.usage.input_tokens"]).toEqual(expect.any(Number));
    }
    if (op(span) === "execute_tool") {
      expect(span.kind).toBe(1);
      expect(span.attributes["gen_ai.tool.name"]).toEqual(expect.any(String));
      expect(span.attributes["gen_ai.tool.call.id"]).toEqual(expect.any(String));
    }
  }
  // Rule 3: session.id on every span, the thread id.
  for (const span of spans) expect(span.attributes["session.id"], span.name).toBe(threadId);
  // Rule 4: the resource names the service and the log group.
  for (const span of spans) {
    expect(span.resource["service.name"]).toBe("support-agent.DEFAULT");
    expect(span.resource["aws.log.group.names"]).toBe(LOG_GROUP);
  }
  // Rule 5: no conversation content on spans.
  const contentKeys = ["gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions"];
  for (const span of spans)
    for (const key of [...contentKeys, "gen_ai.tool.call.arguments", "gen_ai.tool.call.result"])
      expect(span.attributes[key], `${span.name} ${key}`).toBeUndefined();
  // Rule 6 and 8: each agent-loop span has its content event, correlated by trace and span id, with
  // body.input.messages / body.output.messages ({role, content}) and the session id.
  for (const span of spans.filter((s) => LOOP_OPERATIONS.includes(op(s)))) {
    const events = logs.filter((log) => log.spanId === span.spanId);
    expect(events, `event for ${span.name}`).toHaveLength(1);
    const [event] = events;
    expect(event?.traceId).toBe(span.traceId);
    expect(event?.attributes["session.id"]).toBe(threadId);
    const body = event?.body as {
      input?: { messages: Array<Record<string, unknown>> };
      output?: { messages: Array<Record<string, unknown>> };
    };
    expect(body.input?.messages.length ?? body.output?.messages.length).toBeGreaterThan(0);
    for (const message of [...(body.input?.messages ?? []), ...(body.output?.messages ?? [])]) {
      expect(message).toMatchObject({ role: expect.any(String), content: expect.any(String) });
    }
  }
  const rootEvent = logs.find((log) => log.spanId === root?.spanId);
  const rootBody = rootEvent?.body as {
    input: { messages: Array<{ content: string }> };
    output: { messages: Array<{ role: string; content: string }> };
  };
  expect(rootEvent?.eventName).toBe("glassbox.invoke_agent.details");
  expect(rootBody.output.messages[0]).toMatchObject({ role: "assistant", content: result.answer });
  // Rule 7: events go to the OTLP logs endpoint with the CloudWatch log group and stream headers.
  expect(headers.length).toBeGreaterThan(0);
  for (const h of headers) {
    expect(h["x-aws-log-group"]).toBe(LOG_GROUP);
    expect(h["x-aws-log-stream"]).toBe("runtime-logs");
  }
  return { root, rootBody };
}

const logsHeaders = (r: NonNullable<typeof receiver>) =>
  r.requests
    .filter((request) => request.signal === "logs")
    .map((request) => request.headers as Record<string, unknown>);

describe("agentcore profile", () => {
  it("is picked automatically from the ADOT variables, and not when AgentCore's is turned off", () => {
    expect(detectProfile({ AGENT_OBSERVABILITY_ENABLED: "true" })).toBe("agentcore");
    expect(detectProfile({ OTEL_RESOURCE_ATTRIBUTES: "service.name=a,aws.log.group.names=/g" })).toBe(
      "agentcore",
    );
    expect(detectProfile({ OTEL_EXPORTER_OTLP_LOGS_HEADERS: "x-aws-log-group=/g" })).toBe("agentcore");
    expect(detectProfile({ AGENT_OBSERVABILITY_ENABLED: "true", DISABLE_ADOT_OBSERVABILITY: "true" })).toBe(
      "default",
    );
    expect(detectProfile({})).toBe("default");
    expect(() => setupTelemetry({ profile: "agentcore", env: {} })).toThrow(/needs a CloudWatch log group/);
  });

  it("tool run: an agent trace and input spans AgentCore accepts", async () => {
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "weather", input: { city: "Oslo" }, toolUseId: "tooluse_w" }] },
        { text: "It is 21 °C in Oslo." },
      ],
    });
    const { receiver: r, telemetry: t } = await agentcoreTelemetry();
    const agent = createAgent({
      name: "support",
      model: localModel(server, { streaming: false, modelId: MODEL }),
      tools: [weather],
      systemPrompt: "Be brief.",
      telemetry: t,
    });
    const result = await agent.invoke("Weather in Oslo?", { threadId: "session-0123456789-abcdefghij-tool" });
    const { spans, logs } = await exported(t, r);
    expect(spans.map(op).sort()).toEqual(["chat", "chat", "execute_tool", "invoke_agent"]);
    const { rootBody } = checkAgentCoreRules(spans, logs, result, logsHeaders(r));
    expect(rootBody.input.messages[0]?.content).toBe("Weather in Oslo?");
    const tool = spans.find((span) => op(span) === "execute_tool");
    const toolEvent = logs.find((log) => log.spanId === tool?.spanId)?.body as {
      input: { messages: Array<{ content: string }> };
      output: { messages: Array<{ content: string }> };
    };
    expect(JSON.parse(toolEvent.input.messages[0]?.content ?? "{}")).toEqual({ city: "Oslo" });
    expect(toolEvent.output.messages[0]?.content).toBe(JSON.stringify({ city: "Oslo", celsius: 21 }));
    const chat = spans.find((span) => op(span) === "chat");
    const chatEvent = logs.find((log) => log.spanId === chat?.spanId);
    expect(chatEvent?.eventName).toBe("gen_ai.client.inference.operation.details");
    expect(
      (chatEvent?.body as { input?: { messages: Array<{ role: string }> } } | undefined)?.input?.messages.map(
        (m) => m.role,
      ),
    ).toEqual(["system", "user"]);
  });

  it("RAG run: retrieval stays in Glassbox's scope, the loop in the accepted one", async () => {
    const server = await localBedrock();
    const kb = openLocalKnowledgeBase({ path: ":memory:", id: "policies" });
    await kb.ingestDocuments(
      [{ id: "vacation.md", text: "Employees get 25 days of paid vacation per year." }],
      { dataSourceId: "handbook" },
    );
    const { receiver: r, telemetry: t } = await agentcoreTelemetry();
    const parts = knowledgeBaseParts({ retriever: kb, numberOfResults: 1, telemetry: t });
    const agent = createAgent({
      name: "docs",
      model: localModel(server, { streaming: false }),
      telemetry: t,
      ...parts,
    });
    const result = await agent.invoke("How many vacation days do employees get?", {
      threadId: "session-0123456789-abcdefghij-rag",
    });
    kb.close();
    const { spans, logs } = await exported(t, r);
    expect(spans.map(op)).toContain("retrieval");
    const retrieval = spans.find((span) => op(span) === "retrieval");
    expect(retrieval?.attributes["gen_ai.data_source.id"]).toBe("policies");
    checkAgentCoreRules(spans, logs, result, logsHeaders(r));
  });

  it("guarded run: guardrail spans in Glassbox's scope, interventions counted by policy", async () => {
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "lookup", input: { query: "refund" }, toolUseId: "tooluse_1" }] },
        { text: "Done." },
      ],
    });
    const config = JSON.parse(
      readFileSync(new URL("../../graphs/guardrails/default.json", import.meta.url), "utf8"),
    );
    const { receiver: r, telemetry: t } = await agentcoreTelemetry();
    const agent = createAgent({
      name: "guarded",
      model: localModel(server, { streaming: false }),
      tools: [lookup],
      telemetry: t,
      extensions: guardrailCheckpoints(new LocalGuardrail(config, { id: "gr-test", version: "3" }), {
        telemetry: t,
      }),
    });
    const result = await agent.invoke("Find the customer who asked about a refund", {
      threadId: "session-0123456789-abcdefghij-guard",
    });
    const { spans, logs } = await exported(t, r);
    expect(spans.filter((span) => op(span) === "apply_guardrail").length).toBeGreaterThan(0);
    checkAgentCoreRules(spans, logs, result, logsHeaders(r));
    const interventions = r.points().filter((p) => p.name === "glassbox.guardrail.interventions");
    expect(interventions).toContainEqual(
      expect.objectContaining({
        attributes: expect.objectContaining({
          "glassbox.guardrail.policy": "pii",
          "glassbox.guardrail.entity": "EMAIL",
        }),
      }),
    );
  });

  it("gives a run without a thread a session id all its spans share", async () => {
    const server = await localBedrock({ script: [{ text: "Hello." }] });
    const { receiver: r, telemetry: t } = await agentcoreTelemetry();
    const agent = createAgent({ model: localModel(server, { streaming: false }), telemetry: t });
    await agent.invoke("hi");
    const { spans } = await exported(t, r);
    const sessions = new Set(spans.map((span) => span.attributes["session.id"]));
    expect(sessions.size).toBe(1);
    expect([...sessions][0]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("GenAI metrics", () => {
  it("equal the run's usage, per model call, with the conventions' attributes and buckets", async () => {
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "weather", input: { city: "Oslo" }, toolUseId: "tooluse_w" }] },
        { text: "It is 21 °C in Oslo." },
      ],
    });
    receiver = await startOtlpReceiver();
    telemetry = setupTelemetry({ exporters: [{ type: "otlp", url: receiver.url }], env: {} });
    const agent = createAgent({
      name: "metrics_agent",
      model: localModel(server, { streaming: false, modelId: MODEL }),
      tools: [weather],
      telemetry,
    });
    const result = await agent.invoke("Weather in Oslo?");
    await telemetry.shutdown();
    const points = receiver.points();
    const tokens = points.filter((p) => p.name === "gen_ai.client.token.usage");
    const sum = (type: string) =>
      tokens.filter((p) => p.attributes["gen_ai.token.type"] === type).reduce((n, p) => n + (p.sum ?? 0), 0);
    const count = (type: string) =>
      tokens
        .filter((p) => p.attributes["gen_ai.token.type"] === type)
        .reduce((n, p) => n + (p.count ?? 0), 0);
    const usage = result.usage;
    expect(sum("input")).toBe(usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens);
    expect(sum("output")).toBe(usage.outputTokens);
    expect(count("input")).toBe(2);
    expect(result.metrics).toMatchObject({
      modelCalls: 2,
      inputTokens: sum("input"),
      outputTokens: sum("output"),
      toolCalls: { weather: { calls: 1, errors: 0 } },
    });
    expect(tokens[0]).toMatchObject({
      unit: "{token}",
      kind: "histogram",
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "aws.bedrock",
        "gen_ai.request.model": MODEL,
      },
    });
    expect(tokens[0]?.explicitBounds?.slice(0, 4)).toEqual([1, 4, 16, 64]);
    const duration = points.find((p) => p.name === "gen_ai.client.operation.duration");
    expect(duration).toMatchObject({ unit: "s", count: 2 });
    expect(duration?.explicitBounds?.slice(0, 3)).toEqual([0.01, 0.02, 0.04]);
    const runs = points.find((p) => p.name === "glassbox.agent.runs");
    expect(runs).toMatchObject({
      value: 1,
      attributes: { "gen_ai.agent.name": "metrics_agent", "glassbox.run.outcome": "answered" },
    });
    expect(points.find((p) => p.name === "glassbox.agent.steps")).toMatchObject({ count: 1, sum: 2 });
    expect(points.find((p) => p.name === "glassbox.tool.calls")).toMatchObject({
      value: 1,
      attributes: { "gen_ai.tool.name": "weather", "glassbox.tool.status": "success" },
    });
    const cost = points.find((p) => p.name === "glassbox.agent.cost");
    expect(cost?.value).toBe(result.costUsd);
    expect(String(result.costUsd)).toMatch(/^\d+\.\d{1,11}$/);
  });

  it("prints a metrics summary with the console exporter", async () => {
    const server = await localBedrock({ script: [{ text: "Hello." }] });
    let out = "";
    telemetry = setupTelemetry({
      exporters: [{ type: "console" }],
      consoleWrite: (text) => (out += text),
      env: {},
    });
    const agent = createAgent({ model: localModel(server, { streaming: false }), telemetry });
    const result = await agent.invoke("hi");
    await telemetry.shutdown();
    expect(out).toContain(`trace ${result.trace?.traceId}`);
    expect(out).toMatch(
      new RegExp(
        `gen_ai\\.client\\.token\\.usage .*input .*count 1 .*sum ${result.metrics.inputTokens} \\{token\\}`,
      ),
    );
    expect(out).toMatch(/glassbox\.agent\.runs .*outcome=answered .*1 \{run\}/);
  });
});
