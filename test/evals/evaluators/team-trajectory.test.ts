import { describe, expect, it } from "vitest";
import { agentsOf, toolCallsOf } from "../../../src/evals/evaluator.ts";
import { createEvaluator } from "../../../src/evals/evaluators/registry.ts";
import { trajectoryMatches } from "../../../src/evals/evaluators/trajectory.ts";
import type { Step } from "../../../src/graph/state.ts";
import { evalInput } from "../helpers.ts";

const action = (tool: string, agent?: string): Step => ({
  kind: "action",
  step: 1,
  toolCallId: `${agent ?? "top"}-${tool}`,
  tool,
  input: {},
  ...(agent ? { agent } : {}),
});
const thought = (agent?: string): Step => ({
  kind: "thought",
  step: 1,
  text: "",
  toolCalls: [],
  stopReason: "end_turn",
  modelId: "m",
  usage: {
    inputTokens: 1,
    outputTokens: 1,
    totalTokens: 2,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
  },
  latencyMs: 1,
  attempts: 1,
  ...(agent ? { agent } : {}),
});

// A supervisor run: it asked both specialists; the calculator used its calculator tool.
const steps = [
  thought(),
  action("ask_policies"),
  thought("policies"),
  action("ask_calculator"),
  thought("calculator"),
  action("calculator", "calculator"),
  thought(),
];
const output = { answer: "", steps, agent: "triage" };

describe("trajectories of a team", () => {
  it("knows which agent made each call: untagged steps are the top agent's", () => {
    expect(toolCallsOf(output).map((call) => `${call.agent}.${call.tool}`)).toEqual([
      "triage.ask_policies",
      "triage.ask_calculator",
      "calculator.calculator",
    ]);
    expect(agentsOf(output)).toEqual(["triage", "policies", "calculator"]);
  });

  it("a reference call that names an agent matches only that agent's call; `agent` narrows to one agent", () => {
    const calls = toolCallsOf(output);
    const superset = { trajectoryMatchMode: "superset", toolArgsMatchMode: "ignore" } as const;
    expect(trajectoryMatches(calls, [{ tool: "calculator", agent: "calculator" }], superset)).toBe(true);
    expect(trajectoryMatches(calls, [{ tool: "calculator", agent: "triage" }], superset)).toBe(false);
    const routing = { trajectoryMatchMode: "strict", toolArgsMatchMode: "ignore", agent: "triage" } as const;
    expect(trajectoryMatches(calls, [{ tool: "ask_policies" }, { tool: "ask_calculator" }], routing)).toBe(
      true,
    );
    expect(trajectoryMatches(calls, [{ tool: "ask_policies" }], routing)).toBe(false);
    const evaluator = createEvaluator({
      evaluator: "trajectory_match",
      agent: "calculator",
      toolArgsMatchMode: "ignore",
    });
    const result = evaluator.evaluate(
      evalInput(output, { trajectory: [{ tool: "calculator", agent: "calculator" }] }),
    );
    expect(result).toMatchObject({ score: true, comment: expect.stringContaining("calculator.calculator") });
  });

  it("agent_routing scores the specialists that acted against expectedAgents", async () => {
    const evaluator = createEvaluator("agent_routing");
    const run = (expectedAgents?: string[]) =>
      evaluator.evaluate({
        ...evalInput(output),
        example: { id: "c", input: "q", ...(expectedAgents ? { expectedAgents } : {}) },
      });
    expect(await run(["policies", "calculator"])).toMatchObject({ score: 1 });
    const half = (await run(["policies"])) as { score: number; comment: string };
    expect(half.score).toBeCloseTo(2 / 3);
    expect(half.comment).toBe("agents that acted: [policies, calculator]; expected: [policies]");
    expect(await run()).toMatchObject({ score: null });
  });
});
