import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { Agent } from "../agent/create-agent.ts";
import type { AgentResult } from "../agent/events.ts";
import type { GraphTelemetry } from "../graph/run-scope.ts";
import type { Source } from "../graph/state.ts";
import type { ModelConfigInput } from "../model/config.ts";
import type { TargetOutput } from "./evaluator.ts";

/** What a target is built with: the run's (rate-limited) Bedrock client, model settings and tracer. */
export interface TargetContext {
  client: BedrockRuntimeClient;
  /** Model id and endpoint chosen for the run (`--model`, `--endpoint`, local Bedrock). */
  model: ModelConfigInput;
  telemetry: GraphTelemetry;
}

/** Per-call context of a function target. */
export interface TargetCall {
  signal: AbortSignal;
  /** `{suite}/{caseId}#{repetition}`, for thread ids and request metadata. */
  runKey: string;
}

/**
 * A target ready to run: one input in, one output out. `describe` tells what decides the answer of the
 * call with that run key (an agent's fingerprint: model after the traffic split, prompt, tools...), so
 * the evaluation cache never serves an answer made by another setup.
 */
export type TargetFn = ((input: string, call: TargetCall) => Promise<TargetOutput>) & {
  describe?(runKey: string): { modelId?: string } & Record<string, unknown>;
};

/**
 * What a suite evaluates: any async function `input → output` built from the run's context: an agent
 * (`agentTarget(createMyAgent(context))`), a guardrail engine, a retrieval pipeline.
 *
 * @example
 * ```ts
 * target: {
 *   name: "support_agent",
 *   create: ({ client, model, telemetry }) => agentTarget(createSupportAgent({ client, model, telemetry })),
 * }
 * ```
 */
export interface TargetSpec {
  /** The target's name in run manifests (`function:<name>`). */
  name: string;
  /** Builds the target once per run, with the run's rate-limited client, model settings and tracer. */
  create(context: TargetContext): TargetFn | Promise<TargetFn>;
  /**
   * What, besides the input and model, decides the target's output (a prompt or corpus hash): part of
   * the cache key, so changing it invalidates cached outputs. Default `function:<name>`.
   */
  fingerprint?: string;
}

/**
 * Maps an agent result to a target output. `sources` are the passages the run retrieved; `citedIds` are
 * read from the result, else from its citations' source ids.
 */
export function agentOutput(result: AgentResult & { sources?: Source[]; citedIds?: string[] }): TargetOutput {
  const citedIds =
    result.citedIds ??
    (result.citations ? [...new Set(result.citations.flatMap((citation) => citation.sourceIds))] : undefined);
  return {
    answer: result.answer,
    steps: result.steps,
    outcome: result.outcome,
    usage: result.usage,
    ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
    ...(result.sources ? { sources: result.sources } : {}),
    ...(citedIds ? { citedIds } : {}),
  };
}

/**
 * A function target that invokes an agent, routed by the case's run key under a traffic split; its
 * output names the agent, for team trajectories. `describe` is the agent's fingerprint for that key.
 */
export function agentTarget(agent: Agent): TargetFn {
  const target: TargetFn = async (input, call) => ({
    ...agentOutput(
      await agent.invoke(input, {
        signal: call.signal,
        routingKey: call.runKey,
        attributes: { "glassbox.eval.run_key": call.runKey },
      }),
    ),
    agent: agent.name,
  });
  const fingerprint = agent.fingerprint?.bind(agent);
  if (fingerprint) target.describe = (runKey) => ({ ...fingerprint(runKey) });
  return target;
}
