import { ConverseCommand, CountTokensCommand } from "@aws-sdk/client-bedrock-runtime";
import { HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { capabilitiesOf, countRequestTokens, createAgent } from "../../src/index.ts";
import { builtinTools } from "../../tools/index.ts";
import { localBedrock, localModel, sdkClient } from "../helpers/local-bedrock.ts";

const SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const converse = {
  system: [{ text: "You are precise." }],
  messages: [{ role: "user" as const, content: [{ text: "What is 17% of 2,340 plus 12?" }] }],
};

describe("CountTokens (real SDK, local Bedrock)", () => {
  it("counts what Converse bills as input", async () => {
    const server = await localBedrock();
    const client = sdkClient(server.url);
    const counted = await client.send(new CountTokensCommand({ modelId: SONNET, input: { converse } }));
    // CountTokens takes the base id; Converse wants the inference profile of a profile-only model.
    const billed = await client.send(new ConverseCommand({ modelId: `us.${SONNET}`, ...converse }));
    expect(counted.inputTokens).toBeGreaterThan(0);
    expect(counted.inputTokens).toBe(billed.usage?.inputTokens);
  });

  it("wants a foundation model that counts tokens, as Bedrock does", async () => {
    const server = await localBedrock();
    const client = sdkClient(server.url);
    await expect(
      client.send(new CountTokensCommand({ modelId: `us.${SONNET}`, input: { converse } })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: "The provided model identifier is invalid.",
    });
    await expect(
      client.send(new CountTokensCommand({ modelId: "amazon.nova-pro-v1:0", input: { converse } })),
    ).rejects.toMatchObject({
      message: "The provided model doesn't support counting tokens.",
    });
  });

  it("is used where the model has it, with the profile prefix dropped, and estimated where it does not", async () => {
    const server = await localBedrock();
    const client = sdkClient(server.url);
    const request = { modelId: `us.${SONNET}`, ...converse };
    const counted = await countRequestTokens(client, capabilitiesOf(SONNET), request);
    expect(counted).toEqual({ tokens: expect.any(Number), source: "count_tokens" });
    expect(server.requests.all("CountTokens")[0]?.path).toBe(
      `/model/${encodeURIComponent(SONNET)}/count-tokens`,
    );
    const estimated = await countRequestTokens(client, capabilitiesOf("amazon.nova-pro-v1:0"), {
      ...request,
      modelId: "us.amazon.nova-pro-v1:0",
    });
    expect(estimated.source).toBe("estimate");
    expect(estimated.tokens).toBeGreaterThan(counted.tokens * 0.5);
    expect(server.requests.count("CountTokens")).toBe(1);
  });

  it("prices the first call of a run without calling the model (agent.estimate)", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server),
      tools: builtinTools,
      systemPrompt: "You are precise.",
    });
    const estimate = await agent.estimate("What is 17% of 2,340 plus 12?");
    expect(estimate.counted).toBe("count_tokens");
    expect(estimate.inputTokens).toBeGreaterThan(100);
    expect(estimate.inputCostUsd).toBeCloseTo((estimate.inputTokens * 3) / 1_000_000);
    expect(estimate.maxOutputTokens).toBe(64_000);
    expect(server.requests.count("Converse") + server.requests.count("ConverseStream")).toBe(0);
    // The same request is what the agent then sends: the count matches the bill.
    const result = await agent.invoke([new HumanMessage("What is 17% of 2,340 plus 12?")]);
    const first = result.steps[0];
    expect(first?.kind === "thought" && first.usage.inputTokens).toBe(estimate.inputTokens);
    const typed = await agent.estimate("Hello", { output: z.object({ answer: z.string() }) });
    expect(typed.inputTokens).toBeGreaterThan(0);
  });
});
