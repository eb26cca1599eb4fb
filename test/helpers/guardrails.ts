import { readFileSync } from "node:fs";
import { GuardrailRegistry } from "../../src/guardrails/registry.ts";

/** The sample guardrail config (`graphs/guardrails/default.json`: PII masking, denied topics, word filters). */
export const DEFAULT_GUARDRAIL = JSON.parse(
  readFileSync(new URL("../../graphs/guardrails/default.json", import.meta.url), "utf8"),
);

/** A registry serving the sample guardrail, under its default id or the `id`/`version` given. */
export function defaultGuardrails(as?: { id: string; version: string }): GuardrailRegistry {
  const guardrails = new GuardrailRegistry();
  guardrails.register(DEFAULT_GUARDRAIL, as);
  return guardrails;
}
