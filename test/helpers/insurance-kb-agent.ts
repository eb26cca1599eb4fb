import { createAgent } from "../../src/agent/index.ts";
import { createCitationNode, createKnowledgeBaseSearch } from "../../src/graph/index.ts";
import type { LocalBedrock } from "../../src/local/index.ts";
import { sampleKnowledgeBase } from "../../src/testing/index.ts";
import { localModel } from "./local-bedrock.ts";

/** The knowledge base of the recorded managed trace fixtures/managed-traces/insurance-kb.json. */
export const INSURANCE_KB_ID = "KBID123456";

/**
 * An agent searching the insurance knowledge base with `kb_search_KBID123456`, as `agents import` makes
 * an associated knowledge base.
 */
export async function insuranceKbAgent(local: LocalBedrock) {
  const kb = await sampleKnowledgeBase({
    id: INSURANCE_KB_ID,
    documents: [
      {
        id: "contact.md",
        text: "For claims questions call 1-800-123-4567. Lines are open weekdays 8am to 6pm.",
      },
      {
        id: "coverage.md",
        text: "Comprehensive policies cover theft, fire and glass damage; liability ones do not.",
      },
    ],
  });
  const search = createKnowledgeBaseSearch({ retriever: kb, toolName: `kb_search_${INSURANCE_KB_ID}` });
  return createAgent({
    model: localModel(local, { streaming: false }),
    tools: [search.tool],
    extensions: { afterAct: [search.node], onAnswer: [createCitationNode()] },
  });
}
