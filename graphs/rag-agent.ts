/**
 * The doc Q&A agent's graph for `langgraph.json` (LangGraph Studio and the dev server): RAG over the
 * sample corpus in `graphs/corpus/`, ingested into `.glassbox/kb/larkspur.sqlite` on first use. Model
 * calls go to Amazon Bedrock when AWS credentials are found, otherwise to a local Bedrock in this process.
 * GLASSBOX_MODEL, GLASSBOX_ENDPOINT and GLASSBOX_LOCAL=1 override the choice.
 */
import { telemetryFromEnv } from "../src/telemetry/index.ts";
import { connectionFromEnv, modelFromEnv } from "./connection-from-env.ts";
import { createDocQaAgent, openSampleKnowledgeBase } from "./doc-qa.ts";

/** Where model calls go; `connection.local` is the in-process local Bedrock when one was started. */
export const connection = await connectionFromEnv();

export const knowledgeBase = await openSampleKnowledgeBase();

export const agent = createDocQaAgent({
  telemetry: telemetryFromEnv(),
  knowledgeBase,
  model: modelFromEnv(connection),
});

export const graph = agent.graph;
