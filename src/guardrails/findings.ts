import type { PolicyFinding } from "../graph/step-events.ts";
import type { GuardrailResponse } from "./guardrail.ts";

/**
 * The policies that fired in an `ApplyGuardrail` response, with the reason in words. Built from types,
 * names, confidences and scores only: `match` values (the PII itself, the matched words) are never read.
 */
export function policyFindings(response: GuardrailResponse): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  for (const a of response.assessments ?? []) {
    for (const t of a.topicPolicy?.topics ?? [])
      if (t.detected !== false)
        findings.push({
          policy: "topic",
          name: t.name ?? "?",
          action: t.action ?? "?",
          detail: "denied topic",
        });
    for (const f of a.contentPolicy?.filters ?? [])
      if (f.detected !== false)
        findings.push({
          policy: "content",
          name: f.type ?? "?",
          action: f.action ?? "?",
          detail: [
            f.confidence && `confidence ${f.confidence}`,
            f.filterStrength && `filter strength ${f.filterStrength}`,
          ]
            .filter(Boolean)
            .join(", "),
        });
    for (const w of a.wordPolicy?.customWords ?? [])
      findings.push({ policy: "word", name: "custom word", action: w.action ?? "?" });
    for (const w of a.wordPolicy?.managedWordLists ?? [])
      findings.push({ policy: "word", name: w.type ?? "managed list", action: w.action ?? "?" });
    for (const p of a.sensitiveInformationPolicy?.piiEntities ?? [])
      findings.push({ policy: "pii", name: p.type ?? "?", action: p.action ?? "?" });
    for (const r of a.sensitiveInformationPolicy?.regexes ?? [])
      findings.push({ policy: "regex", name: r.name ?? "?", action: r.action ?? "?" });
    for (const g of a.contextualGroundingPolicy?.filters ?? []) {
      if (g.action === "NONE" && g.detected === false) continue;
      findings.push({
        policy: "grounding",
        name: g.type ?? "?",
        action: g.action ?? "?",
        detail: `score ${g.score?.toFixed(2) ?? "?"} against threshold ${g.threshold?.toFixed(2) ?? "?"}`,
      });
    }
  }
  return findings.map(({ detail, ...rest }) => (detail ? { ...rest, detail } : rest));
}
