import { Agent as HttpAgent } from "node:http";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { createToolAgent, TOOL_AGENT_PROMPT } from "../graphs/tool-agent.ts";
import { setupTelemetry, type Telemetry } from "../src/telemetry/index.ts";
import { builtinTools } from "../tools/index.ts";
import { createHandLoop } from "./peers/hand-loop.ts";
import { createBareGraph, createPrebuiltAgent } from "./peers/langgraph.ts";

export const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

/** One ReAct episode: a question in, the answer out. */
export type Runner = (question: string) => Promise<string>;

export const RUNNERS = [
  "hand-written Converse loop",
  "bare StateGraph + ToolNode",
  "createReactAgent",
  "Glassbox, tracing off",
  "Glassbox, tracing on",
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

/** The runner of that name against a local Bedrock; tracing-on Glassbox exports over OTLP. */
export function runnerFor(name: string, url: string, maxSockets: number, telemetry?: Telemetry): Runner {
  const c = client(url, maxSockets);
  const glassbox = (traced: boolean): Runner => {
    const agent = createToolAgent({
      client: c,
      model: { modelId: MODEL, streaming: false },
      ...(traced ? { telemetry: telemetry ?? productionTelemetry(url) } : {}),
    });
    return async (question) => (await agent.invoke(question)).answer;
  };
  switch (name) {
    case "hand-written Converse loop":
      return createHandLoop(c, MODEL, builtinTools, TOOL_AGENT_PROMPT);
    case "bare StateGraph + ToolNode":
      return createBareGraph(c, MODEL, builtinTools, TOOL_AGENT_PROMPT);
    case "createReactAgent":
      return createPrebuiltAgent(c, MODEL, builtinTools, TOOL_AGENT_PROMPT);
    case "Glassbox, tracing off":
      return glassbox(false);
    case "Glassbox, tracing on":
      return glassbox(true);
    default:
      throw new Error(`unknown runner "${name}"`);
  }
}
