import type { BaseCheckpointSaver, StateSnapshot } from "@langchain/langgraph";
import { pausesFor, type Tool } from "../tools/define-tool.ts";
import type { GraphInfo } from "./shared/api-types.ts";
import { describeGraph } from "./shared/graph-layout.ts";

/** The part of a compiled LangGraph graph the Studio drives. */
export interface DrivableGraph {
  stream(input: unknown, options?: Record<string, unknown>): Promise<AsyncIterable<unknown>>;
  getState(config: { configurable: Record<string, unknown> }): Promise<StateSnapshot>;
  getStateHistory(config: { configurable: Record<string, unknown> }): AsyncIterableIterator<StateSnapshot>;
  updateState(
    config: { configurable: Record<string, unknown> },
    values: unknown,
    asNode?: string,
  ): Promise<{ configurable?: Record<string, unknown> }>;
  getGraphAsync(options?: { xray?: boolean | number }): Promise<{
    nodes: Record<string, { id: string; name?: string }>;
    edges: Array<{ source: string; target: string; conditional?: boolean }>;
  }>;
  checkpointer?: BaseCheckpointSaver | boolean;
  channels?: Record<string, unknown>;
}

/** A graph the Studio shows and runs. */
export interface StudioGraph {
  /** The id runs and URLs use (`approval_agent`, a langgraph.json key). */
  id: string;
  title?: string;
  description?: string;
  /** Where it comes from: `shipped` or `langgraph.json`. */
  origin?: string;
  graph: DrivableGraph;
  /** Its tools, for the schema forms (empty when unknown). */
  tools?: readonly Tool[];
}

/** The graph as the UI draws it: nodes, conditional edges and subgraphs (LangGraph's xray view). */
export async function graphInfo(entry: StudioGraph): Promise<GraphInfo> {
  const drawable = await entry.graph.getGraphAsync({ xray: true });
  return {
    id: entry.id,
    title: entry.title ?? entry.id,
    ...(entry.description ? { description: entry.description } : {}),
    origin: entry.origin ?? "shipped",
    structure: describeGraph(drawable),
    tools: (entry.tools ?? []).map((tool) => {
      const pauses = pausesFor(tool);
      return {
        name: tool.name,
        description: tool.description,
        jsonSchema: tool.jsonSchema,
        ...(pauses ? { pauses } : {}),
      };
    }),
  };
}

/**
 * Makes a graph keep its threads in the Studio's store (the one the CLI and `glassbox serve` use), as
 * the LangGraph server swaps in its own checkpointer.
 */
export function useThreadStore(entry: StudioGraph, saver: BaseCheckpointSaver): StudioGraph {
  entry.graph.checkpointer = saver;
  return entry;
}
