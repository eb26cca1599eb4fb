/**
 * What crossing a boundary costs: one tool call made through an MCP server (stdio, and Streamable HTTP on
 * loopback, each server in its own process) against the same tool defined in-process, and one call of a
 * sub-agent (`agent.asTool`: its own think → tool → think) against the same tool inline. Every variant
 * runs the same question against the local Bedrock (its own process, zero model latency), interleaved
 * round by round; reported are the median episode time and the median duration of the tool call itself
 * (the observation's `durationMs`), as ratios to the plain tool measured in the same run. The same tool as a
 * Bedrock Agents action group (function details) is measured run by its Lambda handler in-process
 * (`localHandlerExecutor`) and through the real Lambda client against Lambda Invoke on a local Bedrock
 * (`lambdaExecutor`).
 * `npx tsx bench/tool-boundaries.ts` runs it alone (BENCH_ROUNDS).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type Agent, createAgent } from "../src/agent/create-agent.ts";
import { actionGroupTools } from "../src/bedrock-agents/action-group-tools.ts";
import type { FunctionLambdaEvent } from "../src/bedrock-agents/lambda-event.ts";
import { lambdaExecutor } from "../src/bedrock-agents/lambda-executor.ts";
import type { LambdaHandler } from "../src/bedrock-agents/lambda-handler.ts";
import { localHandlerExecutor } from "../src/bedrock-agents/local-handler-executor.ts";
import { createReactPolicy, startLocalBedrock } from "../src/local/index.ts";
import { connectMcpServers, type McpToolset } from "../src/mcp/mcp-toolset.ts";
import { createSupervisor } from "../src/team/supervisor.ts";
import { defineTool } from "../src/tools/define-tool.ts";
import { spawnLocalBedrock } from "./local-server.ts";
import { median, table } from "./stats.ts";

const QUESTION = "What is the shipping status of order A-1001?";
const EXPECTED = "shipped on 2026-11-30";
const MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const SERVER = fileURLToPath(new URL("./mcp-tool-server.mjs", import.meta.url));

const lookupOrder = defineTool({
  name: "lookup_order",
  description: "Look up the shipping status of a customer order by its order number",
  input: z.object({ order_id: z.string().describe("The order number") }),
  run: ({ order_id }) => `Order ${order_id.split(" ").at(-1)} shipped on 2026-11-30.`,
});

/** The same lookup as a Bedrock Agents action group with function details, and its Lambda handler. */
const ORDERS_GROUP = {
  actionGroupName: "orders",
  actionGroupExecutor: { lambda: "arn:aws:lambda:us-east-1:123456789012:function:orders" },
  functionSchema: {
    functions: [
      {
        name: "lookup_order",
        description: "Look up the shipping status of a customer order by its order number",
        parameters: { order_id: { type: "string", description: "The order number", required: true } },
      },
    ],
  },
};
const ordersHandler: LambdaHandler = async (input) => {
  const event = input as FunctionLambdaEvent;
  const orderId = event.parameters?.[0]?.value ?? "";
  return {
    messageVersion: "1.0",
    response: {
      actionGroup: event.actionGroup,
      function: event.function,
      functionResponse: {
        responseBody: { TEXT: { body: `Order ${orderId.split(" ").at(-1)} shipped on 2026-11-30.` } },
      },
    },
  };
};

async function httpServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [SERVER, "http"], { stdio: ["ignore", "pipe", "inherit"] });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  return { url: chunk.toString().trim(), child };
}

/** The duration of the episode's outermost tool call. */
function toolCallMs(result: Awaited<ReturnType<Agent["invoke"]>>): number {
  const observation = result.steps.find((step) => step.kind === "observation" && !step.agent);
  return observation?.kind === "observation" ? observation.durationMs : Number.NaN;
}

export async function benchToolBoundaries(options: { rounds?: number; perRound?: number } = {}) {
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 15);
  const perRound = options.perRound ?? 10;
  const bedrock = await spawnLocalBedrock(0);
  const http = await httpServer();
  const lambda = await startLocalBedrock({
    model: createReactPolicy(),
    lambdaFunctions: { orders: ordersHandler },
  });
  const toolsets: McpToolset[] = [];
  try {
    const model = { modelId: MODEL_ID, endpoint: bedrock.url, streaming: false };
    const stdio = await connectMcpServers({ orders: { command: process.execPath, args: [SERVER] } });
    const remote = await connectMcpServers({ orders: { url: http.url } });
    toolsets.push(stdio, remote);
    const orders = createAgent({
      name: "orders",
      description: "Looks up the shipping status of customer orders",
      model,
      tools: [lookupOrder],
    });
    const variants: Record<string, Agent> = {
      "plain tool": createAgent({ model, tools: [lookupOrder] }),
      "MCP stdio": createAgent({ model, tools: [stdio] }),
      "MCP Streamable HTTP": createAgent({ model, tools: [remote] }),
      "sub-agent (asTool)": createSupervisor({ model, specialists: [orders] }),
      "action group, handler in-process": createAgent({
        model,
        tools: actionGroupTools(ORDERS_GROUP, { executor: localHandlerExecutor(ordersHandler) }),
      }),
      "action group, Lambda Invoke": createAgent({
        model,
        tools: actionGroupTools(ORDERS_GROUP, {
          executor: lambdaExecutor({ functionName: "orders", endpoint: lambda.url, region: "us-east-1" }),
        }),
      }),
    };
    for (const [name, agent] of Object.entries(variants)) {
      const { answer } = await agent.invoke(QUESTION);
      if (!answer.includes(EXPECTED)) throw new Error(`${name} answered "${answer}"`);
      for (let i = 0; i < 20; i++) await agent.invoke(QUESTION);
    }
    const names = Object.keys(variants);
    const episode: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    const call: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      const order = Object.entries(variants);
      if (round % 2) order.reverse();
      for (const [name, agent] of order) {
        for (let i = 0; i < perRound; i++) {
          const started = performance.now();
          const result = await agent.invoke(QUESTION);
          episode[name]?.push(performance.now() - started);
          call[name]?.push(toolCallMs(result));
        }
      }
    }
    const medians = (values: Record<string, number[]>) =>
      Object.fromEntries(Object.entries(values).map(([name, list]) => [name, median(list)]));
    const episodeMs = medians(episode);
    const callMs = medians(call);
    const base = "plain tool";
    const ratio = (values: Record<string, number>, name: string) => (values[name] ?? 0) / (values[base] ?? 1);
    console.log(`\nTool boundaries ("${QUESTION}"), ${rounds}×${perRound} episodes per variant, medians`);
    console.log(
      table(
        ["variant", "episode ms", "× plain", "tool call ms", "× plain"],
        Object.keys(variants).map((name) => [
          name,
          (episodeMs[name] ?? 0).toFixed(3),
          ratio(episodeMs, name).toFixed(2),
          (callMs[name] ?? 0).toFixed(3),
          ratio(callMs, name).toFixed(2),
        ]),
      ),
    );
    console.log(
      "(the sub-agent episode makes 4 model calls to the plain tool's 2: its cost is a second agent's loop)",
    );
    return {
      episodeMs,
      toolCallMs: callMs,
      ratios: Object.fromEntries(
        Object.keys(variants)
          .filter((name) => name !== base)
          .map((name) => [name, { episode: ratio(episodeMs, name), toolCall: ratio(callMs, name) }]),
      ),
    };
  } finally {
    await Promise.all(toolsets.map((toolset) => toolset.close()));
    http.child.kill("SIGTERM");
    await lambda.close();
    await bedrock.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchToolBoundaries();
  process.exit(0);
}
