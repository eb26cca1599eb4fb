/**
 * The doc Q&A agent's graph for `langgraph.json` (LangGraph Studio and the dev server): RAG over the
 * sample corpus in `graphs/corpus/`, ingested into `.glassbox/kb/larkspur.sqlite` on first use. Model
 * calls go to Amazon Bedrock when AWS credentials are found, otherwise to a local Bedrock in this process.
 * GLASSBOX_MODEL, GLASSBOX_ENDPOINT and GLASSBOX_LOCAL=1 override the choice.
 */
import { resolveConnection } from "../src/model/index.ts";
import { telemetryFromEnv } from "../src/telemetry/index.ts";
import { createDocQaAgent, openSampleKnowledgeBase } from "./doc-qa.ts";

/** Where model calls go; `connection.local` is the in-process local Bedrock when one was started. */
export const connection = await resolveConnection({
  local: process.env.GLASSBOX_LOCAL === "1",
  endpoint: process.env.GLASSBOX_ENDPOINT,
});
if (connection.notice) console.error(`glassbox: ${connection.notice}`);

export const knowledgeBase = await openSampleKnowledgeBase();

export const agent = createDocQaAgent({
  telemetry: telemetryFromEnv(),
  knowledgeBase,
  model: {
    ...(process.env.GLASSBOX_MODEL ? { modelId: process.env.GLASSBOX_MODEL } : {}),
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
  },
});

export const graph = agent.graph;
