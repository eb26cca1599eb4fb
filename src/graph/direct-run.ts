import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import type { BaseChannel, LangGraphRunnableConfig } from "@langchain/langgraph";
import { END, GraphRecursionError, isCommand } from "@langchain/langgraph";
import { GlassboxError } from "../errors.ts";
import type { AgentPlan, NodeResult, PlanNode } from "./build.ts";
import { routedResult } from "./build.ts";
import { withAmbientConfig } from "./lean-runnable.ts";
import {
  AgentState,
  type AgentStateUpdate,
  type AgentStateValue,
  type RunContext,
  RunContextSchema,
} from "./state.ts";

/** What a direct run is given: the same config a LangGraph run of the agent gets. */
export interface DirectRunConfig {
  configurable: Record<string, unknown>;
  context?: RunContext;
  signal?: AbortSignal;
  recursionLimit: number;
  /** Receives what nodes write (`config.writer`), as LangGraph's `custom` stream mode does. */
  writer?: (chunk: unknown) => void;
}

/** The node configs of direct runs in progress: how a node, or a run nested in one, knows it runs direct. */
const directConfigs = new WeakSet<object>();

/** True when a node runs under the direct executor rather than LangGraph's Pregel loop. */
export function isDirectRun(config: LangGraphRunnableConfig): boolean {
  return directConfigs.has(config);
}

/** The runnable config of the node (LangGraph's or the direct executor's) the caller runs in, if any. */
export function ambientConfig(): LangGraphRunnableConfig | undefined {
  return AsyncLocalStorageProviderSingleton.getRunnableConfig() as LangGraphRunnableConfig | undefined;
}

/** Raised when a node asks for routing only LangGraph's executor does (Send, several nodes, a parent graph). */
export class DirectRunError extends GlassboxError {
  constructor(message: string) {
    super(message, { code: "EXECUTOR_UNSUPPORTED" });
  }
}

/**
 * The direct executor: walks the same plan LangGraph's graph is built from, running the very same node
 * functions one after another on LangGraph's own channels (the state schema's reducers, `Overwrite`,
 * defaults), validating every update with the state schema, with LangGraph's recursion limit and abort
 * semantics. It is for runs that use none of the graph's persistence or interrupt features (no
 * checkpointer, no breakpoints): there it skips the Pregel loop's per-step machinery (tasks, checkpoints,
 * channel versions, streams, a runnable sequence and several callback setups per node).
 *
 * A run started from a node of another direct run (an agent called as a tool) inherits that node's
 * config as LangGraph's `invoke` inherits its caller's: the caller's `configurable` under its own (unless
 * it names its own thread), the caller's `context` and `signal` where it sets none, and the caller's
 * writer (so what it writes reaches the caller's stream, as with LangGraph).
 */
export function createDirectRunner(plan: AgentPlan) {
  return async function runDirect(
    input: AgentStateUpdate,
    config: DirectRunConfig,
  ): Promise<AgentStateValue> {
    const caller = ambientConfig();
    const inherits = caller !== undefined && config.configurable.thread_id === undefined;
    const signal = config.signal ?? caller?.signal;
    const context = (config.context ?? caller?.context) as RunContext | undefined;
    if (context !== undefined) RunContextSchema.parse(context);
    const channels = AgentState.getChannels() as Record<string, BaseChannel>;
    applyWrites(channels, await validated(Object.entries(input)));
    const nodeConfig = {
      tags: [],
      metadata: {},
      recursionLimit: config.recursionLimit,
      configurable: inherits ? { ...caller.configurable, ...config.configurable } : config.configurable,
      ...(context !== undefined ? { context } : {}),
      ...(signal ? { signal } : {}),
      // A nested run writes where its caller's nodes write, as a LangGraph run nested in a node does.
      writer: caller?.writer ?? config.writer ?? (() => {}),
    } as LangGraphRunnableConfig;
    directConfigs.add(nodeConfig);

    let name = plan.start;
    for (let ran = 1; ; ran++) {
      const node = plan.nodes.get(name);
      if (!node) throw new DirectRunError(`the plan has no node "${name}"`);
      signal?.throwIfAborted();
      const state = readState(channels);
      const running = withAmbientConfig(nodeConfig, () => runNode(node, state, nodeConfig));
      const result = await (signal ? raceWithSignal(Promise.resolve(running), signal) : running);
      const { writes, goto } = split(name, node, result);
      applyWrites(channels, await validated(writes));
      if (ran >= config.recursionLimit) throw recursionError(config.recursionLimit);
      const next = goto ?? (node.kind === "branch" ? node.route(readState(channels)) : undefined);
      if (next === undefined || next === END) return readState(channels);
      name = next;
    }
  };
}

function runNode(
  node: PlanNode,
  state: AgentStateValue,
  config: LangGraphRunnableConfig,
): NodeResult | Promise<NodeResult> {
  return node.kind === "routed" ? routedResult(node, state, config) : node.run(state, config);
}

type Write = [string, unknown];

/** A node's result as channel writes and, for commands and edges, where it goes next. */
function split(name: string, node: PlanNode, result: NodeResult): { writes: Write[]; goto?: string } {
  if (!isCommand(result)) {
    return {
      writes: stateWrites(Object.entries(result ?? {})),
      goto: node.kind === "edge" ? node.to : undefined,
    };
  }
  if (node.kind !== "routed")
    throw new DirectRunError(`node "${name}" returned a Command; only extension nodes may route themselves`);
  const goto = Array.isArray(result.goto) && result.goto.length === 1 ? result.goto[0] : result.goto;
  if (result.graph !== undefined || (goto !== undefined && typeof goto !== "string"))
    throw new DirectRunError(
      `node "${name}" routed with a Command the direct executor does not run (Send, several nodes or a parent graph); create the agent with executor: "graph"`,
    );
  return { writes: stateWrites(result._updateAsTuples() as Write[]), goto: goto ?? END };
}

const KEYS = new Set(AgentState.getChannelKeys());

/** LangGraph writes only the state's own keys from a node's update. */
function stateWrites(writes: Write[]): Write[] {
  return writes.filter(([key]) => KEYS.has(key));
}

/** Each write checked against the state schema, one key at a time, as LangGraph checks node updates. */
async function validated(writes: Write[]): Promise<Write[]> {
  return Promise.all(
    writes.map(async ([key, value]): Promise<Write> => {
      const parsed = await AgentState.validateInput({ [key]: value });
      return [key, Object.hasOwn(parsed, key) ? parsed[key as keyof typeof parsed] : value];
    }),
  );
}

/** Applies one step's writes: every channel gets its values at once, through its reducer. */
function applyWrites(channels: Record<string, BaseChannel>, writes: Write[]): void {
  const byChannel = new Map<string, unknown[]>();
  for (const [key, value] of writes) {
    const values = byChannel.get(key);
    if (values) values.push(value);
    else byChannel.set(key, [value]);
  }
  for (const [key, values] of byChannel) channels[key]?.update(values);
}

function readState(channels: Record<string, BaseChannel>): AgentStateValue {
  const state: Record<string, unknown> = {};
  for (const [key, channel] of Object.entries(channels))
    if (channel.isAvailable()) state[key] = channel.get();
  return state as AgentStateValue;
}

/** Rejects with the signal's reason as soon as it aborts, as LangGraph's runner does. */
function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function recursionError(limit: number): GraphRecursionError {
  return new GraphRecursionError(
    `Recursion limit of ${limit} reached without hitting a stop condition. You can increase the limit by setting the "recursionLimit" config key.`,
    { lc_error_code: "GRAPH_RECURSION_LIMIT" },
  );
}
