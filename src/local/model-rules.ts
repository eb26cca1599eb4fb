import type { ModelCapabilities } from "../model/catalog.ts";
import { findModel } from "../model/catalog.ts";
import { accessProblem } from "../model/model-access.ts";
import { validation } from "./bedrock-errors.ts";

/** Bedrock's answer to the base id of a model it serves only through inference profiles. */
export const onDemandRefusal = (modelId: string) =>
  `Invocation of model ID ${modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`;

export const INVALID_MODEL = "The provided model identifier is invalid.";

/** Refuses a model id Bedrock does not serve as written: a profile-only model's base id, a profile that does not exist. */
export function checkModelAccess(modelId: string): void {
  const problem = accessProblem(modelId);
  if (problem?.kind === "needs-profile") throw validation(onDemandRefusal(modelId));
  if (problem) throw validation(INVALID_MODEL);
}

/** Refuses inference parameters the model does not take: maxTokens over its limit, temperature with topP. */
export function checkInferenceConfig(
  modelId: string,
  inference: { maxTokens?: number; temperature?: number; topP?: number } | undefined,
  capabilities: ModelCapabilities,
): void {
  if (!inference) return;
  const limit = capabilities.maxOutputTokens;
  if (inference.maxTokens !== undefined && inference.maxTokens > limit)
    throw validation(
      `The maximum tokens you requested exceeds the model limit of ${limit}. Try again with a maximum tokens value that is lower than ${limit}.`,
    );
  if (
    findModel(modelId)?.inference.temperatureTopPExclusive &&
    inference.temperature !== undefined &&
    inference.topP !== undefined
  )
    throw validation(
      "The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.",
    );
}

/** Refuses a `toolChoice` the model does not take (Llama takes only `auto`; Mistral `auto` and `any`). */
export function checkToolChoice(
  toolConfig: { toolChoice?: { auto?: object; any?: object; tool?: object } } | undefined,
  capabilities: ModelCapabilities,
): void {
  const choice = toolConfig?.toolChoice;
  const kind = choice?.any ? "any" : choice?.tool ? "tool" : undefined;
  if (kind && !capabilities.toolChoice.includes(kind))
    throw validation(
      `This model doesn't support the toolConfig.toolChoice.${kind} field. Remove toolConfig.toolChoice.${kind} and try again.`,
    );
}
