import type { Agent } from "../agent/create-agent.ts";
import { ConfigError } from "../config/config-error.ts";
import type { TargetContext } from "./target.ts";

/** Builds an agent for an evaluation run. */
export type GraphFactory = (context: TargetContext) => Agent | Promise<Agent>;

// Loaded lazily: the graphs import the public API, which imports this module.
const GRAPHS = new Map<string, GraphFactory>([
  [
    "tool_agent",
    async ({ client, model, telemetry }) => {
      const { createToolAgent } = await import("../../graphs/tool-agent.ts");
      return createToolAgent({ client, model, telemetry });
    },
  ],
  [
    "doc_qa",
    async ({ client, model, telemetry }) => {
      const { createDocQaAgent, ingestSampleCorpus, SAMPLE_KB } = await import("../../graphs/doc-qa.ts");
      const { openLocalKnowledgeBase } = await import("../kb/local-knowledge-base.ts");
      // A fresh in-memory knowledge base per run: the sample corpus ingests in about a second.
      const knowledgeBase = await ingestSampleCorpus(
        openLocalKnowledgeBase({ path: ":memory:", id: SAMPLE_KB }),
      );
      return createDocQaAgent({ client, model, telemetry, knowledgeBase });
    },
  ],
]);

/** Makes a graph available to suites as `target: { graph: name }`. */
export function registerGraph(name: string, factory: GraphFactory): void {
  GRAPHS.set(name, factory);
}

/** The names suites can use. */
export function graphNames(): string[] {
  return [...GRAPHS.keys()];
}

/** The factory of a graph, or a ConfigError listing the known graphs. */
export function findGraph(name: string, where: string): GraphFactory {
  const factory = GRAPHS.get(name);
  if (!factory)
    throw new ConfigError(`${where}: unknown graph "${name}": expected one of ${graphNames().join(", ")}`);
  return factory;
}
