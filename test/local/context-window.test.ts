import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describe, expect, it } from "vitest";
import { localBedrock } from "../helpers/local-bedrock.ts";

const sdk = (url: string) =>
  new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });

describe("the local Bedrock's context windows", () => {
  const model = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

  it("refuses input longer than the model's window with Bedrock's error", async () => {
    const server = await localBedrock({ models: { [model]: { contextWindow: 300 } } });
    const long = "word ".repeat(400);
    await expect(
      sdk(server.url).send(
        new ConverseCommand({ modelId: model, messages: [{ role: "user", content: [{ text: long }] }] }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: "Input is too long for requested model.",
    });
  });

  it("cuts an answer that runs out of window with model_context_window_exceeded", async () => {
    const server = await localBedrock({ models: { [model]: { contextWindow: 20 } } });
    const response = await sdk(server.url).send(
      new ConverseCommand({
        modelId: model,
        messages: [{ role: "user", content: [{ text: "Hello there, who are you?" }] }],
      }),
    );
    expect(response.stopReason).toBe("model_context_window_exceeded");
    const used = (response.usage?.inputTokens ?? 0) + (response.usage?.outputTokens ?? 0);
    expect(used).toBeLessThanOrEqual(20);
  });
});
