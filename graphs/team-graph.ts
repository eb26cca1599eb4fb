/**
 * The example teams' graphs for `langgraph.json` (LangGraph Studio and the dev server): the triage
 * supervisor (`graph`) and the handoff desk (`deskGraph`), both over the sample corpus (ingested into
 * `.glassbox/kb/larkspur.sqlite` on first use). In Studio each specialist is a subgraph: its think and
 * act nodes show under the supervisor's act node (or the desk's member nodes), and time travel reaches
 * into them. Model calls go to Amazon Bedrock when AWS credentials are found, otherwise to a local
 * Bedrock in this process; GLASSBOX_MODEL, GLASSBOX_ENDPOINT and GLASSBOX_LOCAL=1 override the choice.
 */
import { resolveConnection } from "../src/model/index.ts";
import { openSampleKnowledgeBase } from "./doc-qa.ts";
import { createHandoffDesk, createTriageTeam } from "./team.ts";

/** Where model calls go; `connection.local` is the in-process local Bedrock when one was started. */
export const connection = await resolveConnection({
  local: process.env.GLASSBOX_LOCAL === "1",
  endpoint: process.env.GLASSBOX_ENDPOINT,
});
if (connection.notice) console.error(`glassbox: ${connection.notice}`);

const knowledgeBase = await openSampleKnowledgeBase();
const model = {
  ...(process.env.GLASSBOX_MODEL ? { modelId: process.env.GLASSBOX_MODEL } : {}),
  ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
};

export const team = createTriageTeam({ knowledgeBase, model });
export const graph = team.graph;
export const desk = createHandoffDesk({ knowledgeBase, model });
export const deskGraph = desk.graph;
