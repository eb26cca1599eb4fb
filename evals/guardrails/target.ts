import type { GuardrailAssessment } from "@aws-sdk/client-bedrock-runtime";
import type { TargetFn, TargetOutput } from "../../src/evals/index.ts";
import type { Guardrail } from "../../src/guardrails/index.ts";

/** What the guardrail did to an input: blocked it, masked something in it, or let it through. */
export type GuardrailVerdict = "BLOCKED" | "ANONYMIZED" | "NONE";

/** What the guardrail found, as the evaluators read it from `outputs.data`. */
export interface GuardrailFindings {
  verdict: GuardrailVerdict;
  /** `ApplyGuardrail`'s action: GUARDRAIL_INTERVENED or NONE. */
  action: string;
  /** PII entity types and custom regex names that were detected, sorted. */
  entities: string[];
  /** Content filters and denied topics that were detected. */
  filters: string[];
  /** The text after masking (or the blocked message). */
  output: string;
}

/** Reads the verdict and findings out of `ApplyGuardrail` assessments. */
export function findingsOf(
  action: string,
  assessments: GuardrailAssessment[],
  output: string,
): GuardrailFindings {
  const actions: string[] = [];
  const entities = new Set<string>();
  const filters = new Set<string>();
  for (const assessment of assessments) {
    const sensitive = assessment.sensitiveInformationPolicy;
    for (const entity of sensitive?.piiEntities ?? []) {
      if (entity.detected === false) continue;
      entities.add(String(entity.type));
      actions.push(String(entity.action));
    }
    for (const regex of sensitive?.regexes ?? []) {
      if (regex.detected === false) continue;
      entities.add(String(regex.name));
      actions.push(String(regex.action));
    }
    for (const filter of assessment.contentPolicy?.filters ?? []) {
      if (filter.detected === false) continue;
      filters.add(String(filter.type));
      actions.push(String(filter.action));
    }
    for (const topic of assessment.topicPolicy?.topics ?? []) {
      if (topic.detected === false) continue;
      filters.add(`topic:${topic.name}`);
      actions.push(String(topic.action));
    }
    for (const word of [
      ...(assessment.wordPolicy?.customWords ?? []),
      ...(assessment.wordPolicy?.managedWordLists ?? []),
    ]) {
      if (word.detected === false) continue;
      filters.add("words");
      actions.push(String(word.action));
    }
  }
  const verdict: GuardrailVerdict =
    action !== "GUARDRAIL_INTERVENED"
      ? "NONE"
      : actions.includes("BLOCKED")
        ? "BLOCKED"
        : actions.includes("ANONYMIZED")
          ? "ANONYMIZED"
          : "NONE";
  return { verdict, action, entities: [...entities].sort(), filters: [...filters].sort(), output };
}

/**
 * A target that applies a guardrail to each case input (source INPUT, as the input checkpoint does). The
 * answer is the verdict (BLOCKED, ANONYMIZED or NONE); `data` holds the findings. No model is called.
 */
export function guardrailTarget(guardrail: Guardrail): TargetFn {
  return async (input, call): Promise<TargetOutput> => {
    const started = performance.now();
    const response = await guardrail.apply(
      { source: "INPUT", content: [{ text: { text: input } }] },
      { signal: call.signal },
    );
    const output = (response.outputs ?? []).map((part) => part.text ?? "").join("") || input;
    const findings = findingsOf(response.action ?? "NONE", response.assessments ?? [], output);
    return {
      answer: findings.verdict,
      data: { ...findings, latencyMs: performance.now() - started },
    };
  };
}
