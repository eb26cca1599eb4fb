import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { Agent } from "../agent/create-agent.ts";
import type { DrivableGraph, StudioGraph } from "../studio/studio-graph.ts";
import type { Telemetry } from "../telemetry/setup.ts";
import type { Tool } from "../tools/define-tool.ts";
import { openShippedAgent } from "./shipped-agents.ts";

/** The ids of the graphs Glassbox ships (as in its langgraph.json). */
export const SHIPPED_GRAPHS = [
  "react_agent",
  "approval_agent",
  "guarded_agent",
  "rag_agent",
  "triage_team",
  "handoff_desk",
] as const;

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

/** The shipped graphs and what to release (the sample knowledge base) when the Studio stops. */
export interface StudioGraphSet {
  graphs: StudioGraph[];
  close(): void;
}

const drivable = (agent: Agent) => agent.graph as unknown as DrivableGraph;

/**
 * The shipped graphs for the Studio, on its thread store: the tool agent, the same with approvals and
 * a client-run tool, the guarded agent (guardrail checkpoints around the loop), the doc Q&A agent, and
 * the example teams (specialists drawn as sub-agents).
 */
export async function shippedStudioGraphs(options: StudioGraphOptions): Promise<StudioGraphSet> {
  const wanted = (id: string) => !options.only || options.only.includes(id);
  const model = {
    ...(options.modelId ? { modelId: options.modelId } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  };
  const common = { model, telemetry: options.telemetry, checkpointer: options.saver, env: options.env };
  const graphs: StudioGraph[] = [];
  const closers: Array<() => void> = [];
  const tools = async (review?: typeof APPROVAL): Promise<Tool[]> => {
    const [{ builtinTools }, { reviewedTools }] = await Promise.all([
      import("../../tools/index.ts"),
      import("../../graphs/tool-agent.ts"),
    ]);
    return review ? reviewedTools(builtinTools, review) : builtinTools;
  };
  const add = async (
    id: string,
    title: string,
    description: string,
    open: () => Promise<{ agent: Agent; close(): void }>,
    toolList?: Tool[],
  ) => {
    if (!wanted(id)) return;
    const opened = await open();
    closers.push(opened.close);
    graphs.push({
      id,
      title,
      description,
      graph: drivable(opened.agent),
      ...(toolList ? { tools: toolList } : {}),
    });
  };
  await add(
    "react_agent",
    "Tool agent",
    "Calculator, dates and unit conversion.",
    () => openShippedAgent("tool", { ...common, name: "react_agent" }),
    await tools(),
  );
  await add(
    "approval_agent",
    "Approval agent",
    "Calculator and date calls wait for approval; unit conversions are run by the client.",
    () => openShippedAgent("tool", { ...common, name: "approval_agent", review: APPROVAL }),
    await tools(APPROVAL),
  );
  if (wanted("guarded_agent")) {
    const [{ loadGuardrailConfig }, { LocalGuardrail }] = await Promise.all([
      import("../guardrails/config.ts"),
      import("../guardrails/local-guardrail.ts"),
    ]);
    const file = fileURLToPath(new URL("../../graphs/guardrails/default.json", import.meta.url));
    const guardrail = new LocalGuardrail(await loadGuardrailConfig(file));
    await add(
      "guarded_agent",
      "Guarded agent",
      "The tool agent with guardrail checkpoints on the input, tool arguments, tool results and the answer.",
      () => openShippedAgent("tool", { ...common, name: "guarded_agent", guardrail }),
      await tools(),
    );
  }
  await add(
    "rag_agent",
    "Doc Q&A agent",
    "Retrieves from the sample policies knowledge base and answers with citations.",
    () => openShippedAgent("rag", common),
  );
  if (wanted("triage_team") || wanted("handoff_desk")) {
    const [{ openSampleKnowledgeBase }, { createTriageTeam, createHandoffDesk }] = await Promise.all([
      import("../../graphs/doc-qa.ts"),
      import("../../graphs/team.ts"),
    ]);
    const knowledgeBase = await openSampleKnowledgeBase(options.env);
    closers.push(() => knowledgeBase.close());
    const team = { knowledgeBase, model, telemetry: options.telemetry, checkpointer: options.saver };
    await add(
      "triage_team",
      "Triage team",
      "A supervisor routing to the policies and calculator specialists (sub-agents).",
      async () => ({
        agent: createTriageTeam(team),
        close: () => {},
      }),
    );
    await add(
      "handoff_desk",
      "Handoff desk",
      "A front desk handing the conversation to a specialist.",
      async () => ({
        agent: createHandoffDesk(team),
        close: () => {},
      }),
    );
  }
  return {
    graphs,
    close: () => {
      for (const close of closers) close();
    },
  };
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
      const drivableGraph = graph as unknown as DrivableGraph;
      drivableGraph.checkpointer = saver;
      graphs.push({ id, title: id, origin: "langgraph.json", graph: drivableGraph });
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
