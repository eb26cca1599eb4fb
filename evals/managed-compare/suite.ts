import { z } from "zod";
import { createAgent } from "../../src/agent/create-agent.ts";
import { agentTarget, defineSuite } from "../../src/evals/index.ts";
import { defineTool } from "../../src/tools/define-tool.ts";

/** The managed agent's `WeatherAPIs` action group (function `getWeather`), as the Glassbox tool of that name. */
const getWeather = defineTool({
  name: "WeatherAPIs__getWeather",
  description: "Get the weather forecast for a location on a date",
  input: z.object({
    location: z.string().describe("the city"),
    date: z.string().describe("the date, YYYY-MM-DD"),
  }),
  run: async ({ location, date }) => ({ location, date, forecast: "sunny, 21 °C" }),
});

/**
 * Migrating from a managed Bedrock Agent: the cases' reference trajectories and answers are the managed
 * agent's recorded runs (`managed-traces/<case id>.json`, InvokeAgent streams), so the trajectory
 * evaluators say where the Glassbox agent does what the managed one did. Tool selection must match;
 * argument accuracy and answer overlap are reported for review (the local model fills arguments by rule).
 */
export default defineSuite({
  name: "managed-compare",
  description: "Glassbox vs recorded managed Bedrock Agent runs (reference trajectories)",
  referenceTrajectories: "managed-traces",
  target: {
    name: "weather_agent",
    create: ({ client, model, telemetry }) =>
      agentTarget(createAgent({ name: "weather_agent", client, model, telemetry, tools: [getWeather] })),
  },
  evaluators: [
    "Builtin.TrajectoryExactOrderMatch",
    "Builtin.TrajectoryAnyOrderMatch",
    { evaluator: "tool_selection_accuracy", threshold: 1 },
    "tool_parameter_accuracy",
    "token_f1",
  ],
  thresholds: { passRate: 1, metrics: {} },
});
