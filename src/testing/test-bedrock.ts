import { createReactPolicy } from "../local/model/react-policy.ts";
import type { ScriptStep } from "../local/script.ts";
import { type LocalBedrock, type LocalBedrockOptions, startLocalBedrock } from "../local/server.ts";
import type { ModelConfigInput } from "../model/config.ts";

/** Options of {@link startTestBedrock}: those of `startLocalBedrock`, all optional. */
export type TestBedrockOptions = Partial<LocalBedrockOptions> & {
  /** Scripted model turns, answered in order; a request after the last step fails ("local script exhausted"). */
  script?: ScriptStep[];
};

/**
 * Starts a local Bedrock for a test: on loopback, on a free port, answered by the rule-based ReAct policy
 * unless `script` (or `model`) says otherwise. Close it after the test (`await server.close()`).
 *
 * @example
 * ```ts
 * const server = await startTestBedrock({ script: [{ toolUse: [{ name: "lookup_order", input: { orderId: "A-1" } }] }, { text: "Shipped." }] });
 * const agent = createAgent({ model: testModel(server), tools: [lookupOrder] });
 * expect((await agent.invoke("Where is A-1?")).answer).toBe("Shipped.");
 * await server.close();
 * ```
 */
export function startTestBedrock(options: TestBedrockOptions = {}): Promise<LocalBedrock> {
  return startLocalBedrock({ model: createReactPolicy(), host: "127.0.0.1", port: 0, ...options });
}

/** The model id test configs use (any id Bedrock knows works with the local Bedrock). */
export const TEST_MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

/**
 * A model config that points at a local Bedrock, with retries that wait milliseconds instead of seconds,
 * so fault-injection tests stay fast.
 */
export function testModel(
  server: Pick<LocalBedrock, "url">,
  overrides: ModelConfigInput = {},
): ModelConfigInput {
  return {
    modelId: TEST_MODEL_ID,
    endpoint: server.url,
    retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  };
}
