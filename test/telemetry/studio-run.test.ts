import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { studioTraceEnv } from "../../src/cli/commands/studio.ts";
import { createReactPolicy, type LocalBedrock, startLocalBedrock } from "../../src/local/index.ts";
import { type DevServer, startDevServer } from "../../src/studio/dev-server.ts";
import { type ReceivedSpan, startOtlpReceiver } from "../helpers/otlp-receiver.ts";
import { freePort } from "../helpers/ports.ts";

let local: LocalBedrock;
let server: DevServer;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let kbDir = "";

beforeAll(async () => {
  local = await startLocalBedrock({ model: createReactPolicy() });
  receiver = await startOtlpReceiver();
  kbDir = await mkdtemp(join(tmpdir(), "glassbox-studio-trace-"));
  server = await startDevServer({
    port: await freePort(),
    endpoint: local.url,
    reload: false,
    // What `glassbox studio --trace otlp=<url>/v1/traces` passes to the graphs.
    env: {
      ...studioTraceEnv([`otlp=${receiver.url}/v1/traces`], false),
      OTEL_BSP_SCHEDULE_DELAY: "100",
      GLASSBOX_KB_DIR: kbDir,
    },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await receiver?.close();
  await local?.close();
  if (kbDir) await rm(kbDir, { recursive: true, force: true });
});

async function spansOfTrace(predicate: (span: ReceivedSpan) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const root = receiver.spans().find(predicate);
    const done = root && receiver.spans().filter((span) => span.traceId === root.traceId);
    if (root && done && done.length >= 4) return { root, spans: done };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `no trace arrived; got ${receiver
      .spans()
      .map((span) => span.name)
      .join(", ")}`,
  );
}

describe("a run started from LangGraph Studio (through the SDK client against the dev server)", () => {
  it("exports one trace: invoke_agent with its chat and execute_tool spans, session.id the thread", async () => {
    const client = new Client({ apiUrl: server.url });
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, "react_agent", {
      input: { messages: [{ role: "user", content: "What is 6 times 7?" }] },
    });
    const { root, spans } = await spansOfTrace(
      (span) => span.name === "invoke_agent tool_agent" && span.attributes["session.id"] === thread.thread_id,
    );
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.conversation.id": thread.thread_id,
      "glassbox.run.outcome": "answered",
      "glassbox.run.steps": 2,
    });
    expect(Number(root.attributes["gen_ai.usage.input_tokens"])).toBeGreaterThan(0);
    const names = spans.map((span) => span.name).sort();
    expect(names).toEqual([
      "chat us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "chat us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "execute_tool calculator",
      "invoke_agent tool_agent",
    ]);
    for (const span of spans.filter((s) => s.spanId !== root.spanId)) {
      expect(span.parentSpanId, span.name).toBe(root.spanId);
      expect(span.attributes["session.id"]).toBe(thread.thread_id);
    }
    expect(receiver.requests.find((request) => request.signal === "traces")?.path).toBe("/v1/traces");
  });
});
