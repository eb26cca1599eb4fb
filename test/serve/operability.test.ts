import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { describe, expect, it } from "vitest";
import { setupTelemetry } from "../../src/index.ts";
import { freePort } from "../helpers/ports.ts";
import { deferred, gatedTool, invoke, jsonOf, servedAgent, sessionId } from "../helpers/serve.ts";

const SESSION = "x-amzn-bedrock-agentcore-runtime-session-id";
const slowScript = (tool = "wait") => [
  { toolUse: [{ name: tool, input: {}, toolUseId: "tooluse_wait" }] },
  { text: "Finished." },
];

describe("GET /ping", () => {
  it("answers HealthyBusy while a long run is in flight, Healthy before and after; the time moves only on a change", async () => {
    const gate = deferred();
    const wait = gatedTool("wait", gate.promise);
    const { url } = await servedAgent({ script: slowScript(), agent: { tools: [wait.tool] } });
    const idle = await jsonOf(await fetch(`${url}/ping`));
    expect(idle.status).toBe("Healthy");
    expect(Number.isInteger(idle.time_of_last_update)).toBe(true);
    expect(Math.abs(idle.time_of_last_update - Date.now() / 1000)).toBeLessThan(60);
    expect(await jsonOf(await fetch(`${url}/ping`))).toEqual(idle);

    const run = invoke(url, { prompt: "wait" }, { [SESSION]: sessionId() });
    await wait.started;
    const busy = await fetch(`${url}/ping`);
    expect(busy.status).toBe(200);
    const busyBody = await jsonOf(busy);
    expect(busyBody.status).toBe("HealthyBusy");
    expect(busyBody.time_of_last_update).toBeGreaterThanOrEqual(idle.time_of_last_update);
    expect(Object.keys(busyBody).sort()).toEqual(["status", "time_of_last_update"]);

    gate.resolve();
    expect((await jsonOf(await run)).answer).toBe("Finished.");
    expect((await jsonOf(await fetch(`${url}/ping`))).status).toBe("Healthy");
  });
});

describe("concurrency limit", () => {
  it("answers 503 with Retry-After when full, and takes work again once a slot frees", async () => {
    const gate = deferred();
    const wait = gatedTool("wait", gate.promise);
    const { url } = await servedAgent({
      script: [...slowScript(), { text: "Second." }],
      agent: { tools: [wait.tool] },
      serve: { maxConcurrency: 1 },
    });
    const first = invoke(url, { prompt: "wait" }, { [SESSION]: sessionId() });
    await wait.started;
    const refused = await invoke(url, { prompt: "hi" }, { [SESSION]: sessionId() });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect((await jsonOf(refused)).reason).toBe("Overloaded");
    expect((await fetch(`${url}/ping`)).status).toBe(200);
    gate.resolve();
    expect((await first).status).toBe(200);
    expect((await invoke(url, { prompt: "hi" }, { [SESSION]: sessionId() })).status).toBe(200);
  });

  it("turns away a second run on a session whose run is in progress (409)", async () => {
    const gate = deferred();
    const wait = gatedTool("wait", gate.promise);
    const { url } = await servedAgent({ script: slowScript(), agent: { tools: [wait.tool] } });
    const headers = { [SESSION]: sessionId() };
    const first = invoke(url, { prompt: "wait" }, headers);
    await wait.started;
    const second = await invoke(url, { prompt: "again" }, headers);
    expect(second.status).toBe(409);
    expect((await jsonOf(second)).reason).toBe("ThreadBusy");
    gate.resolve();
    await first;
  });
});

describe("graceful shutdown (drain)", () => {
  it("stops accepting, lets the in-flight run finish, and refuses new work meanwhile", async () => {
    const gate = deferred();
    const wait = gatedTool("wait", gate.promise);
    const { url, server } = await servedAgent({ script: slowScript(), agent: { tools: [wait.tool] } });
    const run = invoke(url, { prompt: "wait" }, { [SESSION]: sessionId() });
    await wait.started;
    const drained = server.drain(30_000);
    await expect(fetch(`${url}/ping`)).rejects.toThrow();
    gate.resolve();
    const response = await run;
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).answer).toBe("Finished.");
    expect(await drained).toEqual({ finished: 1, stopped: 0 });
  });

  it("stops a run still going at the deadline at its last checkpoint; the session continues later", async () => {
    const wait = gatedTool("wait", new Promise(() => {}));
    const { url, server, logs } = await servedAgent({ script: slowScript(), agent: { tools: [wait.tool] } });
    const headers = { [SESSION]: sessionId(), "x-request-id": "req-drain-1" };
    const run = invoke(url, { prompt: "wait" }, headers);
    await wait.started;
    const report = await server.drain(0);
    expect(report).toEqual({ finished: 0, stopped: 1 });
    const response = await run;
    expect(response.status).toBe(503);
    const body = await jsonOf(response);
    expect(body.reason).toBe("ShuttingDown");
    expect(body.message).toContain('"continue": true');
    const lines = logs.map((line) => JSON.parse(line));
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(["draining", "drained", "request"]));
  });
});

describe("request ids, access logs and trace context", () => {
  it("continues the caller's trace from traceparent and puts the request id on every span", async () => {
    const telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const { url, logs } = await servedAgent({
      script: [{ text: "traced" }],
      agent: { telemetry },
      serve: { telemetry },
    });
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const response = await invoke(
      url,
      { prompt: "hi" },
      {
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        "x-request-id": "req-trace-1",
        [SESSION]: sessionId(),
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("traceparent")).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    await telemetry.forceFlush();
    const spans = telemetry.memory?.getFinishedSpans() ?? [];
    expect(spans.map((span) => span.name)).toEqual(
      expect.arrayContaining(["POST /invocations", "invoke_agent glassbox-agent"]),
    );
    for (const span of spans) expect(span.spanContext().traceId).toBe(traceId);
    const server = spans.find((span) => span.name === "POST /invocations");
    expect(server?.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
    const agentSpan = spans.find((span) => span.name.startsWith("invoke_agent"));
    expect(agentSpan?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    for (const span of spans) expect(span.attributes["glassbox.request.id"]).toBe("req-trace-1");
    const line = logs.map((entry) => JSON.parse(entry)).find((entry) => entry.msg === "request");
    expect(line).toMatchObject({
      level: "info",
      requestId: "req-trace-1",
      method: "POST",
      path: "/invocations",
      status: 200,
      mode: "json",
      outcome: "answered",
      traceId,
    });
    expect(typeof line.durationMs).toBe("number");
    expect(JSON.stringify(line)).not.toContain("traced");
    await telemetry.shutdown();
  });
});

describe("Host and Origin", () => {
  it("refuses browser pages from other origins, allows listed ones with CORS headers, and never a wildcard", async () => {
    const { url } = await servedAgent({
      script: [{ text: "ok" }],
      serve: { allowedOrigins: ["https://app.example.com"] },
    });
    const evil = await invoke(url, { prompt: "hi" }, { origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect((await jsonOf(evil)).reason).toBe("ForbiddenOrigin");
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${url}/invocations`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example.com", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const allowed = await invoke(url, { prompt: "hi" }, { origin: "https://app.example.com" });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const badPreflight = await fetch(`${url}/invocations`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example" },
    });
    expect(badPreflight.status).toBe(403);
  });

  it("on loopback answers only loopback host names (DNS rebinding)", async () => {
    const { url } = await servedAgent({ script: [{ text: "ok" }] });
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/invocations`, {
        method: "POST",
        headers: { host: "attacker.example:8080", "content-type": "application/json" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end(JSON.stringify({ prompt: "hi" }));
    });
    expect(status).toBe(403);
  });
});

describe("GET /ready", () => {
  it("is ready when the model endpoint and the checkpointer answer", async () => {
    const { url } = await servedAgent({
      script: [{ text: "ok" }],
      serve: (local) => ({ modelEndpoint: local.url }),
    });
    const response = await fetch(`${url}/ready`);
    expect(response.status).toBe(200);
    const report = await jsonOf(response);
    expect(report.status).toBe("ready");
    expect(report.checks.model.ok).toBe(true);
    expect(report.checks.checkpointer.ok).toBe(true);
  });

  it("fails, naming the dependency, while the model endpoint or the checkpointer is unreachable", async () => {
    const closedPort = await freePort();
    const saver = PostgresSaver.fromConnString(`postgresql://postgres@127.0.0.1:${closedPort}/postgres`);
    const { url, local } = await servedAgent({
      script: [{ text: "ok" }],
      agent: { checkpointer: saver },
      serve: { modelEndpoint: `http://127.0.0.1:${closedPort}` },
    });
    const response = await fetch(`${url}/ready`);
    expect(response.status).toBe(503);
    const report = await jsonOf(response);
    expect(report.status).toBe("unavailable");
    expect(report.checks.model).toMatchObject({ ok: false, error: `127.0.0.1:${closedPort}: ECONNREFUSED` });
    expect(report.checks.checkpointer.ok).toBe(false);
    expect(report.checks.checkpointer.error).toContain("ECONNREFUSED");
    await saver.end();
    expect(local.url).toBeTruthy();
  });
});
