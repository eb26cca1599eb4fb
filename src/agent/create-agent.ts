import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { type BaseCheckpointSaver, MemorySaver } from "@langchain/langgraph";
import { parseWith } from "../config/config-error.ts";
import type { ContextManager } from "../context/context-manager.ts";
import { createActNode } from "../graph/act.ts";
import { createAgentRunner, type Executor } from "../graph/agent-runner.ts";
import { type GraphExtensions, recursionLimitFor } from "../graph/build.ts";
import { type LimitsInput, LimitsSchema } from "../graph/limits.ts";
import { type GraphTelemetry, runScope } from "../graph/run-scope.ts";
import { createThinkNode } from "../graph/think.ts";
import { createToolReviewNode } from "../graph/tool-review.ts";
import { resolveCachePolicy } from "../model/cache-policy.ts";
import { checkModelFeatures } from "../model/check-features.ts";
import { connectionOf, createBedrockRuntimeClient } from "../model/client.ts";
import { type ModelConfigInput, parseModelConfig } from "../model/config.ts";
import { createModelPool } from "../model/model-pool.ts";
import { RetryPolicySchema } from "../model/retry.ts";
import { type OutputSchemaInput, outputSpec } from "../output/output-spec.ts";
import { type AgentToolOptions, agentTool } from "../team/agent-tool.ts";
import { RunRootHandler } from "../telemetry/run-root.ts";
import { disabledTelemetry } from "../telemetry/setup.ts";
import { pausesFor, type Tool, toToolSpec } from "../tools/define-tool.ts";
import type { ToolOutput } from "../tools/tool-output.ts";
import { isToolSource, type ToolSource, toolList } from "../tools/tool-source.ts";
import { estimateFirstCall, type RunEstimate } from "./estimate.ts";
import type { AgentEvent, AgentResult } from "./events.ts";
import { type AgentFingerprint, agentFingerprint } from "./fingerprint.ts";
import {
  type AgentGraph,
  type AgentRuntime,
  invokeAgent,
  type RunInput,
  type RunOptions,
  streamAgent,
} from "./run.ts";

export type { AgentGraph, RunInput, RunOptions } from "./run.ts";

/** Options of {@link createAgent}; `Output` is the type of the structured answer, when `output` is set. */
export interface AgentOptions<Output = undefined> {
  /** The agent's name: the graph name, `gen_ai.agent.name`, and the `invoke_agent {name}` span. */
  name?: string;
  description?: string;
  /** A model id, or the full model config (region, endpoint, inference settings, traffic split, retry...). */
  model?: string | ModelConfigInput;
  /** A Bedrock runtime client to use instead of one built from the model config. */
  client?: BedrockRuntimeClient;
  /** Tools, and tool sources whose list may change (MCP servers: `connectMcpServers()`). */
  tools?: readonly (Tool | ToolSource)[];
  systemPrompt?: string;
  limits?: LimitsInput;
  /** Where spans go: the result of `setupTelemetry()`. Tracing is off when absent. */
  telemetry?: GraphTelemetry;
  /**
   * Persists threads (LangGraph checkpointer; see `createCheckpointer`). An agent with tools that pause
   * (approval, client-run) gets an in-memory one when none is given.
   */
  checkpointer?: BaseCheckpointSaver;
  /** Nodes slotted into the loop: guardrail checkpoints, retrieval, ... */
  extensions?: GraphExtensions;
  interruptBefore?: string[];
  interruptAfter?: string[];
  /**
   * Makes the final answer a validated, typed `result.output`: a zod object schema (or a JSON Schema
   * object). Converse's native JSON schema output is used where the model has it, else a final tool.
   */
  output?: OutputSchemaInput<Output>;
  /** Keeps long threads inside the model's context window: `slidingWindow()` or `summarizing()`. */
  context?: ContextManager;
  /**
   * How long a run waits for its thread while another run (in this process or another one sharing the
   * store) holds it, before failing with `ThreadBusyError` (default 0: at once). Nothing is added to
   * the thread by a run that did not start.
   */
  threadBusyWaitMs?: number;
  /**
   * Which executor runs the graph. `auto` (default): runs that can persist or pause (a checkpointer,
   * breakpoints, resume) and runs nested in another LangGraph run go through LangGraph's executor, the
   * others through Glassbox's direct executor of the same nodes (same steps, events, spans and results,
   * less CPU and memory per run); `graph`: LangGraph's for every run; `reference`: LangGraph's with its
   * default node wrapping (what equivalence checks compare against). The default comes from
   * `GLASSBOX_EXECUTOR` when set.
   */
  executor?: Executor;
}

/** A ReAct agent over the Converse API whose every step is visible. */
export interface Agent<Output = undefined> {
  readonly name: string;
  readonly description?: string;
  /** The compiled LangGraph graph (for Studio, custom streaming, or embedding in a bigger graph). */
  readonly graph: AgentGraph;
  /**
   * Whether a run can pause for a person or a client: a tool of its own, or of an agent it calls,
   * needs approval or runs on the client. A caller's run pauses with the agents it calls.
   */
  readonly pauses: boolean;
  /** The agent's tools as its next step sees them (a tool source may change them). Teams leave it out. */
  readonly tools?: readonly Tool[];
  invoke<RunOutput = Output>(
    input: RunInput,
    options?: RunOptions & { output?: OutputSchemaInput<RunOutput> },
  ): Promise<AgentResult<RunOutput>>;
  /** Yields tokens and step events as they happen; the last event is `done` with the result. */
  stream<RunOutput = Output>(
    input: RunInput,
    options?: RunOptions & { output?: OutputSchemaInput<RunOutput> },
  ): AsyncGenerator<AgentEvent<RunOutput>, AgentResult<RunOutput>>;
  /**
   * What decides the answers of a run with this thread id or routing key (see {@link AgentFingerprint});
   * evaluation caches key on it. Agents that cannot tell (a handoff team) leave it out.
   */
  fingerprint?(routingKey?: string): AgentFingerprint;
  /**
   * This agent as a tool another agent can call: its run is a subgraph of the caller's (checkpointed with
   * it, drawn in Studio), an `invoke_agent` span under the caller's `execute_tool`, and its steps, usage
   * and cost count in the caller's run and limits.
   * @example
   * const supervisor = createAgent({ tools: [calculatorAgent.asTool({ name: "ask_calculator" })] });
   */
  asTool(options?: AgentToolOptions): Tool<{ input: string }, ToolOutput>;
  /**
   * Counts and prices the first model call a run with this input would make (CountTokens where the
   * model supports it, else Glassbox's estimate), without calling the model.
   */
  estimate(
    input: string | BaseMessage[],
    options?: Pick<RunOptions, "output" | "threadId">,
  ): Promise<RunEstimate>;
}

/**
 * An {@link Agent} as its builders write it (`createAgent`, handoff teams): runs return untyped output;
 * the builder casts it to `Agent<Output>`, whose output type the output schema checks at run time.
 */
export type AgentImplementation = Omit<Agent, "invoke" | "stream"> & {
  invoke(input: RunInput, options?: RunOptions): Promise<AgentResult>;
  stream(input: RunInput, options?: RunOptions): AsyncGenerator<AgentEvent, AgentResult>;
};

/**
 * Builds a ReAct agent: a LangGraph `StateGraph` with a *think* node (one Converse call) and an *act*
 * node (the turn's tool calls in parallel), looping until the model answers or a limit is reached.
 *
 * @example
 * ```ts
 * import { createAgent, setupTelemetry } from "glassbox";
 *
 * const agent = createAgent({
 *   name: "support",
 *   model: { modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", region: "us-east-1" },
 *   tools: [lookupOrder],
 *   systemPrompt: "You answer questions about orders.",
 *   limits: { maxSteps: 8, maxTokens: 50_000 },
 *   telemetry: setupTelemetry({ exporters: [{ type: "otlp" }] }),
 * });
 * const { answer, outcome, steps } = await agent.invoke("Where is order A-1001?", { threadId: "ticket-77" });
 * ```
 */
export function createAgent<Output = undefined>(options: AgentOptions<Output> = {}): Agent<Output> {
  const name = options.name ?? "glassbox-agent";
  const modelConfig = parseModelConfig(
    typeof options.model === "string" ? { modelId: options.model } : (options.model ?? {}),
    "model",
  );
  const limits = parseWith(LimitsSchema, options.limits ?? {}, "limits");
  const retry = parseWith(RetryPolicySchema, modelConfig.retry ?? {}, "model.retry");
  const telemetry = options.telemetry ?? disabledTelemetry();
  const currentTools = toolList(options.tools ?? []);
  const tools = currentTools();
  // Think and act read the list at every step: a tool source may change it while the agent lives.
  const live = {
    get tools() {
      return currentTools();
    },
  };
  const client = options.client ?? createBedrockRuntimeClient(connectionOf(modelConfig));
  const models = createModelPool(modelConfig);
  const cache = resolveCachePolicy(modelConfig.cache);
  checkModelFeatures(modelConfig, models, cache);
  const output = options.output ? outputSpec(options.output) : undefined;
  const scope = runScope(telemetry);
  const endpoint = modelConfig.endpoint ? new URL(modelConfig.endpoint) : undefined;

  const think = createThinkNode({
    client,
    models,
    modelConfig,
    get tools() {
      return live.tools;
    },
    systemPrompt: options.systemPrompt,
    limits,
    retry,
    scope,
    server: endpoint ? { address: endpoint.hostname, port: Number(endpoint.port) || undefined } : undefined,
    ...(output ? { output } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(cache ? { cache } : {}),
  });
  const act = createActNode({
    get tools() {
      return live.tools;
    },
    limits,
    scope,
  });
  const reviews =
    tools.some((tool) => pausesFor(tool)) ||
    (options.tools ?? []).some((entry) => isToolSource(entry) && entry.pauses);
  const pauses = reviews || tools.some((tool) => tool.pausesInside);
  const extensions = reviews ? withToolReview(live, name, options.extensions) : (options.extensions ?? {});
  // Pausing needs a checkpointer; without pausing tools a run keeps none (checkpointing costs ~30%).
  const checkpointer = options.checkpointer ?? (pauses ? new MemorySaver() : undefined);
  const subgraphs = tools.flatMap((tool) => (tool.subgraph ? [tool.subgraph] : []));
  const runner = createAgentRunner(
    { think, act, extensions, subgraphs },
    {
      name,
      description: options.description,
      checkpointer,
      interruptBefore: options.interruptBefore,
      interruptAfter: options.interruptAfter,
      executor: options.executor,
    },
  );
  const compiled = runner.graph;
  // Runs the LangGraph server (Studio) or `graph.invoke` start get their root span from a callback;
  // `agent.invoke` and `agent.stream` make their own and run the plain graph.
  const graph =
    options.telemetry && options.telemetry.enabled !== false
      ? (compiled.withConfig({
          callbacks: [
            new RunRootHandler(telemetry, name, (threadId) => models.forKey(threadId ?? "").modelId),
          ],
        }) as typeof compiled)
      : compiled;
  const runtime: AgentRuntime = {
    name,
    graph: compiled,
    runner,
    checkpointer,
    telemetry,
    models,
    requestMetadata: modelConfig.requestMetadata,
    recursionLimit: recursionLimitFor(limits.maxSteps, extensions),
    threadBusyWaitMs: options.threadBusyWaitMs ?? 0,
  };
  const agent: AgentImplementation = {
    name,
    ...(options.description ? { description: options.description } : {}),
    graph,
    pauses,
    get tools() {
      return currentTools();
    },
    fingerprint: (routingKey = "") =>
      agentFingerprint({
        name,
        modelId: models.forKey(routingKey).modelId,
        modelConfig,
        ...(options.systemPrompt !== undefined ? { systemPrompt: options.systemPrompt } : {}),
        tools: currentTools(),
        limits,
        extensions,
      }),
    invoke: (input, run) => invokeAgent(runtime, input, run),
    stream: (input, run) => streamAgent(runtime, input, run),
    asTool: (toolOptions) => agentTool(agent as unknown as Agent, toolOptions),
    estimate(input, run = {}) {
      const { modelId, capabilities } = models.forKey(run.threadId ?? "");
      return estimateFirstCall({
        client,
        modelId,
        capabilities,
        config: modelConfig,
        systemPrompt: options.systemPrompt,
        tools: live.tools.map(toToolSpec),
        messages: typeof input === "string" ? [new HumanMessage(input)] : input,
        output: run.output ? outputSpec(run.output, undefined, "run.output") : output,
        cache,
      });
    },
  };
  // The output type is the caller's promise, checked at run time by the output schema.
  return agent as unknown as Agent<Output>;
}

/** Adds the review node right before *act*, for tools that pause the run (approval, client-run). */
function withToolReview(
  tools: { readonly tools: readonly Tool[] },
  agent: string,
  extensions: GraphExtensions = {},
): GraphExtensions {
  return { ...extensions, beforeAct: [...(extensions.beforeAct ?? []), createToolReviewNode(tools, agent)] };
}
