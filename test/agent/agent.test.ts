import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent } from "../../src/agent/index.ts";
import { RetryExhaustedError } from "../../src/model/index.ts";
import { defineTool } from "../../src/tools/index.ts";
import { builtinTools } from "../../tools/index.ts";
import { converseBodies, localBedrock, localModel } from "../helpers/local-bedrock.ts";

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

const add = defineTool({
  name: "add",
  description: "Add two numbers",
  input: z.object({ a: z.number(), b: z.number() }),
  run: ({ a, b }) => ({ sum: a + b }),
});
const slow = (name: string, ms: number) =>
  defineTool({
    name,
    description: `wait ${ms} ms`,
    input: z.object({}),
    run: async (_input, { signal }) => {
      await sleep(ms, signal);
      return `${name} done`;
    },
  });
const boom = defineTool({
  name: "boom",
  description: "always fails",
  input: z.object({}),
  run: () => {
    throw new Error("the database is on fire");
  },
});

describe("agent over the local Bedrock (real SDK, loopback)", () => {
  it("answers a tool question non-streaming: thought, action, observation, thought", async () => {
    const server = await localBedrock();
    const agent = createAgent({ model: localModel(server, { streaming: false }), tools: builtinTools });
    const result = await agent.invoke("What is 17% of 2,340 plus 12?");
    expect(result.outcome).toBe("answered");
    expect(result.answer).toContain("409.8");
    expect(result.answer).toMatch(/not an LLM/);
    expect(result.steps.map((step) => step.kind)).toEqual(["thought", "action", "observation", "thought"]);
    const action = result.steps[1];
    expect(action?.kind === "action" && action.tool).toBe("calculator");
    const observation = result.steps[2];
    expect(observation?.kind === "observation" && observation.status).toBe("success");
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.totalTokens).toBe(result.usage.inputTokens + result.usage.outputTokens);
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(converseBodies(server, "Converse")).toHaveLength(2);
  });

  it("streams tokens and step events over ConverseStream", async () => {
    const server = await localBedrock();
    const agent = createAgent({ model: localModel(server), tools: builtinTools });
    const events = [];
    for await (const event of agent.stream("What day of the week is 2026-12-25?")) events.push(event);
    const types = events.map((event) => event.type);
    expect(types).toContain("token");
    expect(types.indexOf("action")).toBeLessThan(types.indexOf("observation"));
    expect(types.at(-1)).toBe("done");
    const done = events.at(-1);
    expect(done?.type === "done" && done.result.answer).toContain("Friday");
    const tokens = events.flatMap((event) =>
      event.type === "token" && event.step === 2 ? [event.text] : [],
    );
    expect(tokens.length).toBeGreaterThan(1);
    expect(converseBodies(server, "ConverseStream")).toHaveLength(2);
  });

  it("runs the tool calls of one turn in parallel and keeps their order", async () => {
    const server = await localBedrock({
      script: [
        {
          toolUse: [
            { name: "slow_a", input: {} },
            { name: "slow_b", input: {} },
          ],
        },
        { text: "both done" },
      ],
    });
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      tools: [slow("slow_a", 300), slow("slow_b", 300)],
    });
    const started = performance.now();
    const result = await agent.invoke("go");
    expect(performance.now() - started).toBeLessThan(550);
    const observations = result.steps.filter((step) => step.kind === "observation");
    expect(observations.map((step) => step.tool)).toEqual(["slow_a", "slow_b"]);
    const second = converseBodies(server, "Converse")[1] as {
      messages: Array<{ content: Array<{ toolResult?: { toolUseId: string } }> }>;
    };
    const results = second.messages.at(-1)?.content.map((block) => block.toolResult?.toolUseId);
    expect(results).toHaveLength(2);
  });

  it("turns a tool that throws into an error observation the model reads", async () => {
    const server = await localBedrock({
      script: [{ toolUse: [{ name: "boom", input: {} }] }, { text: "sorry" }],
    });
    const agent = createAgent({ model: localModel(server, { streaming: false }), tools: [boom] });
    const result = await agent.invoke("go");
    const observation = result.steps.find((step) => step.kind === "observation");
    expect(observation).toMatchObject({ status: "error" });
    expect(observation?.kind === "observation" && observation.content).toContain("the database is on fire");
    const body = converseBodies(server, "Converse")[1] as {
      messages: Array<{ content: Array<{ toolResult?: { status?: string } }> }>;
    };
    expect(body.messages.at(-1)?.content[0]?.toolResult?.status).toBe("error");
    expect(result.outcome).toBe("answered");
  });

  it("turns a tool timeout into an error observation without waiting for the tool", async () => {
    const server = await localBedrock({
      script: [{ toolUse: [{ name: "sleepy", input: {} }] }, { text: "gave up" }],
    });
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      tools: [slow("sleepy", 5_000)],
      limits: { toolTimeoutMs: 100 },
    });
    const started = performance.now();
    const result = await agent.invoke("go");
    expect(performance.now() - started).toBeLessThan(2_000);
    const observation = result.steps.find((step) => step.kind === "observation");
    expect(observation?.kind === "observation" && observation.content).toMatch(/timed out after 100 ms/);
  });

  it("rejects invalid tool input before the tool runs, naming the field", async () => {
    let ran = false;
    const guarded = defineTool({
      name: "guarded",
      description: "needs a number",
      input: z.object({ amount: z.number() }),
      run: () => {
        ran = true;
        return "ran";
      },
    });
    const server = await localBedrock({
      script: [{ toolUse: [{ name: "guarded", input: { amount: "ten" } }] }, { text: "ok" }],
    });
    const agent = createAgent({ model: localModel(server, { streaming: false }), tools: [guarded] });
    const result = await agent.invoke("go");
    const observation = result.steps.find((step) => step.kind === "observation");
    expect(ran).toBe(false);
    expect(observation?.kind === "observation" && observation.content).toMatch(
      /invalid input for tool "guarded": amount:/,
    );
  });

  it("answers an unknown tool name with an error observation listing the tools", async () => {
    const server = await localBedrock({
      script: [{ toolUse: [{ name: "nope", input: {} }] }, { text: "ok" }],
    });
    const agent = createAgent({ model: localModel(server, { streaming: false }), tools: [add] });
    const result = await agent.invoke("go");
    const observation = result.steps.find((step) => step.kind === "observation");
    expect(observation?.kind === "observation" && observation.content).toMatch(/no tool named "nope".*add/);
  });

  it("ends with step_limit when the model keeps calling tools", async () => {
    const loop = Array.from({ length: 10 }, () => ({ toolUse: [{ name: "add", input: { a: 1, b: 2 } }] }));
    const server = await localBedrock({ script: loop });
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      tools: [add],
      limits: { maxSteps: 3 },
    });
    const result = await agent.invoke("loop forever");
    expect(result.outcome).toBe("step_limit");
    expect(result.outcomeDetail).toMatch(/3 steps/);
    expect(result.steps.filter((step) => step.kind === "thought")).toHaveLength(3);
    expect(converseBodies(server, "Converse")).toHaveLength(3);
  });

  it("ends with token_budget once the budget is spent", async () => {
    const loop = Array.from({ length: 10 }, () => ({
      toolUse: [{ name: "add", input: { a: 1, b: 2 } }],
      usage: { inputTokens: 600, outputTokens: 100, totalTokens: 700 },
    }));
    const server = await localBedrock({ script: loop });
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      tools: [add],
      limits: { maxTokens: 1_000 },
    });
    const result = await agent.invoke("spend");
    expect(result.outcome).toBe("token_budget");
    expect(result.usage.totalTokens).toBe(1_400);
  });

  it("cancels a run with an AbortSignal, also inside a running tool", async () => {
    const server = await localBedrock({
      script: [{ toolUse: [{ name: "sleepy", input: {} }] }, { text: "never" }],
    });
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      tools: [slow("sleepy", 10_000)],
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user pressed stop")), 150);
    const started = performance.now();
    await expect(agent.invoke("go", { signal: controller.signal })).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(converseBodies(server, "Converse")).toHaveLength(1);
  });

  it("cancels the run when the consumer stops reading the stream", async () => {
    let aborted = false;
    const watcher = defineTool({
      name: "watcher",
      description: "waits until cancelled",
      input: z.object({}),
      run: async (_input, { signal }) => {
        await sleep(5_000, signal).catch((error) => {
          aborted = true;
          throw error;
        });
        return "finished";
      },
    });
    const server = await localBedrock({
      script: [{ toolUse: [{ name: "watcher", input: {} }] }, { text: "never" }],
    });
    const agent = createAgent({ model: localModel(server, { streaming: false }), tools: [watcher] });
    for await (const event of agent.stream("go")) if (event.type === "action") break;
    await sleep(50);
    expect(aborted).toBe(true);
    expect(converseBodies(server, "Converse")).toHaveLength(1);
  });

  it("recovers from a 429 storm with backoff and records the attempts", async () => {
    const server = await localBedrock({ faults: { failFirst: 4, failFirstType: "ThrottlingException" } });
    const agent = createAgent({ model: localModel(server), tools: builtinTools });
    const retries = [];
    let result: Awaited<ReturnType<typeof agent.invoke>> | undefined;
    for await (const event of agent.stream("What is 2+2?")) {
      if (event.type === "retry") retries.push(event);
      if (event.type === "done") result = event.result;
    }
    expect(retries.map((event) => event.errorType)).toEqual(Array(4).fill("ThrottlingException"));
    expect(result?.answer).toContain("4");
    const first = result?.steps[0];
    expect(first?.kind === "thought" && first.attempts).toBe(5);
  });

  it("recovers from 5xx errors", async () => {
    const server = await localBedrock({
      faults: { failFirst: 2, failFirstType: "ServiceUnavailableException" },
    });
    const agent = createAgent({ model: localModel(server, { streaming: false }), tools: builtinTools });
    const result = await agent.invoke("What is 6 times 7?");
    expect(result.answer).toContain("42");
  });

  it("retries the whole call after a mid-stream exception", async () => {
    const server = await localBedrock({
      script: [
        { text: "this answer breaks half way through", midStreamError: { afterEvents: 2 } },
        { text: "the full answer" },
      ],
    });
    const agent = createAgent({ model: localModel(server), tools: [] });
    const events = [];
    for await (const event of agent.stream("hi")) events.push(event);
    const retry = events.find((event) => event.type === "retry");
    expect(retry?.type === "retry" && retry.errorType).toMatch(/modelStreamError/i);
    const done = events.at(-1);
    expect(done?.type === "done" && done.result.answer).toBe("the full answer");
  });

  it("gives up with a clear RetryExhaustedError when throttling does not stop", async () => {
    const server = await localBedrock({ faults: { throttleRate: 1 } });
    const agent = createAgent({
      model: localModel(server, {
        streaming: false,
        retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      }),
    });
    const error = await agent.invoke("hi").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryExhaustedError);
    expect((error as Error).message).toMatch(/3 attempts.*ThrottlingException/);
    expect(converseBodies(server, "Converse")).toHaveLength(3);
  });

  it("surfaces a ValidationException at once, without retrying", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server, { modelId: "acme.not-a-model-v1:0", streaming: false }),
    });
    const error = (await agent.invoke("hi").catch((e: unknown) => e)) as Error;
    expect(error.name).toBe("ValidationException");
    expect(error.message).toMatch(/model identifier is invalid/);
    expect(server.requests.count()).toBe(1);
  });

  it("ends with max_tokens and keeps the partial answer", async () => {
    const server = await localBedrock({ script: [{ text: "a partial ans", stopReason: "max_tokens" }] });
    const agent = createAgent({ model: localModel(server, { streaming: false }) });
    const result = await agent.invoke("write a lot");
    expect(result.outcome).toBe("max_tokens");
    expect(result.answer).toBe("a partial ans");
    expect(result.outcomeDetail).toMatch(/maxTokens/);
  });

  it("ends with guardrail_intervened and the blocked message as the answer", async () => {
    const server = await localBedrock({
      script: [{ text: "Sorry, the model cannot answer this question.", stopReason: "guardrail_intervened" }],
    });
    const agent = createAgent({ model: localModel(server) });
    const result = await agent.invoke("something blocked");
    expect(result.outcome).toBe("guardrail_intervened");
    expect(result.answer).toBe("Sorry, the model cannot answer this question.");
  });

  it("asks once more after malformed_tool_use, then goes on", async () => {
    const server = await localBedrock({
      script: [
        { text: "", stopReason: "malformed_tool_use" },
        { toolUse: [{ name: "add", input: { a: 2, b: 3 } }] },
        { text: "5" },
      ],
    });
    const agent = createAgent({ model: localModel(server, { streaming: false }), tools: [add] });
    const result = await agent.invoke("add 2 and 3");
    expect(result.outcome).toBe("answered");
    expect(result.answer).toBe("5");
    const first = result.steps[0];
    expect(first?.kind === "thought" && first.attempts).toBe(2);
  });

  it("sends the config's Converse fields on the wire", async () => {
    const server = await localBedrock({
      script: [{ toolUse: [{ name: "add", input: { a: 1, b: 2 } }] }, { text: "3" }],
    });
    const agent = createAgent({
      model: localModel(server, {
        // Claude Sonnet 4 takes temperature and topP together (the 4.5 models take one of them).
        modelId: "us.anthropic.claude-sonnet-4-20250514-v1:0",
        streaming: false,
        toolChoice: { tool: "add" },
        inferenceConfig: { maxTokens: 512, temperature: 0.2, topP: 0.9, stopSequences: ["END"] },
        additionalModelRequestFields: { top_k: 40 },
        performanceConfig: { latency: "optimized" },
      }),
      tools: [add],
      systemPrompt: "Be exact.",
    });
    await agent.invoke("add 1 and 2");
    const body = converseBodies(server, "Converse")[0] as Record<string, unknown>;
    expect(body.system).toEqual([{ text: "Be exact." }]);
    expect(body.inferenceConfig).toEqual({
      maxTokens: 512,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ["END"],
    });
    expect(body.toolConfig).toMatchObject({
      toolChoice: { tool: { name: "add" } },
      tools: [{ toolSpec: { name: "add" } }],
    });
    expect(body.additionalModelRequestFields).toEqual({ top_k: 40 });
    expect(body.performanceConfig).toEqual({ latency: "optimized" });
  });

  it("sends requestMetadata for cost attribution and keeps a traffic split sticky per thread", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server, {
        streaming: false,
        requestMetadata: { team: "payments" },
        trafficSplit: [
          { modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", weight: 1 },
          { modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0", weight: 1 },
        ],
      }),
    });
    const models = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const result = await agent.invoke("hello", {
        threadId: "thread-42",
        requestMetadata: { run: String(i) },
      });
      models.add(result.modelId);
    }
    expect(models.size).toBe(1);
    const bodies = converseBodies(server, "Converse") as Array<{ requestMetadata?: Record<string, string> }>;
    expect(bodies[2]?.requestMetadata).toEqual({ team: "payments", run: "2" });
    const threads = new Set<string>();
    for (let i = 0; i < 40; i++) threads.add((await agent.invoke("hello", { threadId: `t${i}` })).modelId);
    expect(threads.size).toBe(2);
  });
});
