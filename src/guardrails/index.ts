/**
 * @module
 * Guardrails: the `CreateGuardrail` JSON config, Amazon Bedrock's guardrails (`BedrockGuardrail`) and the
 * offline engine (`LocalGuardrail`), both answering in `ApplyGuardrail`'s shape, and
 * `guardrailCheckpoints` that put one on an agent's input, tool calls, tool results and answer.
 */
export { BedrockGuardrail, type BedrockGuardrailOptions } from "./bedrock-guardrail.ts";
export type { CheckpointName, CheckpointOptions, SourceCheckOptions } from "./checkpoints.ts";
export { guardrailCheckpoints, guardrailSourceCheck } from "./checkpoints.ts";
export type { GuardrailConfig } from "./config.ts";
export { GuardrailConfigSchema, loadGuardrailConfig, parseGuardrailConfig } from "./config.ts";
export { policyFindings } from "./findings.ts";
export type {
  GetGuardrailWireOutput,
  GuardrailConfigFromOutput,
  GuardrailResource,
} from "./get-guardrail-output.ts";
export { guardrailConfigFromOutput, guardrailOutputFromConfig } from "./get-guardrail-output.ts";
export type { Guardrail, GuardrailRequest, GuardrailResponse, GuardrailSource } from "./guardrail.ts";
export { GuardrailValidationError, textContent } from "./guardrail.ts";
export { guardrailIdOf, isGuardrailId, isGuardrailVersion } from "./guardrail-id.ts";
export { LIMITS as GUARDRAIL_LIMITS, LocalGuardrail } from "./local-guardrail.ts";
export type { PiiMatch } from "./pii/detect.ts";
export { detectPii } from "./pii/detect.ts";
export type { PiiEntityType } from "./pii/entity-types.ts";
export { PII_ENTITY_TYPES } from "./pii/entity-types.ts";
export { type PromptAttackScore, scorePromptAttack } from "./prompt-attack.ts";
export { GuardrailRegistry } from "./registry.ts";
