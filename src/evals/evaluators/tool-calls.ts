import { isDeepStrictEqual } from "node:util";
import type { Evaluator } from "../evaluator.ts";
import { toolCallsOf } from "../evaluator.ts";
import { normalizeAnswer } from "../text.ts";

/**
 * Tool selection accuracy (AgentCore's `Builtin.ToolSelectionAccuracy`, computed without a model): F1 of
 * the multiset of tool names called against the expected ones. 1 when neither side calls a tool.
 */
export function toolSelectionAccuracy(options: { key?: string; threshold?: number } = {}): Evaluator {
  const key = options.key ?? "tool_selection_accuracy";
  return {
    key,
    config: { evaluator: "tool_selection_accuracy" },
    threshold: options.threshold,
    evaluate(input) {
      const reference = input.referenceOutputs.trajectory;
      if (!reference) return { key, score: null, comment: "no expected trajectory", metadata: {} };
      const called = toolCallsOf(input.outputs).map((call) => call.tool);
      const expected = reference.map((call) => call.tool);
      if (!called.length && !expected.length)
        return { key, score: 1, comment: "no tool needed, none called", metadata: {} };
      const pool = [...expected];
      let hits = 0;
      for (const name of called) {
        const at = pool.indexOf(name);
        if (at >= 0) {
          hits++;
          pool.splice(at, 1);
        }
      }
      const precision = called.length ? hits / called.length : 0;
      const recall = expected.length ? hits / expected.length : 0;
      const score = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      return {
        key,
        score,
        comment: `called [${called.join(", ")}], expected [${expected.join(", ")}]`,
        metadata: { precision, recall },
      };
    },
  };
}

function looselyEqual(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number")
    return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  if (typeof a === "string" && typeof b === "string") return normalizeAnswer(a) === normalizeAnswer(b);
  return isDeepStrictEqual(a, b);
}

/**
 * Tool parameter accuracy (AgentCore's `Builtin.ToolParameterAccuracy`, computed without a model): over
 * expected calls that name arguments, the share of expected arguments the matching call (same tool,
 * in order) supplied with an equal value (numbers within 1e-6, strings normalised).
 */
export function toolParameterAccuracy(options: { key?: string; threshold?: number } = {}): Evaluator {
  const key = options.key ?? "tool_parameter_accuracy";
  return {
    key,
    config: { evaluator: "tool_parameter_accuracy" },
    threshold: options.threshold,
    evaluate(input) {
      const reference = (input.referenceOutputs.trajectory ?? []).filter((call) => call.args);
      if (!reference.length) return { key, score: null, comment: "no expected arguments", metadata: {} };
      const calls = [...toolCallsOf(input.outputs)];
      let expectedArgs = 0;
      let correct = 0;
      const wrong: string[] = [];
      for (const expected of reference) {
        const at = calls.findIndex((call) => call.tool === expected.tool);
        const call = at >= 0 ? calls.splice(at, 1)[0] : undefined;
        for (const [name, value] of Object.entries(expected.args ?? {})) {
          expectedArgs++;
          if (call && looselyEqual(call.args[name], value)) correct++;
          else wrong.push(`${expected.tool}.${name}`);
        }
      }
      const score = expectedArgs ? correct / expectedArgs : 1;
      return {
        key,
        score,
        comment: wrong.length ? `wrong or missing: ${wrong.join(", ")}` : "every expected argument matches",
        metadata: { correct, expected: expectedArgs },
      };
    },
  };
}
