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
