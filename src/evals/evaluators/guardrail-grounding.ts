import type { Guardrail } from "../../guardrails/guardrail.ts";
import type { GroundingScorer } from "./grounding.ts";

/**
 * A grounding scorer that asks a guardrail engine's contextual grounding check (Bedrock's `ApplyGuardrail`
 * with `grounding_source`, `query` and `guard_content` qualifiers): the retrieved texts are the grounding
 * source, the case input the query. Works with `LocalGuardrail` offline and `BedrockGuardrail` on AWS; the
 * guardrail needs a `contextualGroundingPolicyConfig` with GROUNDING and RELEVANCE filters.
 */
export function guardrailGroundingScorer(guardrail: Guardrail): GroundingScorer {
  return async (answer, sources, query) => {
    const response = await guardrail.apply({
      source: "OUTPUT",
      outputScope: "FULL",
      content: [
        { text: { text: sources.map((source) => source.text).join("\n"), qualifiers: ["grounding_source"] } },
        { text: { text: query, qualifiers: ["query"] } },
        { text: { text: answer, qualifiers: ["guard_content"] } },
      ],
    });
    const filters = (response.assessments ?? []).flatMap(
      (assessment) => assessment.contextualGroundingPolicy?.filters ?? [],
    );
    const score = (type: string) => {
      const filter = filters.find((f) => f.type === type);
      if (filter?.score === undefined)
        throw new Error(
          `guardrail ${guardrail.id}: no ${type} score in the response: configure contextualGroundingPolicyConfig with a ${type} filter`,
        );
      return filter.score;
    };
    return { grounding: score("GROUNDING"), relevance: score("RELEVANCE") };
  };
}
