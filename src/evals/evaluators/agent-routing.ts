import { agentsOf, type Evaluator } from "../evaluator.ts";

/**
 * Agent routing (for teams): did the right agents do the work? F1 of the set of agents that took steps
 * against the row's `expectedAgents`. The output's own (top) agent counts only when the row names it.
 * Not applicable to rows without `expectedAgents`.
 */
export function agentRouting(options: { key?: string; threshold?: number } = {}): Evaluator {
  const key = options.key ?? "agent_routing";
  return {
    key,
    config: { evaluator: "agent_routing" },
    threshold: options.threshold,
    evaluate(input) {
      const expected = input.example.expectedAgents;
      if (!expected) return { key, score: null, comment: "the row has no expectedAgents", metadata: {} };
      const top = input.outputs.agent;
      const acted = agentsOf(input.outputs).filter((agent) => agent !== top || expected.includes(agent));
      const hits = acted.filter((agent) => expected.includes(agent)).length;
      const precision = acted.length ? hits / acted.length : 0;
      const recall = hits / expected.length;
      const score = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      return {
        key,
        score,
        comment: `agents that acted: [${acted.join(", ")}]; expected: [${expected.join(", ")}]`,
        metadata: { acted, expected, precision, recall },
      };
    },
  };
}
