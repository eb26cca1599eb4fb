import { describe, expect, it } from "vitest";
import { grounding } from "../../../src/evals/evaluators/grounding.ts";
import { guardrailGroundingScorer } from "../../../src/evals/evaluators/guardrail-grounding.ts";
import { LocalGuardrail } from "../../../src/guardrails/local-guardrail.ts";
import { evalInput } from "../helpers.ts";

const guardrail = new LocalGuardrail({
  name: "grounding",
  contextualGroundingPolicyConfig: {
    filtersConfig: [
      { type: "GROUNDING", threshold: 0.5 },
      { type: "RELEVANCE", threshold: 0.3 },
    ],
  },
  blockedInputMessaging: "no",
  blockedOutputsMessaging: "no",
});
const sources = [{ id: "S1", text: "Hotels are reimbursed up to 180 EUR per night in most cities." }];

describe("guardrailGroundingScorer", () => {
  it("scores with the guardrail engine's contextual grounding check", async () => {
    const scorer = guardrailGroundingScorer(guardrail);
    const grounded = await scorer(
      "Hotels are reimbursed up to 180 EUR per night.",
      sources,
      "hotel limit per night?",
    );
    const invented = await scorer(
      "Hotels are reimbursed up to 450 EUR per night in Paris.",
      sources,
      "hotel limit?",
    );
    expect(grounded.grounding).toBe(1);
    expect(invented.grounding).toBeLessThan(0.7);
    expect(grounded.relevance).toBeGreaterThan(0.5);
  });

  it("plugs into the grounding evaluator, which skips the model's disclosure and answers that decline", async () => {
    const evaluator = grounding({ scorer: guardrailGroundingScorer(guardrail), groundingThreshold: 0.5 });
    const input = (answer: string) =>
      evalInput({ answer, sources }, {}, "What is the hotel limit per night?");
    const results = await evaluator.evaluate(
      input(
        "Hotels are reimbursed up to 180 EUR per night. (Glassbox local model: quoted by word overlap; not an LLM.)",
      ),
    );
    expect(results).toMatchObject([
      { key: "grounding", score: 1, label: "grounded" },
      { key: "grounding_relevance" },
    ]);
    expect(await evaluator.evaluate(input("The documents do not answer this question."))).toMatchObject([
      { key: "grounding", score: null },
    ]);
  });

  it("names the missing policy when the guardrail has no grounding filters", async () => {
    const bare = new LocalGuardrail({
      name: "bare",
      blockedInputMessaging: "no",
      blockedOutputsMessaging: "no",
    });
    await expect(guardrailGroundingScorer(bare)("answer", sources, "q")).rejects.toThrow(
      /no GROUNDING score.*contextualGroundingPolicyConfig/,
    );
  });
});
