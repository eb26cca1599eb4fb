import { readFileSync } from "node:fs";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { guardrailCheckpoints, LocalGuardrail } from "../../src/guardrails/index.ts";
import {
  createAgent,
  defineTool,
  setupTelemetry,
  type Telemetry,
  ToolDefinitionError,
} from "../../src/index.ts";
import { connectMcpServers, MCP_ATTR, McpClientError, type McpToolset } from "../../src/mcp/index.ts";
import { ATTR } from "../../src/telemetry/attributes.ts";
import { converseBodies, localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { type TestTool, testMcpServer, text } from "../helpers/mcp-servers.ts";

const toolsets: McpToolset[] = [];
let telemetry: Telemetry | undefined;
afterEach(async () => {
  await Promise.all(toolsets.splice(0).map((toolset) => toolset.close()));
  await telemetry?.shutdown();
  telemetry = undefined;
});

async function connect(...args: Parameters<typeof connectMcpServers>) {
  const toolset = await connectMcpServers(...args);
  toolsets.push(toolset);
  return toolset;
}

const ORDER_TOOL: TestTool = {
  name: "lookup_order",
  description: "Look up the shipping status of a customer order by its order number",
  inputSchema: {
    type: "object",
    properties: { order_id: { type: "string", description: "The order number" } },
    required: ["order_id"],
  },
  call: (args) => text(`Order ${String(args.order_id).split(" ").at(-1)} shipped on 2026-11-30.`),
};

/** The Converse toolResult blocks of the latest request a local server received. */
function lastToolResults(bodies: unknown[]): Array<Record<string, unknown>> {
  const body = bodies.at(-1) as { messages: Array<{ content: Array<Record<string, unknown>> }> };
  return body.messages.flatMap((message) =>
    message.content.flatMap((block) =>
      block.toolResult ? [block.toolResult as Record<string, unknown>] : [],
    ),
  );
}

const spanNamed = (spans: ReadableSpan[], name: string) => spans.find((span) => span.name === name);

describe("MCP tools in an agent", () => {
  it("lists and calls a server's tools, driven by the local rule policy, with trace context in _meta", async () => {
    const shop = testMcpServer([ORDER_TOOL]);
    const mcp = await connect({ shop: shop.spec });
    const server = await localBedrock();
    telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const agent = createAgent({ model: localModel(server), tools: [mcp], telemetry });

    const result = await agent.invoke("What is the shipping status of order A-1001?");
    expect(result.outcome).toBe("answered");
    expect(result.answer).toContain("shipped on 2026-11-30");
    expect(shop.log.calls.map((call) => call.name)).toEqual(["lookup_order"]);

    const span = spanNamed(telemetry.memory?.getFinishedSpans() ?? [], "execute_tool lookup_order");
    expect(span?.attributes[MCP_ATTR.server]).toBe("shop");
    expect(span?.attributes[MCP_ATTR.methodName]).toBe("tools/call");
    expect(span?.attributes[ATTR.toolType]).toBe("extension");
    const traceparent = String(shop.log.calls[0]?.meta.traceparent);
    const [, traceId, parentId] = traceparent.split("-");
    expect(traceId).toBe(span?.spanContext().traceId);
    expect(parentId).toBe(span?.spanContext().spanId);
  });

  it("reuses one connection across runs", async () => {
    const shop = testMcpServer([ORDER_TOOL]);
    const mcp = await connect({ shop: shop.spec });
    const server = await localBedrock();
    const agent = createAgent({ model: localModel(server), tools: [mcp] });
    for (const order of ["A-1", "A-2", "A-3"])
      await agent.invoke(`What is the shipping status of order ${order}?`);
    expect(shop.log.calls).toHaveLength(3);
    expect(shop.log.connections).toBe(1);
  });

  it("maps image and structured results to Converse image and json blocks; isError is an error observation", async () => {
    const pixel = Buffer.from("89504e470d0a1a0a", "hex").toString("base64");
    const stats = { p50: 12, p99: 80 };
    const charts = testMcpServer([
      { name: "chart", call: () => ({ content: [{ type: "image", data: pixel, mimeType: "image/png" }] }) },
      {
        name: "stats",
        call: () => ({ content: [{ type: "text", text: JSON.stringify(stats) }], structuredContent: stats }),
      },
      { name: "broken", call: () => ({ content: [{ type: "text", text: "disk full" }], isError: true }) },
    ]);
    const mcp = await connect({ charts: charts.spec });
    const server = await localBedrock({
      script: [
        {
          toolUse: [
            { name: "chart", input: {}, toolUseId: "t1" },
            { name: "stats", input: {}, toolUseId: "t2" },
            { name: "broken", input: {}, toolUseId: "t3" },
          ],
        },
        { text: "Here you go." },
      ],
    });
    const agent = createAgent({ model: localModel(server, { streaming: false }), tools: [mcp] });
    const result = await agent.invoke("chart and stats");
    expect(result.outcome).toBe("answered");
    const results = lastToolResults(converseBodies(server, "Converse"));
    expect(results[0]?.content).toEqual([{ image: { format: "png", source: { bytes: expect.anything() } } }]);
    expect(results[1]?.content).toEqual([{ json: stats }]);
    expect(results[2]?.status).toBe("error");
    const observations = result.steps.filter((step) => step.kind === "observation");
    expect(observations.map((step) => step.status)).toEqual(["success", "success", "error"]);
    expect(observations[2]?.content).toContain("disk full");
  });

  it("turns a JSON-RPC error into an error observation and keeps the run going", async () => {
    const flaky = testMcpServer([
      {
        name: "explode",
        call: () => {
          throw new Error("database offline");
        },
      },
    ]);
    const mcp = await connect({ flaky: flaky.spec });
    const server = await localBedrock({
      script: [{ toolUse: [{ name: "explode", input: {}, toolUseId: "t1" }] }, { text: "It failed." }],
    });
    const result = await createAgent({ model: localModel(server), tools: [mcp] }).invoke("go");
    expect(result.outcome).toBe("answered");
    const observation = result.steps.find((step) => step.kind === "observation");
    expect(observation?.status).toBe("error");
    expect(observation?.content).toMatch(
      /MCP server "flaky": tools\/call "explode" failed: .*database offline/,
    );
  });

  it("times out a hung call, cancels it on the server, and the connection keeps working", async () => {
    const slow = testMcpServer([
      {
        name: "hang",
        call: (_a, _m, signal) =>
          new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("cancelled")))),
      },
      { name: "ping", call: () => text("pong") },
    ]);
    const mcp = await connect({ slow: { ...slow.spec, timeoutMs: 150 } });
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "hang", input: {}, toolUseId: "t1" }] },
        { toolUse: [{ name: "ping", input: {}, toolUseId: "t2" }] },
        { text: "Done." },
      ],
    });
    const result = await createAgent({ model: localModel(server), tools: [mcp] }).invoke("go");
    const [hung, ping] = result.steps.filter((step) => step.kind === "observation");
    expect(hung?.status).toBe("error");
    expect(hung?.content).toMatch(/tool "hang" timed out after 150 ms/);
    expect(ping).toMatchObject({ status: "success", content: "pong" });
    await expect.poll(() => slow.log.cancelled).toBe(1);
    expect(slow.log.connections).toBe(1);
  });

  it("reconnects after the server went away", async () => {
    const shop = testMcpServer([ORDER_TOOL]);
    const mcp = await connect({ shop: shop.spec });
    const [tool] = mcp.tools();
    const run = () =>
      tool?.run({ order_id: "A-7" }, { toolCallId: "t", signal: new AbortController().signal });
    await run();
    await (mcp.connection("shop") as unknown as { client: { close(): Promise<void> } }).client.close();
    expect(mcp.connection("shop")?.isConnected).toBe(false);
    expect(await run()).toMatchObject({ text: "Order A-7 shipped on 2026-11-30." });
    expect(shop.log.connections).toBe(2);
  });

  it("follows tools/list_changed: the next step's toolConfig has the new list", async () => {
    const docs = testMcpServer([{ name: "search_docs" }]);
    const mcp = await connect({ docs: docs.spec });
    const server = await localBedrock({ script: [{ text: "one" }, { text: "two" }] });
    const agent = createAgent({ model: localModel(server, { streaming: false }), tools: [mcp] });
    await agent.invoke("first");
    await docs.notifyChanged([{ name: "search_docs" }, { name: "summarize_doc" }]);
    await expect.poll(() => mcp.tools().map((tool) => tool.name)).toEqual(["search_docs", "summarize_doc"]);
    await agent.invoke("second");
    const names = converseBodies(server, "Converse").map((body) =>
      (body as { toolConfig: { tools: Array<{ toolSpec: { name: string } }> } }).toolConfig.tools.map(
        (tool) => tool.toolSpec.name,
      ),
    );
    expect(names).toEqual([["search_docs"], ["search_docs", "summarize_doc"]]);
  });

  it("makes names Bedrock-legal and unique across servers, and applies allow/deny filters", async () => {
    const a = testMcpServer([{ name: "search" }, { name: "files.read/v2" }, { name: "admin_drop" }]);
    const b = testMcpServer([{ name: "search" }, { name: "other" }]);
    const notices: string[] = [];
    const mcp = await connect(
      { a: { ...a.spec, denyTools: ["admin_*"] }, b: { ...b.spec, allowTools: ["search"] } },
      { onNotice: (message) => notices.push(message) },
    );
    expect(mcp.tools().map((tool) => tool.name)).toEqual(["a__search", "files_read_v2", "b__search"]);
    expect(notices.join("\n")).toMatch(/"search" is offered by servers a and b/);
    await mcp.tools()[1]?.run({}, { toolCallId: "t", signal: new AbortController().signal });
    expect(a.log.calls.map((call) => call.name)).toEqual(["files.read/v2"]);

    const strict = connectMcpServers(
      { a: testMcpServer([{ name: "search" }]).spec, b: testMcpServer([{ name: "search" }]).spec },
      { toolNaming: "as-is" },
    );
    await expect(strict).rejects.toThrow(McpClientError);
    await expect(strict).rejects.toMatchObject({ code: "MCP_NAME_COLLISION" });

    const local = defineTool({ name: "other", description: "mine", input: z.object({}), run: () => "x" });
    const clash = await connect({ b: testMcpServer([{ name: "other" }]).spec });
    expect(() => createAgent({ tools: [local, clash] })).toThrow(ToolDefinitionError);
    expect(() => createAgent({ tools: [local, clash] })).toThrow(
      /"other" is defined twice \(by the agent's tools and by MCP servers\)/,
    );
  });

  it("leaves out a tool whose input schema is not valid JSON Schema, and validates arguments before each call", async () => {
    const notices: string[] = [];
    const server = testMcpServer([
      { name: "bad_schema", inputSchema: { type: "object", properties: { n: { type: "integr" } } } },
      { name: "not_object", inputSchema: { type: "string" } },
      {
        name: "count",
        inputSchema: { type: "object", properties: { n: { type: "integer", minimum: 1 } }, required: ["n"] },
      },
    ]);
    const mcp = await connect({ s: server.spec }, { onNotice: (message) => notices.push(message) });
    expect(mcp.tools().map((tool) => tool.name)).toEqual(["count"]);
    expect(mcp.problems).toEqual([
      expect.stringMatching(/tool "bad_schema": not valid JSON Schema: .*properties\/n\/type/),
      'server "s" tool "not_object": inputSchema.type must be "object", got "string": left out',
    ]);
    expect(notices).toHaveLength(2);

    const bedrock = await localBedrock({
      script: [{ toolUse: [{ name: "count", input: { n: 0 }, toolUseId: "t1" }] }, { text: "ok" }],
    });
    const result = await createAgent({ model: localModel(bedrock), tools: [mcp] }).invoke("count");
    const observation = result.steps.find((step) => step.kind === "observation");
    expect(observation?.content).toMatch(/invalid input for tool "count": n: must be >= 1/);
    expect(server.log.calls).toHaveLength(0);
  });

  it("a tool-result guardrail checkpoint blocks what an MCP server returns before the model reads it", async () => {
    const config = JSON.parse(
      readFileSync(new URL("../../graphs/guardrails/default.json", import.meta.url), "utf8"),
    );
    const guardrail = new LocalGuardrail(config, { id: "gr-mcp", version: "1" });
    // Structured only (the text copy is dropped): the checkpoint must read the JSON block.
    const record = { name: "Jane Roe", ssn: "536-22-1234" };
    const crm = testMcpServer([
      {
        name: "customer",
        call: () => ({
          content: [{ type: "text", text: JSON.stringify(record) }],
          structuredContent: record,
        }),
      },
    ]);
    const mcp = await connect({ crm: crm.spec });
    const server = await localBedrock({
      script: [{ toolUse: [{ name: "customer", input: {}, toolUseId: "t1" }] }, { text: "never" }],
    });
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      tools: [mcp],
      extensions: guardrailCheckpoints(guardrail, { input: false, answer: false }),
    });
    const result = await agent.invoke("look up the customer");
    expect(result.outcome).toBe("guardrail_intervened");
    expect(result.outcomeDetail).toMatch(/blocked the tool result/);
    expect(JSON.stringify(result.messages.map((message) => message.content))).not.toContain("536-22-1234");
    expect(converseBodies(server, "Converse")).toHaveLength(1);
  });
});
