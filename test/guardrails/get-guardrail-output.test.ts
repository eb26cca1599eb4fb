import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { GetGuardrailResponse } from "@aws-sdk/client-bedrock";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.ts";
import { parseGuardrailConfig } from "../../src/guardrails/config.ts";
import {
  guardrailConfigFromOutput,
  guardrailOutputFromConfig,
} from "../../src/guardrails/get-guardrail-output.ts";

const ARN = "arn:aws:bedrock:us-east-1:123456789012:guardrail/larkspurhrgr";

/** A GetGuardrail output in the service model's shape (what BedrockClient returns). */
function output(): GetGuardrailResponse {
  return {
    name: "larkspur-hr",
    guardrailId: "larkspurhrgr",
    guardrailArn: ARN,
    version: "1",
    status: "READY",
    description: "HR assistant guardrail",
    topicPolicy: {
      topics: [{ name: "Investment advice", definition: "Stock tips.", examples: ["Which stock?"] }],
      tier: { tierName: "CLASSIC" },
    },
    contentPolicy: {
      filters: [
        { type: "HATE", inputStrength: "HIGH", outputStrength: "MEDIUM", inputAction: "BLOCK" },
        { type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "NONE" },
      ],
    },
    wordPolicy: { words: [{ text: "confidential" }], managedWordLists: [{ type: "PROFANITY" }] },
    sensitiveInformationPolicy: {
      piiEntities: [{ type: "EMAIL", action: "ANONYMIZE", outputEnabled: true }],
      regexes: [{ name: "employee id", pattern: "E[0-9]{4}", action: "ANONYMIZE" }],
    },
    contextualGroundingPolicy: { filters: [{ type: "GROUNDING", threshold: 0.75 }] },
    crossRegionDetails: {
      guardrailProfileId: "us.guardrail.v1:0",
      guardrailProfileArn: "arn:aws:bedrock:us-east-1:123456789012:guardrail-profile/us.guardrail.v1:0",
    },
    createdAt: new Date("2026-11-02T09:00:00Z"),
    updatedAt: new Date("2026-11-03T09:00:00Z"),
    blockedInputMessaging: "Sorry, I cannot help with that.",
    blockedOutputsMessaging: "Sorry, I cannot answer that.",
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  };
}

describe("guardrailConfigFromOutput (GetGuardrail → CreateGuardrail config)", () => {
  it("renames every policy to its *Config member and keeps what is inside", () => {
    const { config, unmapped } = guardrailConfigFromOutput(output());
    expect(unmapped).toEqual([]);
    expect(config).toEqual({
      name: "larkspur-hr",
      description: "HR assistant guardrail",
      topicPolicyConfig: {
        topicsConfig: [
          { name: "Investment advice", definition: "Stock tips.", examples: ["Which stock?"], type: "DENY" },
        ],
        tierConfig: { tierName: "CLASSIC" },
      },
      contentPolicyConfig: {
        filtersConfig: [
          { type: "HATE", inputStrength: "HIGH", outputStrength: "MEDIUM", inputAction: "BLOCK" },
          { type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "NONE" },
        ],
      },
      wordPolicyConfig: {
        wordsConfig: [{ text: "confidential" }],
        managedWordListsConfig: [{ type: "PROFANITY" }],
      },
      sensitiveInformationPolicyConfig: {
        piiEntitiesConfig: [{ type: "EMAIL", action: "ANONYMIZE", outputEnabled: true }],
        regexesConfig: [{ name: "employee id", pattern: "E[0-9]{4}", action: "ANONYMIZE" }],
      },
      contextualGroundingPolicyConfig: { filtersConfig: [{ type: "GROUNDING", threshold: 0.75 }] },
      crossRegionConfig: {
        guardrailProfileIdentifier:
          "arn:aws:bedrock:us-east-1:123456789012:guardrail-profile/us.guardrail.v1:0",
      },
      blockedInputMessaging: "Sorry, I cannot help with that.",
      blockedOutputsMessaging: "Sorry, I cannot answer that.",
      kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    });
  });

  it("leaves out empty policies and lists members it does not know", () => {
    const { config, unmapped } = guardrailConfigFromOutput({
      ...output(),
      topicPolicy: undefined,
      contentPolicy: { filters: [] },
      wordPolicy: undefined,
      sensitiveInformationPolicy: undefined,
      contextualGroundingPolicy: undefined,
      crossRegionDetails: undefined,
      kmsKeyArn: undefined,
      futurePolicy: { enabled: true },
    } as GetGuardrailResponse);
    expect(Object.keys(config).sort()).toEqual(
      ["blockedInputMessaging", "blockedOutputsMessaging", "description", "name"].sort(),
    );
    expect(unmapped).toEqual(["futurePolicy"]);
  });

  it("refuses an output whose policies break the config's limits, naming the field", () => {
    const bad = output();
    bad.contentPolicy = {
      filters: [{ type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "HIGH" }],
    };
    expect(() => guardrailConfigFromOutput(bad)).toThrow(ConfigError);
    expect(() => guardrailConfigFromOutput(bad)).toThrow(
      /^GetGuardrail larkspurhrgr\/1 \(as a CreateGuardrail config\): contentPolicyConfig\.filtersConfig\.0\.outputStrength: PROMPT_ATTACK/,
    );
  });
});

describe("guardrailOutputFromConfig (config → GetGuardrail)", () => {
  const resource = {
    guardrailId: "cdlsr5bsjgz9",
    guardrailArn: "arn:aws:bedrock:us-east-1:123456789012:guardrail/cdlsr5bsjgz9",
    version: "DRAFT",
    createdAt: new Date("2026-12-01T00:00:00Z"),
    updatedAt: new Date("2026-12-01T00:00:00Z"),
  };

  it("is the inverse of guardrailConfigFromOutput on the shipped guardrails", () => {
    for (const file of ["graphs/guardrails/default.json", "graphs/bedrock-agent-sample/api/guardrail.json"]) {
      const raw = JSON.parse(readFileSync(join(import.meta.dirname, "../..", file), "utf8"));
      const config = parseGuardrailConfig(raw.config ?? raw);
      const wire = guardrailOutputFromConfig(config, resource);
      expect(wire).toMatchObject({
        status: "READY",
        version: "DRAFT",
        createdAt: "2026-12-01T00:00:00.000Z",
      });
      expect(wire).not.toHaveProperty("topicPolicyConfig");
      const back = guardrailConfigFromOutput({
        ...wire,
        createdAt: new Date(wire.createdAt),
        updatedAt: new Date(wire.updatedAt),
      });
      expect(back.config).toEqual(config);
    }
  });

  it("answers the key and profile as ARNs, and leaves out request-only members", () => {
    const { config } = guardrailConfigFromOutput(output());
    const wire = guardrailOutputFromConfig(
      { ...config, tags: [{ key: "team", value: "hr" }], clientRequestToken: "abc" },
      resource,
    );
    expect(wire.kmsKeyArn).toBe(output().kmsKeyArn);
    expect(wire.crossRegionDetails).toEqual(output().crossRegionDetails);
    expect(wire).not.toHaveProperty("tags");
    expect(wire).not.toHaveProperty("clientRequestToken");
    expect(guardrailOutputFromConfig({ ...config, kmsKeyId: "alias/hr" }, resource)).not.toHaveProperty(
      "kmsKeyArn",
    );
  });
});
