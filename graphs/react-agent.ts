/**
 * The tool agent's graph for `langgraph.json` (LangGraph Studio and the dev server). Model calls go to
 * Amazon Bedrock when AWS credentials are found, otherwise to a local Bedrock started in this process.
 * GLASSBOX_MODEL, GLASSBOX_ENDPOINT and GLASSBOX_LOCAL=1 override the choice.
 */
import { resolveConnection } from "../src/model/index.ts";
import { telemetryFromEnv } from "../src/telemetry/index.ts";
import { createToolAgent } from "./tool-agent.ts";

/** Where model calls go; `connection.local` is the in-process local Bedrock when one was started. */
export const connection = await resolveConnection({
  local: process.env.GLASSBOX_LOCAL === "1",
  endpoint: process.env.GLASSBOX_ENDPOINT,
});
if (connection.notice) console.error(`glassbox: ${connection.notice}`);

/** Traces from the OTEL_* variables (`glassbox studio --trace …` sets them); off when none are set. */
export const telemetry = telemetryFromEnv();

export const agent = createToolAgent({
  telemetry,
  model: {
    ...(process.env.GLASSBOX_MODEL ? { modelId: process.env.GLASSBOX_MODEL } : {}),
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
  },
});

export const graph = agent.graph;
