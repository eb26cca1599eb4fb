import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { type BaseCheckpointSaver, END, START, StateGraph } from "@langchain/langgraph";
import { type createActNode, lastAIMessage } from "./act.ts";
import { Router } from "./router.ts";
import { AgentState, type AgentStateUpdate, type AgentStateValue, RunContextSchema } from "./state.ts";

/** A node that slots into the ReAct loop: a guardrail checkpoint, a retrieval step, an audit hook... */
export interface AgentNode {
  /** Unique node name, shown in Studio and used for breakpoints. */
  name: string;
  /** Reads the state and returns an update. Setting `outcome` to anything but `answered` ends the run. */
  run(state: AgentStateValue, config: LangGraphRunnableConfig): AgentStateUpdate | Promise<AgentStateUpdate>;
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
}

export interface CompileOptions {
  name: string;
  description?: string;
  checkpointer?: BaseCheckpointSaver;
  interruptBefore?: string[];
  interruptAfter?: string[];
}

/** True when an earlier node ended the run with an outcome other than an answer. */
function ended(state: AgentStateValue): boolean {
  return state.outcome != null && state.outcome.status !== "answered";
}

/** Assembles the ReAct graph: think and act, with the extension nodes chained where they belong. */
export function buildAgentGraph(parts: GraphParts) {
  const ext = parts.extensions ?? {};
  const onInput = ext.onInput ?? [];
  const beforeAct = ext.beforeAct ?? [];
  const afterAct = ext.afterAct ?? [];
  const onAnswer = ext.onAnswer ?? [];
  assertUniqueNames([...onInput, ...beforeAct, ...afterAct, ...onAnswer]);

  // Node names are only known at run time, so the builder is typed loosely inside this function.
  // biome-ignore lint/suspicious/noExplicitAny: dynamic node names
  const graph: any = new StateGraph(AgentState, RunContextSchema);
  graph.addNode("think", parts.think);
  graph.addNode("act", parts.act);
  for (const node of [...onInput, ...beforeAct, ...afterAct, ...onAnswer]) graph.addNode(node.name, node.run);

  const actEntry = beforeAct[0]?.name ?? "act";
  const answerEntry = onAnswer[0]?.name ?? END;
  graph.addEdge(START, onInput[0]?.name ?? "think");
  chain(graph, onInput, "think");
  graph.addConditionalEdges(
    "think",
    new Router("after_think", (state: AgentStateValue) => {
      if (state.outcome == null && lastAIMessage(state.messages)?.tool_calls?.length) return actEntry;
      return state.outcome?.status === "answered" ? answerEntry : END;
    }),
    [...new Set([actEntry, answerEntry, END])],
  );
  chain(graph, beforeAct, "act");
  if (afterAct.length) graph.addEdge("act", afterAct[0]?.name);
  else graph.addEdge("act", "think");
  chain(graph, afterAct, "think");
  chain(graph, onAnswer, END);
  return graph as StateGraph<typeof AgentState>;
}

/** Edges through a list of extension nodes, leaving for END as soon as one ends the run. */
// biome-ignore lint/suspicious/noExplicitAny: see buildAgentGraph
function chain(graph: any, nodes: AgentNode[], next: string): void {
  nodes.forEach((node, index) => {
    const target = nodes[index + 1]?.name ?? next;
    if (target === END) graph.addEdge(node.name, END);
    else
      graph.addConditionalEdges(node.name, (state: AgentStateValue) => (ended(state) ? END : target), [
        target,
        END,
      ]);
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
