import { AIMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { type BaseCheckpointSaver, Command, END, isCommand, START, StateGraph } from "@langchain/langgraph";
import type { createActNode } from "./act.ts";
import { AgentState, type AgentStateUpdate, type AgentStateValue, RunContextSchema } from "./state.ts";

/** What a node returns: a state update, or a LangGraph `Command` that also routes. */
export type NodeResult = AgentStateUpdate | Command;

/** A node that slots into the ReAct loop: a guardrail checkpoint, a retrieval step, an audit hook... */
export interface AgentNode {
  /** Unique node name, shown in Studio and used for breakpoints. */
  name: string;
  /**
   * Reads the state and returns an update. Setting `outcome` to anything but `answered` ends the run.
   * A returned `Command` is passed through as it is, so it must say where to go (`goto`).
   */
  run(state: AgentStateValue, config: LangGraphRunnableConfig): NodeResult | Promise<NodeResult>;
  /**
   * What decides this node's effect on answers (a guardrail's id, version and policies; a knowledge
   * base's id), as plain JSON: part of the agent's fingerprint, so evaluation caches tell setups apart.
   */
  fingerprint?: unknown;
}

/**
 * Where extension nodes sit in the loop. Each list runs in order; any node may end the run by setting
 * an outcome, so checkpoints and retrieval are ordinary graph nodes, not special cases.
 *
 * ```
 * START → onInput… → think ─(tool calls)→ beforeAct… → act → afterAct… → think
 *                          └─(answer)────→ onAnswer… → END
 * ```
 */
export interface GraphExtensions {
  /** Once per run, before the first thought (input checkpoint, knowledge-base retrieval). */
  onInput?: AgentNode[];
  /** After each thought that asks for tools, before they run (tool-argument checkpoint). */
  beforeAct?: AgentNode[];
  /** After the tools ran, before the model reads the results (tool-result checkpoint). */
  afterAct?: AgentNode[];
  /** After the final answer (output checkpoint, grounding). */
  onAnswer?: AgentNode[];
}

export interface GraphParts {
  think: AgentNode["run"];
  act: ReturnType<typeof createActNode>;
  extensions?: GraphExtensions;
  /** Compiled graphs *act* runs (agents as tools), so Studio draws them and state reads reach them. */
  subgraphs?: object[];
}

export interface CompileOptions {
  name: string;
  description?: string;
  checkpointer?: BaseCheckpointSaver;
  interruptBefore?: string[];
  interruptAfter?: string[];
}

/** Assembles the ReAct graph: think and act, with the extension nodes chained where they belong. */
export function buildAgentGraph(parts: GraphParts) {
  const ext = parts.extensions ?? {};
  const onInput = ext.onInput ?? [];
  const beforeAct = ext.beforeAct ?? [];
  const afterAct = ext.afterAct ?? [];
  const onAnswer = ext.onAnswer ?? [];
  assertUniqueNames([...onInput, ...beforeAct, ...afterAct, ...onAnswer]);

  const actEntry = beforeAct[0]?.name ?? "act";
  const answerEntry = onAnswer[0]?.name ?? END;
  // Node names are only known at run time, so the builder is typed loosely inside this function.
  // biome-ignore lint/suspicious/noExplicitAny: dynamic node names
  const graph: any = new StateGraph(AgentState, RunContextSchema);
  // A conditional edge rather than a Command: LangGraph re-runs it when a state edit is applied as
  // think (Studio, updateState), so an edit at a breakpoint before the tools still leads to them.
  graph.addNode("think", parts.think);
  graph.addConditionalEdges("think", (state: AgentStateValue) => afterThink(state, actEntry, answerEntry), [
    ...new Set([actEntry, answerEntry, END]),
  ]);
  graph.addNode("act", parts.act, parts.subgraphs?.length ? { subgraphs: parts.subgraphs } : undefined);
  graph.addEdge(START, onInput[0]?.name ?? "think");
  chain(graph, onInput, "think");
  chain(graph, beforeAct, "act");
  graph.addEdge("act", afterAct[0]?.name ?? "think");
  chain(graph, afterAct, "think");
  chain(graph, onAnswer, END);
  return graph as StateGraph<typeof AgentState>;
}

type Route = (state: AgentStateValue, update: AgentStateUpdate) => string;

/**
 * Adds a node that routes itself with a `Command`. LangGraph gives every node a control branch that
 * reads commands; a conditional edge would be a second branch run on each step. `ends` lets Studio
 * draw the edges.
 */
// biome-ignore lint/suspicious/noExplicitAny: see buildAgentGraph
function addRoutedNode(graph: any, name: string, run: AgentNode["run"], ends: string[], route: Route) {
  graph.addNode(
    name,
    async (state: AgentStateValue, config: LangGraphRunnableConfig) => {
      const update = await run(state, config);
      if (isCommand(update)) return update;
      return new Command({ update, goto: route(state, update) });
    },
    { ends: [...new Set(ends)] },
  );
}

/** The run's outcome once a node's update is applied. */
function outcomeAfter(state: AgentStateValue, update: AgentStateUpdate) {
  return update.outcome !== undefined ? update.outcome : state.outcome;
}

/** Where the loop goes after a thought: the tools it asked for, the answer path, or the end. */
function afterThink(state: AgentStateValue, actEntry: string, answerEntry: string): string {
  const outcome = state.outcome;
  const last = state.messages.at(-1);
  if (outcome == null && AIMessage.isInstance(last) && last.tool_calls?.length) return actEntry;
  return outcome?.status === "answered" ? answerEntry : END;
}

/** Chains a list of extension nodes, leaving for END as soon as one ends the run. */
// biome-ignore lint/suspicious/noExplicitAny: see buildAgentGraph
function chain(graph: any, nodes: AgentNode[], next: string): void {
  nodes.forEach((node, index) => {
    const target = nodes[index + 1]?.name ?? next;
    addRoutedNode(graph, node.name, node.run, [target, END], (state, update) => {
      const outcome = outcomeAfter(state, update);
      return outcome != null && outcome.status !== "answered" ? END : target;
    });
  });
}

const RESERVED = new Set(["think", "act", START, END]);

function assertUniqueNames(nodes: AgentNode[]): void {
  const seen = new Set<string>();
  for (const { name } of nodes) {
    if (RESERVED.has(name) || seen.has(name)) {
      throw new Error(
        `extension node name "${name}" is ${seen.has(name) ? "used twice" : "reserved"}; pick another`,
      );
    }
    seen.add(name);
  }
}

/** How many graph steps a run may take: every ReAct step passes think, act and the loop's extensions. */
export function recursionLimitFor(maxSteps: number, extensions: GraphExtensions = {}): number {
  const perStep = 2 + (extensions.beforeAct?.length ?? 0) + (extensions.afterAct?.length ?? 0);
  const once = (extensions.onInput?.length ?? 0) + (extensions.onAnswer?.length ?? 0);
  return perStep * (maxSteps + 1) + once + 2;
}
