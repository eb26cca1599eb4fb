import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type BaseCheckpointSaver, MemorySaver } from "@langchain/langgraph";
import { parseWith } from "../config/config-error.ts";
import { createActNode } from "../graph/act.ts";
import { buildAgentGraph, type GraphExtensions, recursionLimitFor } from "../graph/build.ts";
import { type LimitsInput, LimitsSchema } from "../graph/limits.ts";
import { type GraphTelemetry, runScope } from "../graph/run-scope.ts";
import { createThinkNode } from "../graph/think.ts";
import { createToolReviewNode } from "../graph/tool-review.ts";
import { createBedrockRuntimeClient } from "../model/client.ts";
import { type ModelConfigInput, parseModelConfig } from "../model/config.ts";
import { createModelPool } from "../model/model-pool.ts";
import { RetryPolicySchema } from "../model/retry.ts";
import { trackToolResultStatus } from "../model/tool-result-status.ts";
import { type AgentToolOptions, agentTool } from "../team/agent-tool.ts";
import { RunRootHandler } from "../telemetry/run-root.ts";
import { disabledTelemetry } from "../telemetry/setup.ts";
import { pausesFor, type Tool } from "../tools/define-tool.ts";
import type { ToolOutput } from "../tools/tool-output.ts";
import { type ToolSource, toolList } from "../tools/tool-source.ts";
import type { AgentEvent, AgentResult } from "./events.ts";
import {
  type AgentGraph,
  type AgentRuntime,
  invokeAgent,
  type RunInput,
  type RunOptions,
  streamAgent,
} from "./run.ts";

export type { AgentGraph, RunInput, RunOptions } from "./run.ts";

/** Options of {@link createAgent}. */
export interface AgentOptions {
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
}

/** A ReAct agent over the Converse API whose every step is visible. */
export interface Agent {
  readonly name: string;
  readonly description?: string;
  /** The compiled LangGraph graph (for Studio, custom streaming, or embedding in a bigger graph). */
  readonly graph: AgentGraph;
  invoke(input: RunInput, options?: RunOptions): Promise<AgentResult>;
  /** Yields tokens and step events as they happen; the last event is `done` with the result. */
  stream(input: RunInput, options?: RunOptions): AsyncGenerator<AgentEvent, AgentResult>;
  /**
   * This agent as a tool another agent can call: its run is a subgraph of the caller's (checkpointed with
   * it, drawn in Studio), an `invoke_agent` span under the caller's `execute_tool`, and its steps, usage
   * and cost count in the caller's run and limits.
   * @example
   * const supervisor = createAgent({ tools: [calculatorAgent.asTool({ name: "ask_calculator" })] });
   */
  asTool(options?: AgentToolOptions): Tool<{ input: string }, ToolOutput>;
}

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
export function createAgent(options: AgentOptions = {}): Agent {
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
  const client =
    options.client ??
    createBedrockRuntimeClient({
      region: modelConfig.region,
      endpoint: modelConfig.endpoint,
      profile: modelConfig.profile,
      requestTimeoutMs: modelConfig.requestTimeoutMs,
    });
  // With an injected client ChatBedrockConverse never uses the region itself; the client resolves it.
  const region =
    modelConfig.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "from-client";
  const models = createModelPool(client, region, modelConfig);
  const scope = runScope(telemetry);
  const endpoint = modelConfig.endpoint ? new URL(modelConfig.endpoint) : undefined;

  const think = createThinkNode({
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
  });
  const act = createActNode({
    get tools() {
      return live.tools;
    },
    limits,
    scope,
    onToolError: trackToolResultStatus(client),
  });
  const pauses = tools.some((tool) => pausesFor(tool));
  const extensions = pauses ? withToolReview(tools, options.extensions) : (options.extensions ?? {});
  // Pausing needs a checkpointer; without pausing tools a run keeps none (checkpointing costs ~30%).
  const checkpointer = options.checkpointer ?? (pauses ? new MemorySaver() : undefined);
  const subgraphs = tools.flatMap((tool) => (tool.subgraph ? [tool.subgraph] : []));
  const compiled = buildAgentGraph({ think, act, extensions, subgraphs }).compile({
    name,
    description: options.description,
    checkpointer,
    interruptBefore: options.interruptBefore as never,
    interruptAfter: options.interruptAfter as never,
  });
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
    checkpointer,
    telemetry,
    models,
    requestMetadata: modelConfig.requestMetadata,
    recursionLimit: recursionLimitFor(limits.maxSteps, extensions),
  };
  const agent: Agent = {
    name,
    ...(options.description ? { description: options.description } : {}),
    graph,
    invoke: (input, run) => invokeAgent(runtime, input, run),
    stream: (input, run) => streamAgent(runtime, input, run),
    asTool: (toolOptions) => agentTool(agent, toolOptions),
  };
  return agent;
}

/** Adds the review node right before *act*, for tools that pause the run (approval, client-run). */
function withToolReview(tools: readonly Tool[], extensions: GraphExtensions = {}): GraphExtensions {
  return { ...extensions, beforeAct: [...(extensions.beforeAct ?? []), createToolReviewNode(tools)] };
}
