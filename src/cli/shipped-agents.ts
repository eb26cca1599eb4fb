import type { Agent, AgentOptions } from "../agent/create-agent.ts";
import type { Guardrail } from "../guardrails/guardrail.ts";

/**
 * The agents the CLI ships, built from the repository's samples (`graphs/`, `tools/`), which the build
 * compiles into the package beside the CLI, so an installed `glassbox run` finds them too. The library
 * (everything else under `src/`) never imports them.
 */
export const SHIPPED_AGENTS = {
  tool: "the tool agent: calculator, date arithmetic, unit conversion",
  rag: "the doc Q&A agent over the sample corpus (ingested into .glassbox/kb/larkspur.sqlite on first use)",
} as const;

export type ShippedAgentName = keyof typeof SHIPPED_AGENTS;

/** A shipped agent and what to release when the command ends. */
export interface OpenedAgent {
  agent: Agent;
  close(): void;
}

/** Options of the shipped agents: those of `createAgent` without tools and extensions. */
export type ShippedAgentOptions = Omit<AgentOptions, "tools" | "extensions"> & {
  /** Guardrail checkpoints on input, tool calls, tool results and answer (and retrieved passages). */
  guardrail?: Guardrail;
  /** Tools that wait for approval or are returned to the caller. */
  review?: { approve?: readonly string[]; client?: readonly string[] };
  env?: Record<string, string | undefined>;
  /** Tools beside the agent's own, e.g. those of MCP servers. */
  extraTools?: AgentOptions["tools"];
};

/** Builds a shipped agent; each loads its code (and the knowledge base) only when asked for. */
export async function openShippedAgent(
  name: ShippedAgentName,
  options: ShippedAgentOptions,
): Promise<OpenedAgent> {
  const { guardrail, env, review, ...rest } = options;
  if (name === "rag") {
    const { createDocQaAgent, openSampleKnowledgeBase } = await import("../../graphs/doc-qa.ts");
    const knowledgeBase = await openSampleKnowledgeBase(env);
    const agent = createDocQaAgent({ ...rest, knowledgeBase, ...(guardrail ? { guardrail } : {}) });
    return { agent, close: () => knowledgeBase.close() };
  }
  const { createToolAgent } = await import("../../graphs/tool-agent.ts");
  const extensions = guardrail
    ? (await import("../guardrails/checkpoints.ts")).guardrailCheckpoints(
        guardrail,
        rest.telemetry ? { telemetry: rest.telemetry } : {},
      )
    : undefined;
  const agent = createToolAgent({
    ...rest,
    ...(review ? { review } : {}),
    ...(extensions ? { extensions } : {}),
  });
  return { agent, close: () => {} };
}
