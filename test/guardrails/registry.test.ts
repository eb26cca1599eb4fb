import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.ts";
import { GuardrailRegistry } from "../../src/guardrails/index.ts";
import { DEFAULT_GUARDRAIL } from "../helpers/guardrails.ts";

describe("GuardrailRegistry", () => {
  it("serves a config under the id and version it was registered with", () => {
    const registry = new GuardrailRegistry();
    registry.register(DEFAULT_GUARDRAIL, { id: "grlocal1", version: "3" });
    expect(registry.list()).toContainEqual(expect.objectContaining({ id: "grlocal1", version: "3" }));
  });

  it("refuses ids and versions Bedrock could not issue with a ConfigError that names them", () => {
    const registry = new GuardrailRegistry();
    const register = (as: { id?: string; version?: string }) => () =>
      registry.register(DEFAULT_GUARDRAIL, as);
    expect(register({ id: "Has-Capitals" })).toThrow(ConfigError);
    expect(register({ id: "Has-Capitals" })).toThrow(
      /guardrail id "Has-Capitals" is not one Bedrock could issue/,
    );
    expect(register({ id: "a".repeat(65) })).toThrow(ConfigError);
    expect(register({ id: "grlocal1", version: "0" })).toThrow(/guardrail version "0" must be DRAFT/);
    expect(register({ id: "grlocal1", version: "0" })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
  });
});
