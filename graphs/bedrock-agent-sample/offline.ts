/**
 * The sample HR agent's AWS resources, offline: one local Bedrock that serves its model (the deterministic
 * local policy, not an LLM), its two Lambda functions (the handlers in tools/bedrock-agent-handlers/), its
 * knowledge base (the sample corpus, ingested in memory as LARKSPURKB), its guardrail (guardrail.json, as
 * larkspurhrgr version 1) and its definition (the bedrock-agent read operations).
 */
import { fileURLToPath } from "node:url";
import { loadAgentDefinition } from "../../src/bedrock-agents/index.ts";
import { GuardrailRegistry } from "../../src/guardrails/index.ts";
import { openLocalKnowledgeBase } from "../../src/kb/index.ts";
import { createReactPolicy, type LocalBedrock, startLocalBedrock } from "../../src/local/index.ts";
import { handler as itTickets } from "../../tools/bedrock-agent-handlers/larkspur-it-tickets.ts";
import { handler as leaveApi } from "../../tools/bedrock-agent-handlers/larkspur-leave-api.ts";
import { ingestSampleCorpus } from "../doc-qa.ts";

/** Starts the sample agent's local Bedrock on loopback (port 0: a free one). Close it when done. */
export async function startSampleAgentBedrock(options: { port?: number } = {}): Promise<LocalBedrock> {
  const definition = await loadAgentDefinition(fileURLToPath(new URL(".", import.meta.url)));
  const knowledgeBase = await ingestSampleCorpus(
    openLocalKnowledgeBase({ path: ":memory:", id: "LARKSPURKB" }),
  );
  const guardrails = new GuardrailRegistry();
  const { guardrail } = definition;
  if (guardrail?.config)
    guardrails.register(guardrail.config, {
      id: guardrail.guardrailIdentifier,
      version: guardrail.guardrailVersion,
    });
  const server = await startLocalBedrock({
    model: createReactPolicy(),
    port: options.port ?? 0,
    guardrails,
    knowledgeBases: (id) => (id === knowledgeBase.id ? knowledgeBase : undefined),
    agents: [definition],
    lambdaFunctions: { "larkspur-leave-api": leaveApi, "larkspur-it-tickets": itTickets },
  });
  return {
    ...server,
    async close() {
      await server.close();
      knowledgeBase.close();
    },
  };
}
