import { ApplyGuardrailCommand, type BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { Guardrail, GuardrailRequest, GuardrailResponse } from "./guardrail.ts";

/** Options of {@link BedrockGuardrail}. */
export interface BedrockGuardrailOptions {
  client: BedrockRuntimeClient;
  /** Guardrail id or ARN (from `CreateGuardrail`). */
  guardrailIdentifier: string;
  /** A numbered version, or `DRAFT`. */
  guardrailVersion: string;
}

/** A guardrail evaluated by Amazon Bedrock (or the local Bedrock) through `ApplyGuardrailCommand`. */
export class BedrockGuardrail implements Guardrail {
  readonly id: string;
  readonly version: string;
  readonly #client: BedrockRuntimeClient;

  constructor(options: BedrockGuardrailOptions) {
    this.#client = options.client;
    this.id = options.guardrailIdentifier;
    this.version = options.guardrailVersion;
  }

  async apply(request: GuardrailRequest, options: { signal?: AbortSignal } = {}): Promise<GuardrailResponse> {
    const { $metadata: _metadata, ...response } = await this.#client.send(
      new ApplyGuardrailCommand({
        guardrailIdentifier: this.id,
        guardrailVersion: this.version,
        source: request.source,
        content: request.content,
        ...(request.outputScope ? { outputScope: request.outputScope } : {}),
      }),
      { abortSignal: options.signal },
    );
    return response;
  }
}
