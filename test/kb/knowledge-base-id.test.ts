import { describe, expect, it } from "vitest";
import { guardrailIdOf, isGuardrailId, isGuardrailVersion } from "../../src/guardrails/index.ts";
import { isKnowledgeBaseId, knowledgeBaseIdOf } from "../../src/kb/index.ts";

describe("ids Bedrock could issue", () => {
  it("a knowledge base name maps to a stable 10-character [0-9A-Z] id, distinct per name", () => {
    const names = ["larkspur", "docs", "policies", "default", "a", "handbook-2026", "x".repeat(64)];
    const ids = names.map(knowledgeBaseIdOf);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9A-Z]{10}$/);
      expect(isKnowledgeBaseId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(names.length);
    // Stable across machines and releases: docs and tests name these ids.
    expect(knowledgeBaseIdOf("larkspur")).toBe("3FNC8C6Y2R");
    expect(knowledgeBaseIdOf("docs")).toBe("8Q87MUT6K6");
    expect(["default", "glassbox-default", "KB1234567", "KB12345678A"].map(isKnowledgeBaseId)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("a guardrail name maps to a stable 12-character [a-z0-9] id; versions are DRAFT or 1-99999999", () => {
    const id = guardrailIdOf("glassbox-default");
    expect(id).toBe("cdlsr5bsjgz9");
    expect(isGuardrailId(id)).toBe(true);
    expect(guardrailIdOf("other")).not.toBe(id);
    expect(["glassbox-default", "GR1", "", "gr_1"].some(isGuardrailId)).toBe(false);
    expect(["DRAFT", "1", "99999999"].every(isGuardrailVersion)).toBe(true);
    expect(["0", "01", "100000000", "draft", "v1"].some(isGuardrailVersion)).toBe(false);
  });
});
