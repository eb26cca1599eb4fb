import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { createDocQaAgent, openSampleKnowledgeBase } from "../../graphs/doc-qa.ts";
import { createToolAgent, reviewedTools } from "../../graphs/tool-agent.ts";
import { builtinTools } from "../../tools/index.ts";
import { guardrailCheckpoints } from "../guardrails/checkpoints.ts";
import { loadGuardrailConfig } from "../guardrails/config.ts";
import { LocalGuardrail } from "../guardrails/local-guardrail.ts";
import type { DrivableGraph, StudioGraph } from "../studio/studio-graph.ts";
import type { Telemetry } from "../telemetry/setup.ts";

/** The ids of the graphs Glassbox ships (as in its langgraph.json). */
export const SHIPPED_GRAPHS = ["react_agent", "approval_agent", "guarded_agent", "rag_agent"] as const;

const APPROVAL = {
  approve: ["calculator", "date_add", "date_diff", "day_of_week"],
  client: ["convert_units"],
};

/** What the shipped graphs are built with: the Studio's thread store, telemetry and endpoint. */
export interface StudioGraphOptions {
  saver: BaseCheckpointSaver;
  telemetry: Telemetry;
  endpoint?: string;
  modelId?: string;
  env?: Record<string, string | undefined>;
  /** Only these graphs (default: all). */
  only?: readonly string[];
}

/**
 * The shipped graphs for the Studio, on its thread store: the tool agent, the same with approvals and
 * a client-run tool, the guarded agent (guardrail checkpoints around the loop) and the doc Q&A agent.
 */
export async function shippedStudioGraphs(options: StudioGraphOptions): Promise<StudioGraph[]> {
  const wanted = (id: string) => !options.only || options.only.includes(id);
  const model = {
    ...(options.modelId ? { modelId: options.modelId } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  };
  const common = { model, telemetry: options.telemetry, checkpointer: options.saver };
  const graphs: StudioGraph[] = [];
  if (wanted("react_agent")) {
    const agent = createToolAgent({ ...common, name: "react_agent" });
    graphs.push({
      id: "react_agent",
      title: "Tool agent",
      description: "Calculator, dates and unit conversion.",
      graph: agent.graph as unknown as DrivableGraph,
      tools: builtinTools,
    });
  }
  if (wanted("approval_agent")) {
    const agent = createToolAgent({ ...common, name: "approval_agent", review: APPROVAL });
    graphs.push({
      id: "approval_agent",
      title: "Approval agent",
      description: "Calculator and date calls wait for approval; unit conversions are run by the client.",
      graph: agent.graph as unknown as DrivableGraph,
      tools: reviewedTools(builtinTools, APPROVAL),
    });
  }
  if (wanted("guarded_agent")) {
    const config = await loadGuardrailConfig(
      fileURLToPath(new URL("../../graphs/guardrails/default.json", import.meta.url)),
    );
    const guardrail = new LocalGuardrail(config);
    const agent = createToolAgent({
      ...common,
      name: "guarded_agent",
      extensions: guardrailCheckpoints(guardrail, { telemetry: options.telemetry }),
    });
    graphs.push({
      id: "guarded_agent",
      title: "Guarded agent",
      description:
        "The tool agent with guardrail checkpoints on the input, tool arguments, tool results and the answer.",
      graph: agent.graph as unknown as DrivableGraph,
      tools: builtinTools,
    });
  }
  if (wanted("rag_agent")) {
    const knowledgeBase = await openSampleKnowledgeBase(options.env);
    const agent = createDocQaAgent({ ...common, knowledgeBase });
    graphs.push({
      id: "rag_agent",
      title: "Doc Q&A agent",
      description: "Retrieves from the sample policies knowledge base and answers with citations.",
      graph: agent.graph as unknown as DrivableGraph,
    });
  }
  return graphs;
}

/**
 * The project's own graphs from `langgraph.json` (ids Glassbox does not ship): each module is imported
 * (TypeScript through tsx when it is installed), its export compiled if it is a builder or called if it
 * is a factory, and given the Studio's thread store. A graph that cannot be loaded is reported, not skipped
 * silently.
 */
export async function projectStudioGraphs(
  cwd: string,
  saver: BaseCheckpointSaver,
  warn: (message: string) => void,
): Promise<StudioGraph[]> {
  const file = resolve(cwd, "langgraph.json");
  if (!existsSync(file)) return [];
  const config = JSON.parse(readFileSync(file, "utf8")) as { graphs?: Record<string, string> };
  const graphs: StudioGraph[] = [];
  for (const [id, spec] of Object.entries(config.graphs ?? {})) {
    if ((SHIPPED_GRAPHS as readonly string[]).includes(id)) continue;
    try {
      const [path, exportName = "graph"] = spec.split(":");
      const modulePath = isAbsolute(path ?? "") ? (path as string) : resolve(cwd, path ?? "");
      const loaded = (await importModule(modulePath)) as Record<string, unknown>;
      let graph = loaded[exportName] as Record<string, unknown> | ((config: unknown) => unknown);
      if (typeof graph === "function") graph = (await graph({})) as Record<string, unknown>;
      if (graph && typeof (graph as { compile?: unknown }).compile === "function" && !("stream" in graph))
        graph = (graph as { compile(options: unknown): Record<string, unknown> }).compile({
          checkpointer: saver,
        });
      if (!graph || typeof (graph as { stream?: unknown }).stream !== "function")
        throw new Error(`export "${exportName}" is not a LangGraph graph`);
      const drivable = graph as unknown as DrivableGraph;
      drivable.checkpointer = saver;
      graphs.push({ id, title: id, origin: "langgraph.json", graph: drivable });
    } catch (error) {
      warn(`graph ${id} (${spec}) not loaded: ${(error as Error).message}`);
    }
  }
  return graphs;
}

async function importModule(path: string): Promise<unknown> {
  if (/\.[cm]?ts$/.test(path)) {
    const { tsImport } = (await import("tsx/esm/api")) as {
      tsImport(path: string, parent: string): Promise<unknown>;
    };
    return tsImport(pathToFileURL(path).href, import.meta.url);
  }
  return import(pathToFileURL(path).href);
}
