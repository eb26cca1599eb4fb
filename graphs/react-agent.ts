/**
 * The tool agent's graph for `langgraph.json` (LangGraph Studio and the dev server). Model calls go to
 * Amazon Bedrock when AWS credentials are found, otherwise to a local Bedrock started in this process.
 * GLASSBOX_MODEL, GLASSBOX_ENDPOINT and GLASSBOX_LOCAL=1 override the choice.
 */
import { telemetryFromEnv } from "../src/telemetry/index.ts";
import { connectionFromEnv, modelFromEnv } from "./connection-from-env.ts";
import { createToolAgent } from "./tool-agent.ts";

/** Where model calls go; `connection.local` is the in-process local Bedrock when one was started. */
export const connection = await connectionFromEnv();

/** Traces from the OTEL_* variables (`glassbox studio --trace …` sets them); off when none are set. */
export const telemetry = telemetryFromEnv();

export const agent = createToolAgent({
  telemetry,
  model: modelFromEnv(connection),
});

export const graph = agent.graph;
