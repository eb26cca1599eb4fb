import { describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/index.ts";
import { GlassboxError } from "../../src/errors.ts";
import { runCli } from "../helpers/cli.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

const SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0";

/** What createAgent threw for a model config, or undefined. */
function refusal(model: Record<string, unknown>): GlassboxError | undefined {
  try {
    createAgent({ model });
  } catch (error) {
    if (GlassboxError.isInstance(error)) return error;
    throw error;
  }
  return undefined;
}

describe("createAgent refuses a model choice Bedrock would refuse, before any call", () => {
  it("refuses the base id of a profile-only model, naming model.modelId and the profiles to use", async () => {
    const server = await localBedrock();
    const error = refusal(localModel(server, { modelId: SONNET }));
    expect(error?.code).toBe("MODEL_NEEDS_PROFILE");
    expect(error?.kind).toBe("usage");
    expect(error?.message).toMatch(
      /^model\.modelId: anthropic\.claude-sonnet-4-5-20250929-v1:0 \(Claude Sonnet 4\.5\)/,
    );
    expect(error?.message).toContain(`us.${SONNET}`);
    expect(error?.message).toContain(`global.${SONNET}`);
    expect(server.requests.count()).toBe(0);
  });

  it("names the traffic-split entry that uses a base id", () => {
    const error = refusal({
      trafficSplit: [
        { modelId: `us.${SONNET}`, weight: 1 },
        { modelId: "anthropic.claude-haiku-4-5-20251001-v1:0", weight: 1 },
      ],
    });
    expect(error?.code).toBe("MODEL_NEEDS_PROFILE");
    expect(error?.message).toMatch(
      /^model\.trafficSplit\.1\.modelId: .*us\.anthropic\.claude-haiku-4-5-20251001-v1:0/,
    );
  });

  it("refuses an inference profile the model has none of, listing the ones it has", () => {
    const error = refusal({ modelId: `ca.${SONNET}` });
    expect(error?.code).toBe("MODEL_PROFILE_UNKNOWN");
    expect(error?.message).toMatch(
      /^model\.modelId: ca\.anthropic\.claude-sonnet-4-5-20250929-v1:0 is not an inference profile of Claude Sonnet 4\.5; its profiles are us\./,
    );
  });

  it("accepts profile ids, on-demand base ids, ARNs and models the catalogue does not know", () => {
    for (const modelId of [
      `us.${SONNET}`,
      `global.${SONNET}`,
      "amazon.nova-pro-v1:0",
      `arn:aws:bedrock:us-east-1::foundation-model/${SONNET}`,
      "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123def456",
      "acme.brand-new-model-v1:0",
    ])
      expect(refusal({ modelId }), modelId).toBeUndefined();
  });

  it("refuses maxTokens above the model's output limit", () => {
    const error = refusal({ modelId: `us.${SONNET}`, inferenceConfig: { maxTokens: 64_001 } });
    expect(error?.code).toBe("INFERENCE_CONFIG_INVALID");
    expect(error?.message).toBe(
      `model.inferenceConfig.maxTokens: 64001 is above the 64000 output tokens us.${SONNET} can produce`,
    );
    expect(refusal({ modelId: `us.${SONNET}`, inferenceConfig: { maxTokens: 64_000 } })).toBeUndefined();
  });

  it("refuses temperature with topP for a model that takes only one, and allows both where the model does", () => {
    const both = { temperature: 0.5, topP: 0.9 };
    const error = refusal({ modelId: `us.${SONNET}`, inferenceConfig: both });
    expect(error?.code).toBe("INFERENCE_CONFIG_INVALID");
    expect(error?.message).toMatch(/^model\.inferenceConfig: .* takes temperature or topP, not both/);
    expect(
      refusal({ modelId: "us.anthropic.claude-sonnet-4-20250514-v1:0", inferenceConfig: both }),
    ).toBeUndefined();
    expect(refusal({ modelId: "amazon.nova-pro-v1:0", inferenceConfig: both })).toBeUndefined();
  });

  it("makes glassbox run exit 2 with one line naming the profiles", async () => {
    const { code, stderr } = await runCli(["run", "--local", "--model", SONNET, "hi"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^glassbox: model\.modelId: anthropic\.claude-sonnet-4-5-20250929-v1:0 \(Claude Sonnet 4\.5\) is served only through inference profiles; .* or global\.anthropic\.claude-sonnet-4-5-20250929-v1:0$/m,
    );
  });
});
