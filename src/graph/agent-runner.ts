import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { isCommand } from "@langchain/langgraph";
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { buildAgentPlan, type GraphParts, graphFromPlan } from "./build.ts";
import { ambientConfig, createDirectRunner, type DirectRunConfig, isDirectRun } from "./direct-run.ts";
import type { AgentStateUpdate, AgentStateValue } from "./state.ts";

/**
 * Which executor runs an agent's runs. `auto` (the default): LangGraph's for runs that can persist or
 * pause (a checkpointer, breakpoints, resume) and for runs nested in another LangGraph run (a sub-agent
 * of a checkpointed caller, a handoff team's members), the direct one for the others; `graph`:
 * LangGraph's for every run; `reference`: LangGraph's for every run, with the node functions registered
 * as LangGraph wraps plain functions (slower: what the equivalence tests compare the other two against).
 * The environment variable `GLASSBOX_EXECUTOR` sets the default for a process (the test suite runs the
 * agent tests once per executor with it).
 */
export const ExecutorSchema = z.enum(["auto", "graph", "reference"]);
export type Executor = z.infer<typeof ExecutorSchema>;

export interface AgentRunnerOptions {
  name: string;
  description?: string;
  checkpointer?: BaseCheckpointSaver;
  interruptBefore?: string[];
  interruptAfter?: string[];
  executor?: Executor;
}

/** The config createAgent gives a run: breakpoints only on a run nested in a caller's (Studio's). */
export type RunConfig = DirectRunConfig & { interruptBefore?: string[]; interruptAfter?: string[] };

/** An agent's compiled LangGraph graph, and how its runs are executed. */
export function createAgentRunner(parts: GraphParts, options: AgentRunnerOptions) {
  const plan = buildAgentPlan(parts);
  const executor = options.executor ?? executorFromEnv(process.env.GLASSBOX_EXECUTOR);
  const graph = graphFromPlan(plan, executor === "reference" ? "reference" : "lean").compile({
    name: options.name,
    description: options.description,
    checkpointer: options.checkpointer,
    interruptBefore: options.interruptBefore as never,
    interruptAfter: options.interruptAfter as never,
  });
  const direct =
    executor === "auto" && !options.interruptBefore?.length && !options.interruptAfter?.length
      ? createDirectRunner(plan)
      : undefined;
  /**
   * The direct executor, for a run that starts from new input on a graph with no checkpointer (also
   * checked here: one may be set on `agent.graph` later), called at the top level or from a node of
   * another direct run. A run called from inside a LangGraph run (or any other LangChain runnable) is
   * nested in it, inheriting its checkpointer, namespace and stream: that only LangGraph does.
   */
  const directFor = (state: AgentStateUpdate | null, config: RunConfig): typeof direct => {
    if (!direct || state === null || isCommand(state) || graph.checkpointer !== undefined) return undefined;
    if (config.interruptBefore || config.interruptAfter) return undefined;
    const ambient = ambientConfig();
    return ambient === undefined || isDirectRun(ambient) ? direct : undefined;
  };

  return {
    graph,
    /** `direct` when top-level runs of this agent skip LangGraph's loop (no checkpointer, no breakpoints). */
    executor: direct && graph.checkpointer === undefined ? ("direct" as const) : ("graph" as const),
    invoke(state: AgentStateUpdate | null, config: RunConfig): Promise<AgentStateValue> {
      const run = directFor(state, config);
      if (run && state) return run(state, config);
      // Node names are checked where breakpoints are set (Studio); the graph's types know only its own.
      return graph.invoke(state as never, config as never) as Promise<AgentStateValue>;
    },
    /** Runs with `onEvent` getting what nodes write; returns the final state (none for a paused run). */
    async stream(
      state: AgentStateUpdate | null,
      config: RunConfig,
      onEvent: (event: unknown) => void,
    ): Promise<AgentStateValue | undefined> {
      const run = directFor(state, config);
      if (run && state) return run(state, { ...config, writer: onEvent });
      let final: AgentStateValue | undefined;
      const stream = await graph.stream(
        state as never,
        {
          ...config,
          streamMode: ["custom", "values"],
        } as never,
      );
      for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
        if (mode === "custom") onEvent(chunk);
        // A run that pauses ends its values stream with a chunk holding only `__interrupt__`.
        else if (!(chunk as Record<string, unknown>).__interrupt__) final = chunk as AgentStateValue;
      }
      return final;
    },
  };
}

/** What `createAgentRunner` returns. */
export type AgentRunner = ReturnType<typeof createAgentRunner>;

function executorFromEnv(value: string | undefined): Executor {
  if (value === undefined || value === "") return "auto";
  const parsed = ExecutorSchema.safeParse(value);
  if (!parsed.success)
    throw new ConfigError(`GLASSBOX_EXECUTOR: expected "auto", "graph" or "reference", got "${value}"`);
  return parsed.data;
}
