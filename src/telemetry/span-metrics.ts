import type { Attributes, AttributeValue, Counter, Histogram, Meter } from "@opentelemetry/api";
import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import {
  ATTR,
  DURATION_BUCKETS,
  EVENT,
  METRIC,
  METRIC_ATTR,
  OPERATION,
  TOKEN_BUCKETS,
} from "./attributes.ts";

const SECONDS_ADVICE = { explicitBucketBoundaries: DURATION_BUCKETS };

/** The instruments Glassbox records into; created once per meter. */
export interface GlassboxInstruments {
  tokenUsage: Histogram;
  operationDuration: Histogram;
  agentDuration: Histogram;
  toolDuration: Histogram;
  runs: Counter;
  steps: Histogram;
  toolCalls: Counter;
  guardrailInterventions: Counter;
  retrievalDuration: Histogram;
  retries: Counter;
  cost: Counter;
}

/** Creates the GenAI and agent instruments on a meter (bucket boundaries set by the provider's views). */
export function createInstruments(meter: Meter): GlassboxInstruments {
  return {
    tokenUsage: meter.createHistogram(METRIC.tokenUsage, {
      unit: "{token}",
      description: "Number of input and output tokens used.",
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    }),
    operationDuration: meter.createHistogram(METRIC.operationDuration, {
      unit: "s",
      description: "GenAI operation duration.",
      advice: SECONDS_ADVICE,
    }),
    agentDuration: meter.createHistogram(METRIC.agentDuration, {
      unit: "s",
      description: "Duration of an agent run (invoke_agent).",
      advice: SECONDS_ADVICE,
    }),
    toolDuration: meter.createHistogram(METRIC.toolDuration, {
      unit: "s",
      description: "Duration of a tool call (execute_tool).",
      advice: SECONDS_ADVICE,
    }),
    runs: meter.createCounter(METRIC.runs, { unit: "{run}", description: "Agent runs, by outcome." }),
    steps: meter.createHistogram(METRIC.steps, {
      unit: "{step}",
      description: "Model calls (ReAct steps) per run.",
      advice: { explicitBucketBoundaries: [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50] },
    }),
    toolCalls: meter.createCounter(METRIC.toolCalls, {
      unit: "{call}",
      description: "Tool calls, by tool and status.",
    }),
    guardrailInterventions: meter.createCounter(METRIC.guardrailInterventions, {
      unit: "{intervention}",
      description: "Guardrail policies that acted (masked, blocked...), by policy.",
    }),
    retrievalDuration: meter.createHistogram(METRIC.retrievalDuration, {
      unit: "s",
      description: "Knowledge-base retrieval latency.",
      advice: SECONDS_ADVICE,
    }),
    retries: meter.createCounter(METRIC.retries, {
      unit: "{retry}",
      description: "Model calls tried again, by error type.",
    }),
    cost: meter.createCounter(METRIC.cost, {
      unit: "{USD}",
      description: "Model cost in US dollars at the configured prices.",
    }),
  };
}

const seconds = (span: ReadableSpan) => span.duration[0] + span.duration[1] / 1e9;

/** Copies the listed attributes that the span has. */
function pick(a: Attributes, keys: readonly string[]): Attributes {
  const out: Attributes = {};
  for (const key of keys) {
    const value = a[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const num = (value: AttributeValue | undefined) => (typeof value === "number" ? value : undefined);

const CHAT_KEYS = [
  ATTR.operationName,
  ATTR.providerName,
  ATTR.requestModel,
  ATTR.responseModel,
  ATTR.serverAddress,
  ATTR.serverPort,
] as const;

/**
 * Records every metric from spans as they end: the data is already on the span, so the hot path does no
 * extra work. Runs only for recorded spans, which is every span unless a sampler drops some.
 */
export class SpanMetricsProcessor implements SpanProcessor {
  constructor(private readonly m: GlassboxInstruments) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    const a = span.attributes;
    const operation = a[ATTR.operationName];
    if (operation === OPERATION.chat) this.chat(span, a);
    else if (operation === OPERATION.invokeAgent) this.agent(span, a);
    else if (operation === OPERATION.executeTool) this.tool(span, a);
    else if (operation === OPERATION.applyGuardrail) this.guardrail(a);
    else if (operation === OPERATION.retrieval)
      this.m.retrievalDuration.record(seconds(span), pick(a, [ATTR.dataSourceId, ATTR.errorType]));
  }

  private chat(span: ReadableSpan, a: Attributes): void {
    const base = pick(a, CHAT_KEYS);
    this.m.operationDuration.record(
      seconds(span),
      a[ATTR.errorType] ? { ...base, [ATTR.errorType]: a[ATTR.errorType] } : base,
    );
    const input = num(a[ATTR.usageInputTokens]);
    const output = num(a[ATTR.usageOutputTokens]);
    if (input !== undefined) this.m.tokenUsage.record(input, { ...base, [METRIC_ATTR.tokenType]: "input" });
    if (output !== undefined)
      this.m.tokenUsage.record(output, { ...base, [METRIC_ATTR.tokenType]: "output" });
    for (const event of span.events) {
      if (event.name === EVENT.retry)
        this.m.retries.add(1, { [ATTR.errorType]: event.attributes?.[ATTR.errorType] ?? "_OTHER" });
    }
  }

  private agent(span: ReadableSpan, a: Attributes): void {
    const agent = pick(a, [ATTR.agentName]);
    this.m.runs.add(1, { ...agent, [ATTR.runOutcome]: a[ATTR.runOutcome] ?? "unknown" });
    // Per run, so one run's cost is exported as the exact (rounded) amount its result reports.
    const cost = num(a[ATTR.runCostUsd]);
    if (cost !== undefined) this.m.cost.add(cost, pick(a, [ATTR.agentName, ATTR.requestModel]));
    const steps = num(a[ATTR.runSteps]);
    if (steps !== undefined) this.m.steps.record(steps, agent);
    this.m.agentDuration.record(
      seconds(span),
      pick(a, [ATTR.operationName, ATTR.providerName, ATTR.agentName, ATTR.requestModel, ATTR.errorType]),
    );
  }

  private tool(span: ReadableSpan, a: Attributes): void {
    const status = a[ATTR.observationStatus] ?? (a[ATTR.errorType] ? "error" : "success");
    this.m.toolCalls.add(1, { ...pick(a, [ATTR.toolName]), [METRIC_ATTR.toolStatus]: status });
    this.m.toolDuration.record(seconds(span), pick(a, [ATTR.operationName, ATTR.toolName, ATTR.errorType]));
  }

  private guardrail(a: Attributes): void {
    const policies = a[ATTR.guardrailPolicies];
    if (!Array.isArray(policies)) return;
    for (const fired of policies) {
      const [policy = "", entity = "", action = ""] = String(fired).split(":");
      if (action === "NONE") continue;
      this.m.guardrailInterventions.add(1, {
        [METRIC_ATTR.guardrailPolicy]: policy,
        [METRIC_ATTR.guardrailEntity]: entity,
        [METRIC_ATTR.guardrailPolicyAction]: action,
        ...pick(a, [ATTR.guardrailCheckpoint, ATTR.bedrockGuardrailId]),
      });
    }
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
