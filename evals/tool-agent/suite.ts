import { createToolAgent } from "../../graphs/tool-agent.ts";
import { agentTarget, defineSuite } from "../../src/evals/index.ts";

/**
 * The tool agent (graphs/tool-agent.ts): arithmetic, dates, unit conversion, multi-part questions, and
 * questions no tool can answer, which it must decline honestly. Answers are checked by value, tool
 * trajectories by name and arguments (the calculator's expression is free text, so its arguments are not
 * compared), and the offline judge scores correctness and refusals.
 */
export default defineSuite({
  name: "tool-agent",
  description: "Tool agent: arithmetic, dates, units, multi-part, honest refusals",
  target: {
    name: "tool_agent",
    // The fingerprint of the earlier `{ graph: "tool_agent" }` target, so cached outputs stay valid.
    fingerprint: "graph:tool_agent",
    create: ({ client, model, telemetry }) => agentTarget(createToolAgent({ client, model, telemetry })),
  },
  evaluators: [
    { evaluator: "contains", key: "answer_contains" },
    "token_f1",
    {
      evaluator: "trajectory_match",
      trajectoryMatchMode: "unordered",
      toolArgsMatchMode: "superset",
      toolArgsMatchOverrides: { calculator: "ignore" },
    },
    "Builtin.TrajectoryInOrderMatch",
    "tool_selection_accuracy",
    "tool_parameter_accuracy",
    { evaluator: "Builtin.Correctness", threshold: 0.75 },
    "Builtin.Helpfulness",
    "Builtin.Refusal",
    { evaluator: "grounding", groundingThreshold: 0, relevanceThreshold: 0 },
    "latency",
    "tokens",
    "cost",
  ],
  thresholds: { passRate: 0.95, metrics: { tool_selection_accuracy: 0.9 } },
});
