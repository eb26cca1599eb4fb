import { ConfigError } from "../config/config-error.ts";
import type { ModelCapabilities } from "./catalog.ts";
import type { ReasoningConfig } from "./reasoning-config.ts";
import type { InferenceConfigSchema } from "./request-fields.ts";

type Inference = import("zod").infer<typeof InferenceConfigSchema>;

/** Output tokens left for the answer when Glassbox chooses `maxTokens` for a thinking call. */
const ANSWER_TOKENS = 4096;
const INTERLEAVED_BETA = "interleaved-thinking-2025-05-14";

/**
 * Checks a reasoning config against the model and the inference settings, with Bedrock's rules:
 * the model must reason in that style; a budget is at least the model's minimum and below `maxTokens`;
 * thinking allows no temperature but 1 and no topP; Nova's high effort allows no temperature, topP or
 * maxTokens. Throws a ConfigError naming the field.
 */
export function checkReasoning(
  modelId: string,
  capabilities: ModelCapabilities,
  reasoning: ReasoningConfig,
  inference: Inference | undefined,
): void {
  const support = capabilities.reasoning;
  if (!support)
    throw new ConfigError(
      `model.reasoning: ${modelId} has no extended thinking in the model catalogue; pick a reasoning model or declare model.capabilities.reasoning`,
    );
  if ("budgetTokens" in reasoning) {
    if (support.style !== "budget")
      throw new ConfigError(
        `model.reasoning.budgetTokens: ${modelId} reasons by effort; use model.reasoning.effort ("low", "medium" or "high")`,
      );
    if (reasoning.budgetTokens < support.minBudgetTokens)
      throw new ConfigError(
        `model.reasoning.budgetTokens: at least ${support.minBudgetTokens} for ${modelId}`,
      );
    if (reasoning.budgetTokens >= capabilities.maxOutputTokens)
      throw new ConfigError(
        `model.reasoning.budgetTokens: must be below ${modelId}'s ${capabilities.maxOutputTokens} output tokens`,
      );
    if (inference?.maxTokens !== undefined && inference.maxTokens <= reasoning.budgetTokens)
      throw new ConfigError(
        `model.inferenceConfig.maxTokens: must be greater than model.reasoning.budgetTokens (${reasoning.budgetTokens}); thinking tokens count toward maxTokens`,
      );
    if (inference?.temperature !== undefined && inference.temperature !== 1)
      throw new ConfigError("model.inferenceConfig.temperature: thinking allows only 1 (or leave it unset)");
    if (inference?.topP !== undefined)
      throw new ConfigError("model.inferenceConfig.topP: leave it unset when thinking is enabled");
    return;
  }
  if (support.style !== "effort")
    throw new ConfigError(
      `model.reasoning.effort: ${modelId} takes a thinking budget; use model.reasoning.budgetTokens (at least ${support.minBudgetTokens})`,
    );
  if (!support.levels.includes(reasoning.effort))
    throw new ConfigError(`model.reasoning.effort: ${modelId} accepts ${support.levels.join(", ")}`);
  if (reasoning.effort === "high") {
    for (const field of ["temperature", "topP", "maxTokens"] as const) {
      if (inference?.[field] !== undefined)
        throw new ConfigError(`model.inferenceConfig.${field}: leave it unset with reasoning effort "high"`);
    }
  }
}

/** What a call with reasoning adds to the request: model fields, and a `maxTokens` when none is set. */
export interface ReasoningFields {
  additionalModelRequestFields: Record<string, unknown>;
  maxTokens?: number;
}

/**
 * The request fields that turn reasoning on for one call, or undefined when the call forces a tool:
 * Bedrock refuses thinking with a forced `toolChoice`, so such a call goes without it.
 */
export function reasoningFields(
  capabilities: ModelCapabilities,
  reasoning: ReasoningConfig,
  call: { forcedTool: boolean; hasTools: boolean; maxTokens?: number; base?: Record<string, unknown> },
): ReasoningFields | undefined {
  if (call.forcedTool) return undefined;
  const base = call.base ?? {};
  if ("budgetTokens" in reasoning) {
    const support = capabilities.reasoning;
    const interleaved = support?.style === "budget" && support.interleaved && call.hasTools;
    const beta = Array.isArray(base.anthropic_beta) ? (base.anthropic_beta as string[]) : [];
    return {
      additionalModelRequestFields: {
        ...base,
        thinking: { type: "enabled", budget_tokens: reasoning.budgetTokens },
        ...(interleaved ? { anthropic_beta: [...new Set([...beta, INTERLEAVED_BETA])] } : {}),
      },
      ...(call.maxTokens === undefined
        ? { maxTokens: Math.min(reasoning.budgetTokens + ANSWER_TOKENS, capabilities.maxOutputTokens) }
        : {}),
    };
  }
  return {
    additionalModelRequestFields: {
      ...base,
      reasoningConfig: { type: "enabled", maxReasoningEffort: reasoning.effort },
    },
  };
}
