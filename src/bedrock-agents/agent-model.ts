import { parseModelId } from "../model/model-id.ts";

/**
 * Foundation models Bedrock serves only through cross-region inference profiles (no on-demand base id).
 * A Bedrock Agent may name them by base id (Bedrock Agents resolves the profile itself); Converse needs
 * the profile id.
 */
const PROFILE_ONLY = [
  /^anthropic\.claude-3-5-haiku/,
  /^anthropic\.claude-3-7-sonnet/,
  /^anthropic\.claude-(sonnet|opus|haiku)-4/,
  /^amazon\.nova-premier/,
  /^amazon\.nova-2-/,
  /^meta\.llama3-(2|3)-/,
  /^meta\.llama4-/,
];

/** The inference profile geography for a region: us-east-1 → us, eu-west-1 → eu, ap-* → apac. */
function geographyOf(region: string): string | undefined {
  if (region.startsWith("us-gov-")) return "us-gov";
  if (region.startsWith("us-")) return "us";
  if (region.startsWith("eu-")) return "eu";
  if (region.startsWith("ap-")) return "apac";
  if (region.startsWith("ca-")) return "ca";
  return undefined;
}

/** The model a Glassbox agent calls for an agent's `foundationModel`, and why it differs when it does. */
export interface AgentModel {
  modelId: string;
  /** Set when the id was changed (a base id mapped to its inference profile). */
  mapped?: string;
  /** Set when the id is kept though Converse may refuse it. */
  warning?: string;
}

/**
 * Maps an agent's `foundationModel` (base model id, inference profile id or ARN) to the model id for
 * Converse. A base id of a model served only through inference profiles becomes the profile of the
 * agent's geography (`anthropic.claude-sonnet-4…` in us-east-1 → `us.anthropic.claude-sonnet-4…`);
 * everything else is kept as given.
 */
export function agentModel(foundationModel: string, region: string | undefined): AgentModel {
  const info = parseModelId(foundationModel);
  if (!info) return { modelId: foundationModel, warning: "not a model id Converse accepts" };
  if (info.kind !== "foundation-model" || !PROFILE_ONLY.some((pattern) => pattern.test(foundationModel)))
    return { modelId: foundationModel };
  const geography = region ? geographyOf(region) : undefined;
  if (!geography)
    return {
      modelId: foundationModel,
      warning: `served only through an inference profile, and no profile geography is known for region ${region ?? "(none)"}: set the profile id`,
    };
  const modelId = `${geography}.${foundationModel}`;
  return {
    modelId,
    mapped: `${foundationModel} is served only through inference profiles: ${modelId} (the ${geography} profile, for ${region})`,
  };
}
