import type { ApplyGuardrailResponse, GuardrailContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { GlassboxError } from "../errors.ts";

/** Which side of the conversation is assessed: the user's input or the model's output. */
export type GuardrailSource = "INPUT" | "OUTPUT";

/** An `ApplyGuardrail` request without the guardrail id and version (the engine knows them). */
export interface GuardrailRequest {
  source: GuardrailSource;
  content: GuardrailContentBlock[];
  outputScope?: "INTERVENTIONS" | "FULL";
}

/** The exact `ApplyGuardrail` response: action, actionReason, outputs, assessments, usage, guardrailCoverage. */
export type GuardrailResponse = ApplyGuardrailResponse;

/**
 * A guardrail engine. `BedrockGuardrail` calls Amazon Bedrock's `ApplyGuardrail`; `LocalGuardrail`
 * evaluates the same `CreateGuardrail` config offline. Both answer with the `ApplyGuardrail` response.
 */
export interface Guardrail {
  /** Guardrail id (or ARN) and version, as on spans and in `appliedGuardrailDetails`. */
  readonly id: string;
  readonly version: string;
  apply(request: GuardrailRequest, options?: { signal?: AbortSignal }): Promise<GuardrailResponse>;
}

/** Content over Bedrock's size limits, or otherwise malformed: named like Bedrock's `ValidationException`. */
export class GuardrailValidationError extends GlassboxError {
  constructor(message: string) {
    super(message, { code: "GUARDRAIL_CONTENT_INVALID" });
    this.name = "ValidationException";
  }
}

/** A text-only request: one `text` block per string. */
export function textContent(
  text: string,
  qualifiers?: Array<"grounding_source" | "query" | "guard_content">,
): GuardrailContentBlock {
  return { text: { text, ...(qualifiers ? { qualifiers } : {}) } };
}
