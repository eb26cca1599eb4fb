import { type Attributes, type Span, SpanKind } from "@opentelemetry/api";
import type { GuardrailResponse } from "../guardrails/guardrail.ts";
import { ATTR, OPERATION, PROVIDER_AWS_BEDROCK } from "./attributes.ts";
import type { SpanScope } from "./spans.ts";

/** Starts `apply_guardrail {id}` for one checkpoint. */
export function startGuardrailSpan(
  scope: SpanScope,
  info: { guardrailId: string; version: string; checkpoint: string; source: string; mode: string },
): Span {
  return (scope.componentTracer ?? scope.tracer).startSpan(
    `${OPERATION.applyGuardrail} ${info.guardrailId}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        ...scope.common,
        [ATTR.operationName]: OPERATION.applyGuardrail,
        [ATTR.providerName]: PROVIDER_AWS_BEDROCK,
        [ATTR.bedrockGuardrailId]: info.guardrailId,
        [ATTR.guardrailVersion]: info.version,
        [ATTR.guardrailCheckpoint]: info.checkpoint,
        [ATTR.guardrailSource]: info.source,
        [ATTR.guardrailMode]: info.mode,
      },
    },
    scope.parent,
  );
}

/** Ends a guardrail span with the action, the policies that fired (names only) and the latency. */
export function endGuardrailSpan(
  span: Span,
  responses: readonly GuardrailResponse[],
  result: string,
  latencyMs: number,
): void {
  const intervened = responses.some((response) => response.action === "GUARDRAIL_INTERVENED");
  const attributes: Attributes = {
    [ATTR.guardrailAction]: intervened ? "GUARDRAIL_INTERVENED" : "NONE",
    [ATTR.guardrailPolicies]: [...new Set(responses.flatMap(firedPolicies))],
    [ATTR.guardrailLatencyMs]: Math.round(latencyMs),
    [ATTR.guardrailResult]: result,
  };
  span.setAttributes(attributes);
  span.end();
}

/**
 * The policies that fired in a response, as `policy:name:action`. Built from types and names only:
 * `match` values (the PII itself) are never read.
 */
export function firedPolicies(response: GuardrailResponse): string[] {
  const fired: string[] = [];
  for (const a of response.assessments ?? []) {
    for (const t of a.topicPolicy?.topics ?? [])
      if (t.detected !== false) fired.push(`topic:${t.name}:${t.action}`);
    for (const f of a.contentPolicy?.filters ?? [])
      if (f.detected !== false) fired.push(`content:${f.type}:${f.action}`);
    for (const w of a.wordPolicy?.customWords ?? []) fired.push(`word:custom:${w.action}`);
    for (const w of a.wordPolicy?.managedWordLists ?? []) fired.push(`word:${w.type}:${w.action}`);
    for (const p of a.sensitiveInformationPolicy?.piiEntities ?? []) fired.push(`pii:${p.type}:${p.action}`);
    for (const r of a.sensitiveInformationPolicy?.regexes ?? []) fired.push(`regex:${r.name}:${r.action}`);
    for (const g of a.contextualGroundingPolicy?.filters ?? []) {
      if (g.detected !== false && g.action !== "NONE") fired.push(`grounding:${g.type}:${g.action}`);
    }
  }
  return fired;
}
