import type { GuardrailConfig } from "./config.ts";
import { LocalGuardrail } from "./local-guardrail.ts";

/**
 * Guardrails the local Bedrock serves, by id and version (id/version → config), as `CreateGuardrail`
 * and `CreateGuardrailVersion` would make them. ARNs resolve by their last path segment.
 */
export class GuardrailRegistry {
  readonly #guardrails = new Map<string, LocalGuardrail>();

  /** Registers a config under an id (default: its name) and version (default: `DRAFT`). */
  register(
    config: GuardrailConfig | unknown,
    options: { id?: string; version?: string } = {},
  ): LocalGuardrail {
    const guardrail = new LocalGuardrail(config, options);
    this.#guardrails.set(key(guardrail.id, guardrail.version), guardrail);
    return guardrail;
  }

  /** The guardrail for an id or ARN and a version, or undefined. */
  resolve(identifier: string, version: string): LocalGuardrail | undefined {
    const id = identifier.startsWith("arn:") ? (identifier.split("/").at(-1) ?? identifier) : identifier;
    return this.#guardrails.get(key(id, version));
  }

  list(): Array<{ id: string; version: string }> {
    return [...this.#guardrails.values()].map(({ id, version }) => ({ id, version }));
  }
}

const key = (id: string, version: string) => `${id}\u0000${version}`;
