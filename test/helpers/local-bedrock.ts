import { afterEach } from "vitest";
import {
  createReactPolicy,
  type LocalBedrock,
  type LocalBedrockOptions,
  startLocalBedrock,
} from "../../src/index.ts";

const started: LocalBedrock[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

/** Starts a local Bedrock on an ephemeral loopback port for one test; closed after the test. */
export async function localBedrock(options: Partial<LocalBedrockOptions> = {}): Promise<LocalBedrock> {
  const server = await startLocalBedrock({ model: createReactPolicy(), ...options });
  started.push(server);
  return server;
}

/** A test model config pointing at a local server, with fast retries. */
export function localModel(server: LocalBedrock, extra: Record<string, unknown> = {}) {
  return {
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    endpoint: server.url,
    retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  };
}

/** The request bodies a local server received for one operation, in order. */
export function converseBodies(server: LocalBedrock, operation: "Converse" | "ConverseStream"): unknown[] {
  return server.requests.all(operation).map((entry) => entry.body);
}
