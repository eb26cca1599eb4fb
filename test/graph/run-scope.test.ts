import { describe, expect, it } from "vitest";
import { createToolAgent } from "../../graphs/tool-agent.ts";
import { runScope } from "../../src/graph/run-scope.ts";
import { disabledTelemetry } from "../../src/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

describe("run scope", () => {
  it("keeps one model for every thought of a run without a thread under a traffic split", async () => {
    const server = await localBedrock();
    const agent = createToolAgent({
      model: localModel(server, {
        streaming: false,
        trafficSplit: [
          { modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", weight: 1 },
          { modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0", weight: 1 },
        ],
      }),
    });
    const models = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const result = await agent.invoke("What is 17% of 2,340 plus 12?");
      const used = new Set(result.steps.flatMap((step) => (step.kind === "thought" ? [step.modelId] : [])));
      expect(used).toEqual(new Set([result.modelId]));
      models.add(result.modelId);
    }
    expect(models.size).toBe(2); // runs still spread over the split
  });

  it("reads a run's identity from its config once per config object", () => {
    const scope = runScope(disabledTelemetry());
    const config = { configurable: { thread_id: "t-1" }, context: { attributes: { team: "a" } } };
    const first = scope(config);
    expect(first.threadId).toBe("t-1");
    expect(first.scope.common).toEqual({ team: "a", "gen_ai.conversation.id": "t-1", "session.id": "t-1" });
    expect(scope(config)).toBe(first);
    expect(scope({ ...config })).not.toBe(first);
  });
});
