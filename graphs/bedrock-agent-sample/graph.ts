/**
 * The imported Bedrock Agent sample for `langgraph.json` (LangGraph Studio, the dev server): the module
 * `glassbox agents import` generated (agent.ts), pointed at GLASSBOX_ENDPOINT when set, else at a local
 * Bedrock started in this process that serves the agent's model, Lambda functions, knowledge base and
 * guardrail (offline.ts). The sample's account and ARNs are fictional, so it does not run against AWS.
 */
import { telemetryFromEnv } from "../../src/telemetry/index.ts";
import { createLarkspurHrAssistant } from "./agent.ts";
import { startSampleAgentBedrock } from "./offline.ts";

/** Where the agent's AWS calls go; `connection.local` is the local Bedrock when this module started one. */
export const connection = process.env.GLASSBOX_ENDPOINT
  ? { endpoint: process.env.GLASSBOX_ENDPOINT }
  : await startSampleAgentBedrock().then((local) => ({ endpoint: local.url, local }));

export const agent = createLarkspurHrAssistant({
  endpoint: connection.endpoint,
  telemetry: telemetryFromEnv(),
});

export const graph = agent.graph;
