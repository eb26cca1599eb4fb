import { ConfigError } from "../errors.ts";
import { capabilitiesOf, findModel, type ModelCapabilities } from "./catalog.ts";
import { accessProblem, orList } from "./model-access.ts";

/** What {@link checkModelChoice} reads of a model config (a `ModelConfig` is one). */
export interface ModelChoice {
  modelId: string;
  trafficSplit?: ReadonlyArray<{ modelId: string }> | undefined;
  inferenceConfig?:
    | { maxTokens?: number | undefined; temperature?: number | undefined; topP?: number | undefined }
    | undefined;
  capabilities?: unknown;
}

/**
 * Refuses, before any call, a model config Bedrock would refuse at the first call: the base id of a
 * model served only through inference profiles (naming the profiles to use), an inference profile the
 * model has none of, `maxTokens` above the model's output limit, and `temperature` with `topP` for
 * models that take only one. ARNs and models the catalogue does not know are not judged.
 */
export function checkModelChoice(config: ModelChoice): void {
  const choices = config.trafficSplit
    ? config.trafficSplit.map((entry, i) => ({
        modelId: entry.modelId,
        field: `model.trafficSplit.${i}.modelId`,
      }))
    : [{ modelId: config.modelId, field: "model.modelId" }];
  for (const { modelId, field } of choices) {
    checkAccess(modelId, field);
    checkInference(
      modelId,
      config,
      capabilitiesOf(modelId, config.capabilities as Partial<ModelCapabilities>),
    );
  }
}

function checkAccess(modelId: string, field: string): void {
  const problem = accessProblem(modelId);
  if (!problem) return;
  const use = orList(problem.profileIds);
  if (problem.kind === "needs-profile")
    throw new ConfigError(
      `${field}: ${modelId} (${problem.entry.name}) is served only through inference profiles; Bedrock refuses its base id on demand. Use ${use}`,
      { code: "MODEL_NEEDS_PROFILE" },
    );
  throw new ConfigError(
    `${field}: ${modelId} is not an inference profile of ${problem.entry.name}; its profiles are ${use}`,
    { code: "MODEL_PROFILE_UNKNOWN" },
  );
}

function checkInference(modelId: string, config: ModelChoice, capabilities: ModelCapabilities): void {
  const inference = config.inferenceConfig;
  if (!inference) return;
  if (inference.maxTokens !== undefined && inference.maxTokens > capabilities.maxOutputTokens)
    throw new ConfigError(
      `model.inferenceConfig.maxTokens: ${inference.maxTokens} is above the ${capabilities.maxOutputTokens} output tokens ${modelId} can produce`,
      { code: "INFERENCE_CONFIG_INVALID" },
    );
  const entry = findModel(modelId);
  if (
    entry?.inference.temperatureTopPExclusive &&
    inference.temperature !== undefined &&
    inference.topP !== undefined
  )
    throw new ConfigError(
      `model.inferenceConfig: ${modelId} (${entry.name}) takes temperature or topP, not both; remove one of them`,
      { code: "INFERENCE_CONFIG_INVALID" },
    );
}
