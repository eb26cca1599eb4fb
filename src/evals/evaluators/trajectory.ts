import { isDeepStrictEqual } from "node:util";
import type { ExpectedToolCall } from "../dataset.ts";
import type { EvaluationResult, Evaluator, ToolCall } from "../evaluator.ts";
import { toolCallsOf } from "../evaluator.ts";

/**
 * agentevals' trajectory match modes, plus `in_order` (the reference calls appear in the output in
 * order, others may sit between them: AgentCore's TrajectoryInOrderMatch).
 */
export type TrajectoryMode = "strict" | "unordered" | "subset" | "superset" | "in_order";
/** How the arguments of two calls of the same tool are compared (agentevals' `toolArgsMatchMode`). */
export type ToolArgsMode = "exact" | "ignore" | "subset" | "superset";
/** Per-tool override: a mode, the fields that must be equal, or a comparison function. */
export type ToolArgsOverride =
  | ToolArgsMode
  | string[]
  | ((output: Record<string, unknown>, reference: Record<string, unknown>) => boolean);

export interface TrajectoryMatchOptions {
  trajectoryMatchMode?: TrajectoryMode;
  toolArgsMatchMode?: ToolArgsMode;
  toolArgsMatchOverrides?: Record<string, ToolArgsOverride>;
  /**
   * Only this agent's calls, on both sides (a team's specialist, or its top agent). By default every
   * agent's calls count, and a reference call that names an `agent` matches only that agent's call.
   */
  agent?: string;
  key?: string;
}

/** Bedrock AgentCore's programmatic trajectory evaluators, as aliases of the modes above (names only). */
export const AGENTCORE_TRAJECTORY_ALIASES: Record<string, TrajectoryMatchOptions> = {
  "Builtin.TrajectoryExactOrderMatch": { trajectoryMatchMode: "strict", toolArgsMatchMode: "ignore" },
  "Builtin.TrajectoryInOrderMatch": { trajectoryMatchMode: "in_order", toolArgsMatchMode: "ignore" },
  "Builtin.TrajectoryAnyOrderMatch": { trajectoryMatchMode: "superset", toolArgsMatchMode: "ignore" },
};

/** Whether an output call's arguments match a reference call's under a mode. */
export function argsMatch(
  output: Record<string, unknown>,
  reference: Record<string, unknown> | undefined,
  mode: ToolArgsOverride,
): boolean {
  if (reference === undefined) return true;
  if (typeof mode === "function") return mode(output, reference);
  if (Array.isArray(mode)) return mode.every((field) => valuesEqual(output[field], reference[field]));
  switch (mode) {
    case "ignore":
      return true;
    case "exact":
      return (
        sameKeys(output, reference) &&
        Object.keys(reference).every((k) => valuesEqual(output[k], reference[k]))
      );
    case "subset":
      // The output's arguments are a subset of the reference's.
      return Object.keys(output).every((k) => k in reference && valuesEqual(output[k], reference[k]));
    case "superset":
      return Object.keys(reference).every((k) => k in output && valuesEqual(output[k], reference[k]));
  }
}

function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => k in b);
}

function valuesEqual(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number")
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  return isDeepStrictEqual(a, b);
}

type Matcher = (output: ToolCall, reference: ExpectedToolCall) => boolean;

/**
 * The largest one-to-one matching between output and reference calls (augmenting paths: greedy
 * matching fails when one output call could serve several reference calls with loose argument modes).
 */
function maxMatching(
  outputs: readonly ToolCall[],
  references: readonly ExpectedToolCall[],
  match: Matcher,
): number {
  const owner = new Array<number>(references.length).fill(-1);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    const output = outputs[i] as ToolCall;
    for (let j = 0; j < references.length; j++) {
      if (seen[j] || !match(output, references[j] as ExpectedToolCall)) continue;
      seen[j] = true;
      if (owner[j] === -1 || tryAssign(owner[j] as number, seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  let size = 0;
  for (let i = 0; i < outputs.length; i++) if (tryAssign(i, new Array(references.length).fill(false))) size++;
  return size;
}

/** Whether `outputs` matches `references` under a trajectory mode. */
export function trajectoryMatches(
  outputs: readonly ToolCall[],
  references: readonly ExpectedToolCall[],
  options: TrajectoryMatchOptions = {},
): boolean {
  const mode = options.trajectoryMatchMode ?? "strict";
  if (options.agent !== undefined) {
    const only = options.agent;
    return trajectoryMatches(
      outputs.filter((call) => call.agent === only),
      references.filter((call) => (call.agent ?? only) === only),
      { ...options, agent: undefined },
    );
  }
  const match: Matcher = (output, reference) =>
    output.tool === reference.tool &&
    (reference.agent === undefined || reference.agent === output.agent) &&
    argsMatch(
      output.args,
      reference.args,
      options.toolArgsMatchOverrides?.[reference.tool] ?? options.toolArgsMatchMode ?? "exact",
    );
  switch (mode) {
    case "strict":
      return (
        outputs.length === references.length &&
        outputs.every((output, i) => match(output, references[i] as ExpectedToolCall))
      );
    case "in_order": {
      let next = 0;
      for (const output of outputs)
        if (next < references.length && match(output, references[next] as ExpectedToolCall)) next++;
      return next === references.length;
    }
    case "unordered":
      return (
        outputs.length === references.length && maxMatching(outputs, references, match) === references.length
      );
    case "superset":
      return maxMatching(outputs, references, match) === references.length;
    case "subset":
      return maxMatching(outputs, references, match) === outputs.length;
  }
}

/** agentevals' trajectory match evaluator (`trajectory_{mode}_match`), boolean score. */
export function trajectoryMatch(options: TrajectoryMatchOptions = {}): Evaluator {
  const mode = options.trajectoryMatchMode ?? "strict";
  const key = options.key ?? `trajectory_${mode}_match`;
  const { toolArgsMatchOverrides, ...config } = options;
  return {
    key,
    config: {
      evaluator: "trajectory_match",
      ...config,
      overrides: Object.keys(toolArgsMatchOverrides ?? {}),
    },
    evaluate(input): EvaluationResult {
      const reference = input.referenceOutputs.trajectory;
      if (!reference) return { key, score: null, comment: "no expected trajectory", metadata: {} };
      const calls = toolCallsOf(input.outputs);
      const score = trajectoryMatches(calls, reference, options);
      const show = (list: readonly { tool: string; agent?: string }[]) =>
        `[${list.map((call) => (call.agent ? `${call.agent}.${call.tool}` : call.tool)).join(", ")}]`;
      return {
        key,
        score,
        comment: `${score ? "matches" : "does not match"} (${mode}, args ${options.toolArgsMatchMode ?? "exact"}): called ${show(calls)}, expected ${show(reference)}`,
        metadata: { called: calls, expected: reference },
      };
    },
  };
}
