import type { AgentOptions } from "../src/agent/index.ts";
import type { LocalKnowledgeBase } from "../src/kb/index.ts";
import { createHandoffTeam, createSupervisor, type HandoffTeamOptions } from "../src/team/index.ts";
import { builtinTools } from "../tools/index.ts";
import { createDocQaAgent, DOC_QA_PROMPT, docQaParts } from "./doc-qa.ts";
import { createToolAgent, TOOL_AGENT_PROMPT } from "./tool-agent.ts";

/** What the policies specialist handles: the supervisor and the triage agent route by these words. */
export const POLICIES_DESCRIPTION =
  "Answers questions about Larkspur Health's internal policies from the policy documents, with citations: " +
  "vacation and holidays, sick leave, parental leave, remote work, office hours, travel expenses, the corporate " +
  "card, equipment, passwords, phishing, data classification and training.";

/** What the calculator specialist handles. */
export const CALCULATOR_DESCRIPTION =
  "Works out arithmetic and percentages, date calculations (days between dates, weekdays) and converts units " +
  "(km, miles, kg, pounds, litres) with tools.";

/** Shared settings of the example team's agents. */
export type TeamOptions = Pick<AgentOptions, "model" | "client" | "telemetry" | "checkpointer" | "limits"> & {
  knowledgeBase: LocalKnowledgeBase;
};

/** The two specialists: the doc Q&A agent over the sample corpus, and the tool agent. */
export function createSpecialists(options: TeamOptions) {
  const { knowledgeBase, model, client, telemetry } = options;
  const shared = { model, ...(client ? { client } : {}), ...(telemetry ? { telemetry } : {}) };
  return {
    policies: createDocQaAgent({
      ...shared,
      name: "policies",
      description: POLICIES_DESCRIPTION,
      knowledgeBase,
    }),
    calculator: createToolAgent({ ...shared, name: "calculator", description: CALCULATOR_DESCRIPTION }),
  };
}

/**
 * The example triage team: a supervisor that routes each part of a request to the policies specialist
 * (RAG over the Larkspur corpus) or the calculator specialist, in parallel when a request has both, and
 * combines their answers. Limits are the supervisor's, shared with the specialists.
 */
export function createTriageTeam(options: TeamOptions) {
  const { policies, calculator } = createSpecialists(options);
  return createSupervisor({
    name: "triage",
    description: "Routes questions about Larkspur Health's policies and calculations to specialists.",
    model: options.model,
    ...(options.client ? { client: options.client } : {}),
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    ...(options.checkpointer ? { checkpointer: options.checkpointer } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    specialists: [policies, calculator],
  });
}

/**
 * The same specialists as a handoff team: a front-desk agent with no tools of its own hands the
 * conversation to the policies or the calculator agent, which answers the user directly.
 */
export function createHandoffDesk(options: TeamOptions) {
  const { knowledgeBase, model, client, telemetry, checkpointer, limits } = options;
  const policies = docQaParts({ knowledgeBase, ...(telemetry ? { telemetry } : {}) });
  const members: HandoffTeamOptions["members"] = [
    {
      name: "front_desk",
      description: "Greets the user and hands the conversation to the right specialist.",
      systemPrompt:
        "You are the front desk. Hand the conversation to the specialist whose description fits the request; never answer yourself.",
      handoffs: ["policies", "calculator"],
    },
    {
      name: "policies",
      description: POLICIES_DESCRIPTION,
      systemPrompt: DOC_QA_PROMPT,
      // The doc Q&A agent's retrieval and citation nodes and its kb_search tool.
      tools: policies.tools,
      extensions: policies.extensions,
      handoffs: ["calculator"],
    },
    {
      name: "calculator",
      description: CALCULATOR_DESCRIPTION,
      systemPrompt: TOOL_AGENT_PROMPT,
      tools: builtinTools,
      handoffs: ["policies"],
    },
  ];
  return createHandoffTeam({
    name: "handoff_desk",
    description: "A front desk that hands conversations to the policies or the calculator specialist.",
    members,
    model,
    ...(client ? { client } : {}),
    ...(telemetry ? { telemetry } : {}),
    ...(checkpointer ? { checkpointer } : {}),
    ...(limits ? { limits } : {}),
  });
}
