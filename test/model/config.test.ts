import { AIMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_ID } from "../../src/model/catalog.ts";
import { parseModelConfig } from "../../src/model/config.ts";
import { parseModelId } from "../../src/model/model-id.ts";
import { handleStopReason, STOP_REASONS } from "../../src/model/stop-reasons.ts";
import { addUsage, usageFromMessage } from "../../src/model/usage.ts";

describe("model config", () => {
  it("fills defaults and accepts every model id form", () => {
    const config = parseModelConfig({});
    expect(config.modelId).toBe(DEFAULT_MODEL_ID);
    expect(config.streaming).toBe(true);
    for (const modelId of [
      "anthropic.claude-3-haiku-20240307-v1:0",
      "eu.amazon.nova-pro-v1:0",
      "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123",
      "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/xyz",
    ]) {
      expect(parseModelConfig({ modelId }).modelId).toBe(modelId);
    }
  });

  it("names each bad field and what was expected", () => {
    expect(() => parseModelConfig({ inferenceConfig: { temperature: 1.5 } })).toThrow(
      /^model\.inferenceConfig\.temperature: /,
    );
    expect(() => parseModelConfig({ modelId: "not a model" })).toThrow(
      /model\.modelId: expected a foundation model id/,
    );
    expect(() => parseModelConfig({ region: "moon-1" })).toThrow(/model\.region: expected an AWS region/);
    expect(() => parseModelConfig({ tempreature: 1 })).toThrow(/tempreature/);
    expect(() =>
      parseModelConfig({ trafficSplit: [{ modelId: "amazon.nova-pro-v1:0", weight: 1 }] }),
    ).toThrow(/at least two models/);
    expect(() =>
      parseModelConfig({
        requestMetadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])),
      }),
    ).toThrow(/at most 16/);
    expect(() => parseModelConfig({ requestMetadata: { "team!": "x" } })).toThrow(/requestMetadata/);
  });

  it("refuses static AWS keys", () => {
    expect(() => parseModelConfig({ accessKeyId: "AKIA", secretAccessKey: "x" })).toThrow(
      /static AWS keys are not accepted/,
    );
  });
});

describe("model ids", () => {
  it("classifies ids and finds the base model", () => {
    expect(parseModelId("us.anthropic.claude-sonnet-4-5-20250929-v1:0")).toEqual({
      kind: "inference-profile",
      baseModelId: "anthropic.claude-sonnet-4-5-20250929-v1:0",
      known: true,
    });
    expect(parseModelId("arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0")).toMatchObject({
      kind: "foundation-model-arn",
      baseModelId: "amazon.nova-lite-v1:0",
      region: "us-west-2",
      known: true,
    });
    expect(parseModelId("acme.new-model-v1:0")).toMatchObject({ kind: "foundation-model", known: false });
    expect(parseModelId("hello world")).toBeUndefined();
  });
});

describe("stop reasons", () => {
  it("handles every Converse stop reason explicitly", () => {
    expect(Object.keys(STOP_REASONS).sort()).toEqual(
      [
        "content_filtered",
        "end_turn",
        "guardrail_intervened",
        "malformed_model_output",
        "malformed_tool_use",
        "max_tokens",
        "model_context_window_exceeded",
        "stop_sequence",
        "tool_use",
      ].sort(),
    );
    expect(handleStopReason("tool_use").action).toBe("act");
    expect(handleStopReason("max_tokens")).toMatchObject({ action: "end", outcome: "max_tokens" });
    expect(handleStopReason("malformed_tool_use").action).toBe("retry");
    expect(handleStopReason("model_context_window_exceeded").outcome).toBe("context_window_exceeded");
    expect(handleStopReason("brand_new_reason")).toMatchObject({
      action: "answer",
      note: expect.stringContaining("brand_new_reason"),
    });
  });
});

describe("usage", () => {
  it("reads Converse usage from streamed and non-streamed messages and adds it up", () => {
    const converse = { inputTokens: 10, outputTokens: 5, totalTokens: 15, cacheReadInputTokens: 100 };
    const plain = usageFromMessage(new AIMessage({ content: "x", response_metadata: { usage: converse } }));
    const streamed = usageFromMessage(
      new AIMessage({ content: "x", response_metadata: { metadata: { usage: converse } } }),
    );
    expect(plain).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
      cacheReadInputTokens: 100,
      cacheWriteInputTokens: 0,
    });
    expect(streamed).toEqual(plain);
    const fallback = usageFromMessage(
      new AIMessage({
        content: "x",
        usage_metadata: {
          input_tokens: 110,
          output_tokens: 5,
          total_tokens: 115,
          input_token_details: { cache_read: 100 },
        },
      }),
    );
    expect(fallback.inputTokens).toBe(10);
    expect(addUsage(plain, plain).cacheReadInputTokens).toBe(200);
  });
});
