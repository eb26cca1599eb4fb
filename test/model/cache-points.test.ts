import { describe, expect, it } from "vitest";
import { placeCachePoints } from "../../src/model/cache-points.ts";
import { resolveCachePolicy } from "../../src/model/cache-policy.ts";
import { findModel } from "../../src/model/catalog.ts";
import type { ConverseRequestBody, WireMessage } from "../../src/model/converse-wire.ts";

const claude = findModel("anthropic.claude-sonnet-4-5-20250929-v1:0")?.caching;
const nova = findModel("amazon.nova-pro-v1:0")?.caching;
if (!claude || !nova) throw new Error("catalogue lost its caching entries");
const auto = resolveCachePolicy("auto");
if (!auto) throw new Error("auto must be a policy");

const tool = (name: string) => ({ toolSpec: { name, inputSchema: { json: { type: "object" } } } });
const user = (...content: Record<string, unknown>[]): WireMessage => ({ role: "user", content });
const assistant = (...content: Record<string, unknown>[]): WireMessage => ({ role: "assistant", content });
const toolUse = (id: string) => ({ toolUse: { toolUseId: id, name: "calc", input: {} } });
const toolResult = (id: string) => ({ toolResult: { toolUseId: id, content: [{ text: "4" }] } });

/** A two-turn tool conversation: question, tool call, result, answer, next question, tool call, result. */
function conversation(): ConverseRequestBody {
  return {
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    system: [{ text: "be precise" }],
    toolConfig: { tools: [tool("calc"), tool("dates")] },
    messages: [
      user({ text: "what is 2+2?" }),
      assistant({ text: "using calc" }, toolUse("a")),
      user(toolResult("a")),
      assistant({ text: "4" }),
      user({ text: "and 3+3?" }),
      assistant(
        { reasoningContent: { reasoningText: { text: "calc again", signature: "s" } } },
        toolUse("b"),
      ),
      user(toolResult("b")),
    ],
  };
}

const points = (request: ConverseRequestBody) => [
  ...(request.toolConfig?.tools ?? []).flatMap((t, i) => (t.cachePoint ? [`tools.${i}`] : [])),
  ...(request.system ?? []).flatMap((b, i) => (b.cachePoint ? [`system.${i}`] : [])),
  ...request.messages.flatMap((m, i) =>
    m.content.flatMap((b, j) => (b.cachePoint ? [`messages.${i}.${j}`] : [])),
  ),
];

describe("cache point placement", () => {
  it("puts points after the tools, after the system prompt, on the latest turn and on the previous request's end", () => {
    const placed = placeCachePoints(conversation(), claude, auto);
    expect(placed.points).toEqual(["tools", "system", "messages.4", "messages.6"]);
    expect(points(placed.request)).toEqual(["tools.2", "system.1", "messages.4.1", "messages.6.1"]);
    expect(placed.request.toolConfig?.tools.at(-1)).toEqual({ cachePoint: { type: "default" } });
  });

  it("leaves the original request untouched", () => {
    const request = conversation();
    const before = JSON.stringify(request);
    placeCachePoints(request, claude, auto);
    expect(JSON.stringify(request)).toBe(before);
  });

  it("never places more than the model's limit, and removes stale points already in the messages", () => {
    const request = conversation();
    for (const message of request.messages)
      if (message.role === "user") message.content.push({ cachePoint: { type: "default" } });
    const placed = placeCachePoints(request, claude, auto);
    expect(placed.removed).toBe(4);
    expect(points(placed.request).length).toBeLessThanOrEqual(4);
    expect(points(placed.request)).toEqual(["tools.2", "system.1", "messages.4.1", "messages.6.1"]);
    const tight = placeCachePoints(conversation(), { ...claude, maxPoints: 3 }, auto);
    expect(tight.points).toEqual(["tools", "system", "messages.6"]);
  });

  it("never puts a point first in a list or right after a reasoning block", () => {
    const request = conversation();
    request.system = [];
    request.messages.push(assistant({ reasoningContent: { reasoningText: { text: "t", signature: "s" } } }));
    request.messages.push(user({ text: "next" }));
    const placed = placeCachePoints(request, claude, auto);
    expect(placed.points).not.toContain("system");
    for (const message of placed.request.messages) {
      message.content.forEach((block, j) => {
        if (!block.cachePoint) return;
        expect(j).toBeGreaterThan(0);
        expect(message.content[j - 1]).not.toHaveProperty("reasoningContent");
        expect(message.role).toBe("user");
      });
    }
  });

  it("keeps Nova's points out of the tool list and out of tool-result turns", () => {
    const placed = placeCachePoints({ ...conversation(), modelId: "amazon.nova-pro-v1:0" }, nova, auto);
    expect(placed.points).toEqual(["system", "messages.4"]);
    expect(points(placed.request)).toEqual(["system.1", "messages.4.1"]);
  });

  it("places only the fields a policy asks for, with TTLs non-increasing in request order", () => {
    const policy = resolveCachePolicy({
      tools: true,
      system: true,
      messages: false,
      ttl: { tools: "1h", system: "5m" },
    });
    if (!policy) throw new Error("policy expected");
    const placed = placeCachePoints(conversation(), claude, policy);
    expect(placed.points).toEqual(["tools", "system"]);
    expect(placed.request.toolConfig?.tools.at(-1)).toEqual({ cachePoint: { type: "default", ttl: "1h" } });
    expect(placed.request.system?.at(-1)).toEqual({ cachePoint: { type: "default" } });
    // A 1h point may not follow a 5m one: the later field is left without a point.
    const increasing = resolveCachePolicy({
      tools: true,
      system: true,
      messages: true,
      ttl: { system: "5m", messages: "1h" },
    });
    if (!increasing) throw new Error("policy expected");
    expect(placeCachePoints(conversation(), claude, increasing).points).toEqual(["tools", "system"]);
  });
});
