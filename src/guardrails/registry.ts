import { ConfigError } from "../errors.ts";
import type { GuardrailConfig } from "./config.ts";
import { isGuardrailId, isGuardrailVersion } from "./guardrail-id.ts";
import { LocalGuardrail } from "./local-guardrail.ts";

/**
 * Guardrails the local Bedrock serves, by id and version (id/version → config), as `CreateGuardrail`
 * and `CreateGuardrailVersion` would make them: ids are Bedrock-shaped (`[a-z0-9]+`; by default 12
 * characters derived from the config's name), versions `DRAFT` or a number. ARNs resolve by their last
 * path segment; readable names resolve only when registered as aliases.
 */
export class GuardrailRegistry {
  readonly #guardrails = new Map<string, LocalGuardrail>();
  readonly #aliases = new Map<string, string>();

  /** Registers a config under an id (default: `guardrailIdOf` its name) and version (default `DRAFT`). */
  register(
    config: GuardrailConfig | unknown,
    options: { id?: string; version?: string } = {},
  ): LocalGuardrail {
    if (options.id !== undefined && !isGuardrailId(options.id))
      throw new ConfigError(
        `guardrail id "${options.id}" is not one Bedrock could issue: expected 1-64 lowercase letters and digits (register a readable name with alias())`,
      );
    if (options.version !== undefined && !isGuardrailVersion(options.version))
      throw new ConfigError(
        `guardrail version "${options.version}" must be DRAFT or a number from 1 to 99999999`,
      );
    const guardrail = new LocalGuardrail(config, options);
    this.#guardrails.set(key(guardrail.id, guardrail.version), guardrail);
    return guardrail;
  }

  /** Lets `name` stand for the guardrail id `id` (what `glassbox local --guardrail-alias name=id` sets). */
  alias(name: string, id: string): void {
    this.#aliases.set(name, id);
  }

  /** The id an identifier stands for: an alias's id, the id inside an ARN, or the identifier itself. */
  idOf(identifier: string): string {
    const aliased = this.#aliases.get(identifier);
    if (aliased) return aliased;
    return identifier.startsWith("arn:") ? (identifier.split("/").at(-1) ?? identifier) : identifier;
  }

  /** Whether `identifier` is a configured alias. */
  isAlias(identifier: string): boolean {
    return this.#aliases.has(identifier);
  }

  /** The guardrail for an id, ARN or alias and a version, or undefined. */
  resolve(identifier: string, version: string): LocalGuardrail | undefined {
    return this.#guardrails.get(key(this.idOf(identifier), version));
  }

  list(): Array<{ id: string; version: string; name: string }> {
    return [...this.#guardrails.values()].map(({ id, version, config }) => ({
      id,
      version,
      name: config.name,
    }));
  }
}

const key = (id: string, version: string) => `${id}\u0000${version}`;
