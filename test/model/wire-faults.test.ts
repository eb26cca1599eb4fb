import { spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import type { AIMessage } from "@langchain/core/messages";
import { afterEach, describe, expect, it } from "vitest";
import { createAgent, RetryExhaustedError } from "../../src/index.ts";
import { builtinTools } from "../../tools/index.ts";
import { type FaultProxy, startFaultProxy, type WireFault } from "../helpers/fault-proxy.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

const proxies: FaultProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

/** A local Bedrock behind the fault proxy, and an agent that talks to the proxy with short timeouts. */
async function faultyAgent(options: { streaming: boolean; model?: object; latencyMs?: number }) {
  const server = await localBedrock(options.latencyMs ? { faults: { latencyMs: options.latencyMs } } : {});
  const proxy = await startFaultProxy(server.url);
  proxies.push(proxy);
  const agent = createAgent({
    model: localModel(server, {
      endpoint: proxy.url,
      streaming: options.streaming,
      requestTimeoutMs: 300,
      streamIdleTimeoutMs: 300,
      ...options.model,
    }),
    tools: builtinTools,
  });
  return { server, proxy, agent };
}

/**
 * Runs one question (a calculator call, then the answer: two model calls) and checks it was answered
 * exactly once: one tool call, one final AI message, two thoughts.
 */
async function answersOnce(agent: ReturnType<typeof createAgent>) {
  const retries: string[] = [];
  let answer = "";
  let result: Awaited<ReturnType<typeof agent.invoke>> | undefined;
  for await (const event of agent.stream("What is 2+2?")) {
    if (event.type === "retry") retries.push(event.errorType);
    if (event.type === "done") result = event.result;
  }
  answer = result?.answer ?? "";
  expect(answer).toContain("2+2 = 4");
  const ai = result?.messages.filter((message) => message.getType() === "ai") ?? [];
  expect(ai.map((message) => ((message as AIMessage).tool_calls?.length ? "call" : "answer"))).toEqual([
    "call",
    "answer",
  ]);
  expect(result?.steps.filter((step) => step.kind === "thought")).toHaveLength(2);
  return { retries, result };
}

describe("every transient wire failure is retried and the run answers once", () => {
  it.each<[string, boolean, WireFault, string]>([
    [
      "a Converse whose server stalls before answering",
      false,
      { kind: "stall-before-headers" },
      "RequestTimeoutError",
    ],
    [
      "a Converse whose body stalls after the headers",
      false,
      { kind: "stall-after-headers" },
      "RequestTimeoutError",
    ],
    [
      "a ConverseStream that stalls before its headers",
      true,
      { kind: "stall-before-headers" },
      "RequestTimeoutError",
    ],
    ["a ConverseStream that stalls mid-stream", true, { kind: "stall-after-headers" }, "RequestTimeoutError"],
    ["an event-stream frame cut in half", true, { kind: "cut-frame" }, "DamagedEventStream"],
    ["a frame with a corrupt CRC", true, { kind: "corrupt-crc" }, "DamagedEventStream"],
    ["a connection reset mid-stream", true, { kind: "reset-mid-stream" }, "ECONNRESET"],
    ["a truncated JSON body", false, { kind: "truncate-json" }, "MalformedResponse"],
  ])("%s", async (_name, streaming, fault, errorType) => {
    const { proxy, agent, server } = await faultyAgent({ streaming });
    proxy.plan([fault]);
    const started = performance.now();
    const { retries } = await answersOnce(agent);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(retries).toEqual([errorType]);
    expect(proxy.requests.map((request) => request.fault)).toEqual([fault.kind, "pass", "pass"]);
    // Two model calls, plus the failed attempt unless it never left the proxy.
    const reachedModel = fault.kind === "stall-before-headers" ? 2 : 3;
    expect(server.requests.all().length).toBe(reachedModel);
  });

  it("an always-stalling endpoint fails within its timeouts with one line naming the timeout and the fix", async () => {
    const { proxy, agent } = await faultyAgent({
      streaming: false,
      model: { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } },
    });
    proxy.fallback({ kind: "stall-before-headers" });
    const started = performance.now();
    const error = await agent.invoke("What is 2+2?").catch((caught: unknown) => caught);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(RetryExhaustedError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^Bedrock call failed after 3 attempts \(RequestTimeoutError: no complete response arrived within 300 ms from 127\.0\.0\.1:\d+ \(model\.requestTimeoutMs\)\)\. .*raise model\.requestTimeoutMs/,
    );
    expect(message).not.toContain("\n");
    expect(elapsed).toBeGreaterThanOrEqual(880);
    expect(elapsed).toBeLessThan(2_500);
    expect(proxy.requests).toHaveLength(3);
  });

  it("an always-stalling stream fails within its idle timeout, not 6 × 60 s", async () => {
    const { proxy, agent } = await faultyAgent({
      streaming: true,
      model: { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
    });
    proxy.fallback({ kind: "stall-after-headers" });
    const started = performance.now();
    await expect(agent.invoke("What is 2+2?")).rejects.toThrow(
      /after 2 attempts \(RequestTimeoutError: the response stream sent nothing within 300 ms/,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("honours Retry-After on a 429, capped by retry.maxRetryAfterMs", async () => {
    const { proxy, agent } = await faultyAgent({ streaming: true });
    proxy.plan([{ kind: "retry-after", seconds: 1 }]);
    const { retries } = await answersOnce(agent);
    expect(retries).toEqual(["ThrottlingException"]);
    const [throttled, retried] = proxy.requests;
    expect((retried?.at ?? 0) - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(950);

    const capped = await faultyAgent({
      streaming: true,
      model: { retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 200 } },
    });
    capped.proxy.plan([{ kind: "retry-after", seconds: 60 }]);
    await answersOnce(capped.agent);
    const [first, second] = capped.proxy.requests;
    const gap = (second?.at ?? 0) - (first?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(190);
    expect(gap).toBeLessThan(1_000);
  });
});

describe("the shipped client's socket pool", () => {
  it("never times out a request that is only waiting for a free socket", async () => {
    // Two sockets, 200 ms per model call, 8 runs of two calls: the last calls wait ~1.4 s for a socket,
    // far beyond the 150 ms connect and 400 ms response timeouts, which start once a socket is theirs.
    const { agent, server } = await faultyAgent({
      streaming: false,
      latencyMs: 200,
      model: { requestTimeoutMs: 400, http: { maxSockets: 2, connectTimeoutMs: 150 } },
    });
    const results = await Promise.all(Array.from({ length: 8 }, () => agent.invoke("What is 2+2?")));
    expect(results.every((result) => result.answer.includes("2+2 = 4"))).toBe(true);
    expect(
      results
        .flatMap((result) => result.steps)
        .every((step) => step.kind !== "thought" || step.attempts === 1),
    ).toBe(true);
    expect(server.requests.all()).toHaveLength(16);
  });

  it("treats a connect timeout to a live endpoint as transient and names it when retries run out", async () => {
    const listener = await silentListener();
    try {
      const agent = createAgent({
        model: {
          modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
          endpoint: `http://127.0.0.1:${listener.port}`,
          streaming: false,
          http: { connectTimeoutMs: 150 },
          retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
        },
      });
      const started = performance.now();
      await expect(agent.invoke("What is 2+2?")).rejects.toThrow(
        /after 2 attempts \(RequestTimeoutError: no connection was established within 150 ms from 127\.0\.0\.1:\d+ \(model\.http\.connectTimeoutMs\)\)/,
      );
      expect(performance.now() - started).toBeLessThan(1_500);
    } finally {
      listener.close();
    }
  });
});

/**
 * A port that accepts no connections: a listener with a zero backlog that never calls accept(), its
 * queue filled, so the kernel drops new connection attempts and they hang (as to a black-holed host).
 */
async function silentListener(): Promise<{ port: number; close(): void }> {
  const child = spawn(
    "python3",
    [
      "-c",
      "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve) =>
    child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  const fillers: Socket[] = [];
  for (let i = 0; i < 3; i++) {
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => {});
    fillers.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    port,
    close() {
      for (const socket of fillers) socket.destroy();
      child.kill();
    },
  };
}
