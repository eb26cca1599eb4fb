import { describe, expect, it } from "vitest";
import type { ToolCall } from "../../../src/evals/evaluator.ts";
import { createEvaluator } from "../../../src/evals/evaluators/registry.ts";
import { argsMatch, trajectoryMatch, trajectoryMatches } from "../../../src/evals/evaluators/trajectory.ts";
import { evalInput } from "../helpers.ts";

const call = (tool: string, args: Record<string, unknown> = {}): ToolCall => ({ tool, args });
const weather = (city: string) => call("get_weather", { city });
const fun = (city: string) => call("get_fun_activities", { city });

describe("trajectory match (agentevals modes)", () => {
  it("strict: same calls in the same order, nothing more", () => {
    expect(trajectoryMatches([weather("SF"), fun("SF")], [weather("SF"), fun("SF")])).toBe(true);
    expect(trajectoryMatches([fun("SF"), weather("SF")], [weather("SF"), fun("SF")])).toBe(false);
    expect(trajectoryMatches([weather("SF"), fun("SF")], [weather("SF")])).toBe(false);
    expect(trajectoryMatches([weather("NYC")], [weather("SF")])).toBe(false);
  });

  it("unordered: the same calls in any order, counting duplicates", () => {
    const mode = { trajectoryMatchMode: "unordered" } as const;
    expect(trajectoryMatches([fun("SF"), weather("SF")], [weather("SF"), fun("SF")], mode)).toBe(true);
    expect(trajectoryMatches([weather("SF")], [weather("SF"), weather("SF")], mode)).toBe(false);
    expect(trajectoryMatches([weather("SF"), weather("SF")], [weather("SF")], mode)).toBe(false);
  });

  it("superset: every reference call is made, extra calls allowed", () => {
    const mode = { trajectoryMatchMode: "superset" } as const;
    expect(trajectoryMatches([weather("SF"), fun("SF"), call("search")], [weather("SF")], mode)).toBe(true);
    expect(trajectoryMatches([weather("SF")], [weather("SF"), fun("SF")], mode)).toBe(false);
    expect(trajectoryMatches([call("anything")], [], mode)).toBe(true);
  });

  it("subset: no call beyond the reference, fewer allowed", () => {
    const mode = { trajectoryMatchMode: "subset" } as const;
    expect(trajectoryMatches([weather("SF")], [weather("SF"), fun("SF")], mode)).toBe(true);
    expect(trajectoryMatches([weather("SF"), call("search")], [weather("SF"), fun("SF")], mode)).toBe(false);
    expect(trajectoryMatches([], [weather("SF")], mode)).toBe(true);
  });

  it("empty trajectories match in every mode", () => {
    for (const trajectoryMatchMode of ["strict", "unordered", "subset", "superset", "in_order"] as const) {
      expect(trajectoryMatches([], [], { trajectoryMatchMode })).toBe(true);
    }
  });

  it("tool-argument modes: exact, ignore, subset, superset", () => {
    const out = { city: "SF", units: "metric" };
    const ref = { city: "SF" };
    expect(argsMatch(out, ref, "exact")).toBe(false);
    expect(argsMatch(ref, { city: "SF" }, "exact")).toBe(true);
    expect(argsMatch(out, ref, "superset")).toBe(true);
    expect(argsMatch(ref, out, "superset")).toBe(false);
    expect(argsMatch(ref, out, "subset")).toBe(true);
    expect(argsMatch(out, ref, "subset")).toBe(false);
    expect(argsMatch({ city: "LA" }, ref, "ignore")).toBe(true);
    expect(argsMatch({ value: 0.1 + 0.2 }, { value: 0.3 }, "exact")).toBe(true);
  });

  it("per-tool overrides: a mode, the fields that must match, or a function", () => {
    const options = {
      toolArgsMatchOverrides: {
        get_weather: ["city"],
        get_fun_activities: (a: Record<string, unknown>, b: Record<string, unknown>) =>
          String(a.city).toLowerCase() === String(b.city).toLowerCase(),
      },
    };
    expect(
      trajectoryMatches(
        [call("get_weather", { city: "SF", units: "c" }), fun("sf")],
        [call("get_weather", { city: "SF" }), fun("SF")],
        options,
      ),
    ).toBe(true);
    expect(
      trajectoryMatches(
        [call("get_weather", { city: "LA" }), fun("SF")],
        [weather("SF"), fun("SF")],
        options,
      ),
    ).toBe(false);
  });

  it("finds the one-to-one matching that greedy assignment misses", () => {
    // The first reference call could take either output call; only one assignment satisfies both.
    const outputs = [call("calc", { a: 1, b: 2 }), call("calc", { a: 1 })];
    const references = [call("calc", { a: 1 }), call("calc", { a: 1, b: 2 })];
    expect(
      trajectoryMatches(outputs, references, {
        trajectoryMatchMode: "superset",
        toolArgsMatchMode: "superset",
      }),
    ).toBe(true);
    expect(
      trajectoryMatches(outputs, references, {
        trajectoryMatchMode: "unordered",
        toolArgsMatchMode: "superset",
      }),
    ).toBe(true);
  });

  it("in order: reference calls appear in order, others may sit between", () => {
    const mode = { trajectoryMatchMode: "in_order" } as const;
    expect(
      trajectoryMatches([weather("SF"), call("search"), fun("SF")], [weather("SF"), fun("SF")], mode),
    ).toBe(true);
    expect(trajectoryMatches([fun("SF"), weather("SF")], [weather("SF"), fun("SF")], mode)).toBe(false);
  });

  it("evaluator: key per mode, null without a reference, calls read from action steps", async () => {
    const evaluator = trajectoryMatch({ trajectoryMatchMode: "superset" });
    expect(evaluator.key).toBe("trajectory_superset_match");
    expect((await evaluator.evaluate(evalInput({ answer: "" }))) as { score: unknown }).toMatchObject({
      score: null,
    });
    const steps = [
      { kind: "action" as const, step: 1, toolCallId: "t1", tool: "get_weather", input: { city: "SF" } },
      { kind: "action" as const, step: 1, toolCallId: "t2", tool: "search", input: {} },
    ];
    const result = await evaluator.evaluate(
      evalInput({ answer: "", steps }, { trajectory: [{ tool: "get_weather", args: { city: "SF" } }] }),
    );
    expect(result).toMatchObject({ score: true });
  });

  it("Bedrock AgentCore names are aliases (names only, arguments ignored)", async () => {
    const exact = createEvaluator("Builtin.TrajectoryExactOrderMatch");
    const inOrder = createEvaluator("Builtin.TrajectoryInOrderMatch");
    const anyOrder = createEvaluator("Builtin.TrajectoryAnyOrderMatch");
    expect([exact.key, inOrder.key, anyOrder.key]).toEqual([
      "trajectory_exact_order_match",
      "trajectory_in_order_match",
      "trajectory_any_order_match",
    ]);
    const input = evalInput(
      { answer: "", toolCalls: [fun("LA"), call("search"), weather("LA")] },
      { trajectory: [{ tool: "get_weather", args: { city: "SF" } }, { tool: "get_fun_activities" }] },
    );
    expect(await exact.evaluate(input)).toMatchObject({ score: false });
    expect(await inOrder.evaluate(input)).toMatchObject({ score: false });
    expect(await anyOrder.evaluate(input)).toMatchObject({ score: true });
  });
});
