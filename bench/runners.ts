import { Agent as HttpAgent } from "node:http";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { createToolAgent, TOOL_AGENT_PROMPT } from "../graphs/tool-agent.ts";
import { setupTelemetry, type Telemetry } from "../src/telemetry/index.ts";
import { builtinTools } from "../tools/index.ts";
import { createChatModelLoop } from "./peers/chat-model-loop.ts";
import { createHandLoop } from "./peers/hand-loop.ts";
import { createBareGraph, createPrebuiltAgent } from "./peers/langgraph.ts";
import type { PeerRunnerOptions } from "./sdk-peers/peer-runner.ts";

export const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

/** One ReAct episode: a question in, the answer out. */
export type Runner = (question: string) => Promise<string>;

export const HAND = "hand-written Converse loop";
export const CHAT_LOOP = "ChatBedrockConverse loop, no graph";
export const STRANDS = "Strands Agents TS";
export const AI_SDK = "Vercel AI SDK";
export const BARE = "bare StateGraph + ToolNode";
export const PREBUILT = "createReactAgent";
export const GLASSBOX_OFF = "Glassbox, tracing off";
export const GLASSBOX_ON = "Glassbox, tracing on";
/** Glassbox with every run on LangGraph's executor (what runs with a checkpointer or breakpoints use). */
export const GLASSBOX_GRAPH_ON = "Glassbox on LangGraph's executor, tracing on";
/**
 * Glassbox as shipped: the Bedrock client createAgent builds itself (src/model/client.ts: the keep-alive
 * pool, timeouts from socket assignment, the adaptive rate limiter, retries) instead of the bench client.
 */
export const GLASSBOX_SHIPPED_ON = "Glassbox, shipped client, tracing on";
export const GLASSBOX_SHIPPED = "Glassbox, shipped client";

export const RUNNERS = [
  HAND,
  CHAT_LOOP,
  STRANDS,
  AI_SDK,
  BARE,
  PREBUILT,
  GLASSBOX_OFF,
  GLASSBOX_ON,
  GLASSBOX_GRAPH_ON,
  GLASSBOX_SHIPPED_ON,
] as const;

function client(url: string, maxSockets: number) {
  return new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true, maxSockets }) }),
  });
}

/** Tracing as in production: OTLP/HTTP behind a batch processor, to the sink in the local server's process. */
export function productionTelemetry(url: string, extra: SpanProcessor[] = []): Telemetry {
  return setupTelemetry({
    env: {},
    exporters: [{ type: "otlp", url, protocol: "http/json" }],
    spanProcessors: extra,
  });
}

/**
 * A peer from `bench/sdk-peers/` (its own install: see install-sdk-peers.ts). Loaded by URL so the root
 * type check does not need that folder's packages.
 */
async function sdkPeer(file: string, factory: string, options: PeerRunnerOptions): Promise<Runner> {
  const module = await import(new URL(`./sdk-peers/${file}`, import.meta.url).href);
  return module[factory](options) as Runner;
}

/** The runner of that name against a local Bedrock; tracing-on Glassbox exports over OTLP. */
export async function runnerFor(
  name: string,
  url: string,
  maxSockets: number,
  telemetry?: Telemetry,
): Promise<Runner> {
  const peer = { url, modelId: MODEL, tools: builtinTools, systemPrompt: TOOL_AGENT_PROMPT, maxSockets };
  const glassbox = (traced: boolean, executor: "auto" | "graph" = "auto"): Runner => {
    const agent = createToolAgent({
      client: client(url, maxSockets),
      model: { modelId: MODEL, streaming: false },
      executor,
      ...(traced ? { telemetry: telemetry ?? productionTelemetry(url) } : {}),
    });
    return async (question) => (await agent.invoke(question)).answer;
  };
  const shipped = (traced: boolean): Runner => {
    const agent = createToolAgent({
      model: { modelId: MODEL, streaming: false, endpoint: url },
      ...(traced ? { telemetry: telemetry ?? productionTelemetry(url) } : {}),
    });
    return async (question) => (await agent.invoke(question)).answer;
  };
  switch (name) {
    case HAND:
      return createHandLoop(client(url, maxSockets), MODEL, builtinTools, TOOL_AGENT_PROMPT);
    case CHAT_LOOP:
      return createChatModelLoop(client(url, maxSockets), MODEL, builtinTools, TOOL_AGENT_PROMPT);
    case STRANDS:
      return sdkPeer("strands.ts", "createStrandsRunner", peer);
    case AI_SDK:
      return sdkPeer("ai-sdk.ts", "createAiSdkRunner", peer);
    case BARE:
      return createBareGraph(client(url, maxSockets), MODEL, builtinTools, TOOL_AGENT_PROMPT);
    case PREBUILT:
      return createPrebuiltAgent(client(url, maxSockets), MODEL, builtinTools, TOOL_AGENT_PROMPT);
    case GLASSBOX_OFF:
      return glassbox(false);
    case GLASSBOX_ON:
      return glassbox(true);
    case GLASSBOX_GRAPH_ON:
      return glassbox(true, "graph");
    case GLASSBOX_SHIPPED_ON:
      return shipped(true);
    case GLASSBOX_SHIPPED:
      return shipped(false);
    default:
      throw new Error(`unknown runner "${name}"`);
  }
}
