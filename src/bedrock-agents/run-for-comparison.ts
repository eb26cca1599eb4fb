import type { Agent } from "../agent/create-agent.ts";
import type { AgentResult } from "../agent/events.ts";
import type { GlassboxRetrieval } from "./compare-with-managed.ts";

/**
 * Runs the Glassbox side of a comparison: streams the agent on the managed run's question and keeps its
 * `retrieval` events (knowledge-base nodes and `kb_search` calls), which {@link compareWithManaged} pairs
 * with the managed agent's knowledge-base lookups.
 *
 * @example
 * ```ts
 * const { result, retrievals } = await runForComparison(agent, managed.question);
 * const comparison = await compareWithManaged(managed, agentOutput(result), { retrievals });
 * ```
 */
export async function runForComparison(
  agent: Agent,
  question: string,
): Promise<{ result: AgentResult; retrievals: GlassboxRetrieval[] }> {
  const retrievals: GlassboxRetrieval[] = [];
  const stream = agent.stream(question);
  let next = await stream.next();
  while (!next.done) {
    const event = next.value;
    if (event.type === "retrieval")
      retrievals.push({
        dataSourceId: event.retrieval.dataSourceId,
        passages: event.retrieval.passages.length,
        query: event.retrieval.query,
        ...(event.retrieval.toolCallId ? { toolCallId: event.retrieval.toolCallId } : {}),
      });
    next = await stream.next();
  }
  return { result: next.value as AgentResult, retrievals };
}
