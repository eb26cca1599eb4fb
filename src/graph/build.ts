import { AIMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { type BaseCheckpointSaver, Command, END, isCommand, START, StateGraph } from "@langchain/langgraph";
import type { createActNode } from "./act.ts";
import { LeanRunnable } from "./lean-runnable.ts";
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

/** What a node does after it ran, in both executors (LangGraph's and the direct one). */
export type PlanNode =
  /** Routes on the state after its update, like a LangGraph conditional edge (think). */
  | { kind: "branch"; run: AgentNode["run"]; ends: string[]; route: (state: AgentStateValue) => string }
  /** Always goes on to one node, like a LangGraph edge (act, with the graphs of the agents it calls). */
  | { kind: "edge"; run: AgentNode["run"]; to: string; subgraphs?: object[] }
  /** Routes itself with a `Command` (extension nodes); a returned Command is taken as it is. */
  | { kind: "routed"; run: AgentNode["run"]; ends: string[]; route: Route };

/** The agent's loop as data: the graph is built from it, and so is the direct executor's walk. */
export interface AgentPlan {
  start: string;
  nodes: ReadonlyMap<string, PlanNode>;
}

/** Lays out the ReAct loop: think and act, with the extension nodes chained where they belong. */
export function buildAgentPlan(parts: GraphParts): AgentPlan {
  const ext = parts.extensions ?? {};
  const onInput = ext.onInput ?? [];
  const beforeAct = ext.beforeAct ?? [];
  const afterAct = ext.afterAct ?? [];
  const onAnswer = ext.onAnswer ?? [];
  assertUniqueNames([...onInput, ...beforeAct, ...afterAct, ...onAnswer]);

  const actEntry = beforeAct[0]?.name ?? "act";
  const answerEntry = onAnswer[0]?.name ?? END;
  const nodes = new Map<string, PlanNode>();
  nodes.set("think", {
    kind: "branch",
    run: parts.think,
    ends: [...new Set([actEntry, answerEntry, END])],
    route: (state) => afterThink(state, actEntry, answerEntry),
  });
  nodes.set("act", {
    kind: "edge",
    run: parts.act,
    to: afterAct[0]?.name ?? "think",
    ...(parts.subgraphs?.length ? { subgraphs: parts.subgraphs } : {}),
  });
  chain(nodes, onInput, "think");
  chain(nodes, beforeAct, "act");
  chain(nodes, afterAct, "think");
  chain(nodes, onAnswer, END);
  return { start: onInput[0]?.name ?? "think", nodes };
}

/** Assembles the ReAct graph: think and act, with the extension nodes chained where they belong. */
export function buildAgentGraph(parts: GraphParts) {
  return graphFromPlan(buildAgentPlan(parts));
}

/**
 * How node functions are handed to LangGraph. `lean` (default): as lean Runnables; `reference`: as plain
 * functions, which LangGraph wraps in its own traced runnables (what equivalence tests compare against).
 */
export type Registration = "lean" | "reference";

/**
 * The LangGraph `StateGraph` of a plan. Nodes and the think router are registered as lean Runnables
 * (see lean-runnable.ts); think routes by a conditional edge rather than a Command because LangGraph
 * re-runs it when a state edit is applied as think (Studio, updateState), so an edit at a breakpoint
 * before the tools still leads to them. Extension nodes route themselves with a `Command`: every node
 * already carries LangGraph's control branch, a conditional edge would be a second one per step.
 */
export function graphFromPlan(plan: AgentPlan, registration: Registration = "lean") {
  // Node names are only known at run time, so the builder is typed loosely inside this function.
  // biome-ignore lint/suspicious/noExplicitAny: dynamic node names
  const graph: any = new StateGraph(AgentState, RunContextSchema);
  const lean = registration === "lean";
  // biome-ignore lint/suspicious/noExplicitAny: a node function or a router
  const nodeOf = (name: string, fn: any) => (lean ? new LeanRunnable(fn, name, true) : fn);
  // biome-ignore lint/suspicious/noExplicitAny: a router
  const routerOf = (name: string, fn: any) => (lean ? new LeanRunnable(fn, name, false) : fn);
  graph.addEdge(START, plan.start);
  for (const [name, node] of plan.nodes) {
    if (node.kind === "branch") {
      graph.addNode(name, nodeOf(name, node.run));
      graph.addConditionalEdges(name, routerOf(`after_${name}`, node.route), node.ends);
    } else if (node.kind === "edge") {
      graph.addNode(
        name,
        nodeOf(name, node.run),
        node.subgraphs?.length ? { subgraphs: node.subgraphs } : undefined,
      );
      graph.addEdge(name, node.to);
    } else {
      const routed = (state: AgentStateValue, config: LangGraphRunnableConfig) =>
        routedResult(node, state, config);
      graph.addNode(name, nodeOf(name, routed), { ends: node.ends });
    }
  }
  return graph as StateGraph<typeof AgentState>;
}

type Route = (state: AgentStateValue, update: AgentStateUpdate) => string;

/** Runs a self-routing node: its Command as it is, or its update with the route it implies. */
export async function routedResult(
  node: Extract<PlanNode, { kind: "routed" }>,
  state: AgentStateValue,
  config: LangGraphRunnableConfig,
): Promise<Command> {
  const update = await node.run(state, config);
  if (isCommand(update)) return update;
  return new Command({ update, goto: node.route(state, update) });
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
function chain(nodes: Map<string, PlanNode>, list: AgentNode[], next: string): void {
  list.forEach((node, index) => {
    const target = list[index + 1]?.name ?? next;
    nodes.set(node.name, {
      kind: "routed",
      run: node.run,
      ends: [...new Set([target, END])],
      route: (state, update) => {
        const outcome = outcomeAfter(state, update);
        return outcome != null && outcome.status !== "answered" ? END : target;
      },
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
