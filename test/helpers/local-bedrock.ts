import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from "@aws-sdk/client-bedrock-runtime";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterEach } from "vitest";
import type { LocalBedrock } from "../../src/local/index.ts";
import { startTestBedrock, type TestBedrockOptions, testModel } from "../../src/testing/index.ts";

const started: LocalBedrock[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

/** Starts a local Bedrock (glassbox/testing's startTestBedrock) for one test; closed after the test. */
export async function localBedrock(options: TestBedrockOptions = {}): Promise<LocalBedrock> {
  const server = await startTestBedrock(options);
  started.push(server);
  return server;
}

/** A test model config pointing at a local server, with fast retries (glassbox/testing's testModel). */
export function localModel(server: LocalBedrock, extra: Record<string, unknown> = {}) {
  return { ...testModel(server), ...extra };
}

/** The request bodies a local server received for one operation, in order. */
export function converseBodies(server: LocalBedrock, operation: "Converse" | "ConverseStream"): unknown[] {
  return server.requests.all(operation).map((entry) => entry.body);
}

/** A bare AWS SDK client's config for a local server: placeholder credentials, one attempt, HTTP/1.1. */
const bare = (url: string) => ({
  region: "us-east-1",
  endpoint: url,
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
  maxAttempts: 1,
  requestHandler: new NodeHttpHandler(),
});

/**
 * The real AWS SDK client, bare, pointed at a local server: placeholder credentials, one attempt, the
 * SDK's HTTP/1.1 handler. For tests of the twin's own wire rules, without Glassbox's client in between.
 */
export function sdkClient(url: string, extra: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ ...bare(url), ...extra });
}

/** The real Lambda client, bare like {@link sdkClient}, pointed at a local server's Invoke. */
export function lambdaClient(url: string): LambdaClient {
  return new LambdaClient(bare(url));
}

/** The system prompt of every model call a local server received, in order ("" for a call without one). */
export function systemPrompts(server: LocalBedrock): string[] {
  return server.requests
    .all()
    .filter((entry) => entry.operation.startsWith("Converse"))
    .map((entry) => ((entry.body as { system?: { text?: string }[] }).system ?? [])[0]?.text ?? "");
}
