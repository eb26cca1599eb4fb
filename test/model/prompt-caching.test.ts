import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
} from "@aws-sdk/client-bedrock-runtime";
import { MemorySaver } from "@langchain/langgraph";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describe, expect, it } from "vitest";
import { createAgent, setupTelemetry } from "../../src/index.ts";
import { FEATURE_ATTR } from "../../src/telemetry/model-feature-spans.ts";
import { builtinTools } from "../../tools/index.ts";
import { converseBodies, localBedrock, localModel } from "../helpers/local-bedrock.ts";

const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
/** A system prompt well over Sonnet 4.5's 1,024-token minimum for a cache checkpoint. */
const LONG_PROMPT = `${"You are a careful assistant for the finance team; use the tools for every number. ".repeat(120)}`;

type Body = {
  system?: Array<Record<string, unknown>>;
  toolConfig?: { tools: Array<Record<string, unknown>> };
  messages: Array<{ content: Array<Record<string, unknown>> }>;
};
const pointsIn = (body: Body) =>
  [
    ...(body.toolConfig?.tools ?? []),
    ...(body.system ?? []),
    ...body.messages.flatMap((m) => m.content),
  ].filter((block) => "cachePoint" in block).length;

const sdk = (url: string) =>
  new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });

describe("prompt caching (real SDK, local Bedrock)", () => {
  it("reads the cache on the second turn, never sends more than four points, and the cost shows the saving", async () => {
    const server = await localBedrock();
    const telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const agent = (cache: "auto" | "off") =>
      createAgent({
        model: localModel(server, { cache, streaming: false }),
        tools: builtinTools,
        systemPrompt: LONG_PROMPT,
        checkpointer: new MemorySaver(),
        telemetry,
      });
    const cached = agent("auto");
    const first = await cached.invoke("What is 6 times 7?", { threadId: "cached" });
    const second = await cached.invoke("What day of the week is 2026-12-25?", { threadId: "cached" });
    expect(first.usage.cacheWriteInputTokens).toBeGreaterThan(1024);
    expect(second.usage.cacheReadInputTokens).toBeGreaterThan(first.usage.cacheWriteInputTokens);
    const [firstCall] = second.steps.filter((step) => step.kind === "thought");
    expect(firstCall?.kind === "thought" && firstCall.usage.cacheReadInputTokens).toBeGreaterThan(0);
    const bodies = converseBodies(server, "Converse") as Body[];
    expect(bodies.length).toBe(4);
    for (const body of bodies) expect(pointsIn(body)).toBeLessThanOrEqual(4);
    expect(pointsIn(bodies[3] as Body)).toBe(4);

    const plain = agent("off");
    await plain.invoke("What is 6 times 7?", { threadId: "plain" });
    const uncached = await plain.invoke("What day of the week is 2026-12-25?", { threadId: "plain" });
    expect(uncached.usage.cacheReadInputTokens).toBe(0);
    expect(second.costUsd).toBeLessThan((uncached.costUsd ?? 0) * 0.5);

    const chats = (telemetry.memory?.getFinishedSpans() ?? []).filter((span) =>
      span.name.startsWith("chat "),
    );
    const withPoints = chats.filter((span) => span.attributes[FEATURE_ATTR.cachePoints] === 4);
    expect(withPoints.length).toBeGreaterThan(0);
    const reading = chats.find((span) => Number(span.attributes[FEATURE_ATTR.cacheReadRatio] ?? 0) > 0.5);
    expect(Number(reading?.attributes[FEATURE_ATTR.cacheSavingUsd])).toBeGreaterThan(0);
    await telemetry.shutdown();
  });

  it("sends no cache points to a model without prompt caching, and refuses a TTL the model lacks when built", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server, {
        modelId: "meta.llama3-3-70b-instruct-v1:0",
        cache: "auto",
        streaming: false,
      }),
      tools: builtinTools,
    });
    await agent.invoke("What is 6 times 7?");
    for (const body of converseBodies(server, "Converse") as Body[]) expect(pointsIn(body)).toBe(0);
    expect(() =>
      createAgent({
        model: localModel(server, {
          modelId: "us.anthropic.claude-sonnet-4-20250514-v1:0",
          cache: { ttl: "1h" },
        }),
      }),
    ).toThrow(/model\.cache\.ttl\.tools: .* caches for 5m, not 1h/);
    expect(() =>
      createAgent({ model: localModel(server, { cache: { ttl: { system: "5m", messages: "1h" } } }) }),
    ).toThrow(/may not follow a 5m one \(system\)/);
  });
});

describe("the local Bedrock's prompt cache", () => {
  const request = (
    extra: Partial<ConverseCommandInput> = {},
    question = "What is 6 times 7?",
  ): ConverseCommandInput => ({
    modelId: SONNET,
    system: [{ text: LONG_PROMPT }, { cachePoint: { type: "default" } }],
    messages: [{ role: "user", content: [{ text: question }] }],
    ...extra,
  });

  it("writes a prefix at a cache point, reads it within its TTL, and forgets it after", async () => {
    let now = 1_000_000;
    const server = await localBedrock({ clock: () => now });
    const client = sdk(server.url);
    const first = await client.send(new ConverseCommand(request()));
    expect(first.usage?.cacheWriteInputTokens).toBeGreaterThan(1024);
    expect(first.usage?.cacheReadInputTokens).toBe(0);
    expect(first.usage?.cacheDetails).toEqual([
      { ttl: "5m", inputTokens: first.usage?.cacheWriteInputTokens },
    ]);
    now += 4 * 60_000;
    const second = await client.send(new ConverseCommand(request({}, "And 7 times 8?")));
    expect(second.usage?.cacheReadInputTokens).toBe(first.usage?.cacheWriteInputTokens);
    expect(second.usage?.inputTokens).toBeLessThan(20);
    // The read renewed the entry; six minutes of silence expire it.
    now += 6 * 60_000;
    const third = await client.send(new ConverseCommand(request()));
    expect(third.usage?.cacheReadInputTokens).toBe(0);
    expect(third.usage?.cacheWriteInputTokens).toBe(first.usage?.cacheWriteInputTokens);
  });

  it("does not cache a prefix under the model's minimum (Haiku 4.5: 4,096 tokens)", async () => {
    const server = await localBedrock();
    const haiku = { ...request(), modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0" };
    const response = await sdk(server.url).send(new ConverseCommand(haiku));
    expect(response.usage?.cacheWriteInputTokens ?? 0).toBe(0);
    expect(response.usage?.inputTokens).toBeGreaterThan(1024);
  });

  it.each([
    [
      "five cache points",
      request({
        messages: [
          {
            role: "user",
            content: [1, 2, 3, 4].flatMap((i) => [
              { text: `part ${i}` },
              { cachePoint: { type: "default" as const } },
            ]),
          },
        ],
      }),
      "A maximum of 4 blocks with cache_control may be provided. Found 5.",
    ],
    [
      "a 1h point after a 5m one",
      request({
        messages: [
          { role: "user", content: [{ text: "q" }, { cachePoint: { type: "default", ttl: "1h" } }] },
        ],
      }),
      "a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block",
    ],
    [
      "a cache point with nothing before it",
      request({
        messages: [{ role: "user", content: [{ cachePoint: { type: "default" } }, { text: "q" }] }],
      }),
      "There is nothing available to cache.",
    ],
    [
      "a tool-list point on Nova",
      {
        modelId: "us.amazon.nova-pro-v1:0",
        messages: [{ role: "user", content: [{ text: "q" }] }],
        toolConfig: {
          tools: [
            { toolSpec: { name: "calc", inputSchema: { json: { type: "object" } } } },
            { cachePoint: { type: "default" } },
          ],
        },
      } as ConverseCommandInput,
      "Malformed input request: #/toolConfig/tools/1: extraneous key [cachePoint] is not permitted",
    ],
    [
      "a cache point on a model without caching",
      { ...request(), modelId: "meta.llama3-3-70b-instruct-v1:0" },
      "You invoked an unsupported model or your request did not allow prompt caching.",
    ],
  ])("refuses %s as Bedrock does", async (_name, input, message) => {
    const server = await localBedrock();
    await expect(sdk(server.url).send(new ConverseCommand(input))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(message),
    });
  });
});
