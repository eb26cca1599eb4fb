/**
 * Strands Agents TS (`@strands-agents/sdk`) over the same Bedrock endpoint, model, tools and system prompt.
 * A Strands `Agent` keeps its conversation and refuses concurrent invocations, so every episode gets a
 * fresh one around one shared `BedrockModel` (its one `BedrockRuntimeClient`), as a service would do.
 */
import { Agent as HttpAgent } from "node:http";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent, BedrockModel, tool } from "@strands-agents/sdk";
import type { PeerRunnerOptions } from "./peer-runner.ts";

export function createStrandsRunner(options: PeerRunnerOptions) {
  const model = new BedrockModel({
    modelId: options.modelId,
    region: "us-east-1",
    stream: false,
    clientConfig: {
      endpoint: options.url,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({
        httpAgent: new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets }),
      }),
    },
  });
  const tools = options.tools.map((t) =>
    tool({
      name: t.name,
      description: t.description,
      inputSchema: t.input as never,
      callback: (input: unknown, context) =>
        t.run(input, {
          toolCallId: context?.toolUse.toolUseId ?? "",
          signal: AbortSignal.timeout(30_000),
        }) as never,
    }),
  );
  return async (question: string): Promise<string> => {
    const agent = new Agent({ model, tools, systemPrompt: options.systemPrompt, printer: false });
    const result = await agent.invoke(question);
    return String(result);
  };
}
