/**
 * The Vercel AI SDK: `generateText` with `@ai-sdk/amazon-bedrock` (Converse over `fetch`, SigV4-signed)
 * against the same endpoint, model, tools and system prompt, looping until the model answers.
 */
import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";
import { generateText, stepCountIs, tool } from "ai";
import type { PeerRunnerOptions } from "./peer-runner.ts";

export function createAiSdkRunner(options: PeerRunnerOptions) {
  const bedrock = createAmazonBedrock({
    region: "us-east-1",
    baseURL: options.url,
    accessKeyId: "local",
    secretAccessKey: "local",
  });
  const model = bedrock(options.modelId);
  const tools = Object.fromEntries(
    options.tools.map((t) => [
      t.name,
      tool({
        description: t.description,
        inputSchema: t.input as never,
        execute: (input: unknown, { toolCallId, abortSignal }) =>
          t.run(input, { toolCallId, signal: abortSignal ?? AbortSignal.timeout(30_000) }),
      }),
    ]),
  );
  return async (question: string): Promise<string> => {
    const result = await generateText({
      model,
      system: options.systemPrompt,
      prompt: question,
      tools,
      stopWhen: stepCountIs(10),
      maxRetries: 0,
    });
    return result.text;
  };
}
