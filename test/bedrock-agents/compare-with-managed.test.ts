import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent } from "../../src/agent/create-agent.ts";
import {
  compareWithManaged,
  managedTrajectory,
  readRecording,
  runForComparison,
} from "../../src/bedrock-agents/index.ts";
import { agentOutput, agentTarget } from "../../src/evals/target.ts";
import type { ScriptStep } from "../../src/local/script.ts";
import { defineTool } from "../../src/tools/define-tool.ts";
import { INSURANCE_KB_ID, insuranceKbAgent } from "../helpers/insurance-kb-agent.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { createFeatureRequestTool } from "./fixtures/feature-request-agent.ts";

const RECORDING = join(import.meta.dirname, "fixtures/managed-traces/feature-request.json");

/** The managed agent's action group `manage-feature-request`, as Glassbox tools named like its operations. */
const featureRequestTools = () => [
  createFeatureRequestTool(),
  defineTool({
    name: "manage-feature-request__updateFeatureRequest",
    description: "Updates an existing feature request",
    input: z.object({ featureRequestID: z.string(), customerName: z.string() }),
    run: async () => ({ updated: true }),
  }),
];

async function runGlassbox(script: ScriptStep[], question: string) {
  const server = await localBedrock({ script });
  const agent = createAgent({ model: localModel(server), tools: featureRequestTools() });
  return agentTarget(agent)(question, { signal: new AbortController().signal, runKey: "compare" });
}

const score = (scores: { key: string; score: unknown }[], key: string) =>
  scores.find((result) => result.key === key)?.score;

describe("comparing a Glassbox run with a recorded managed run", () => {
  it("scores a run that makes the managed agent's call with its arguments as matching everywhere", async () => {
    const managed = managedTrajectory(await readRecording(RECORDING));
    const [call] = managed.toolCalls;
    const output = await runGlassbox(
      [{ toolUse: [{ name: call?.tool as string, input: call?.args }] }, { text: managed.answer }],
      managed.question,
    );
    const comparison = await compareWithManaged(managed, output);
    expect(comparison.calls).toEqual([
      { managed: call, glassbox: { ...call, agent: "glassbox-agent" }, status: "same" },
    ]);
    expect(comparison.firstDivergence).toBeUndefined();
    expect(score(comparison.scores, "trajectory_exact_order_match")).toBe(true);
    expect(score(comparison.scores, "trajectory_in_order_match")).toBe(true);
    expect(score(comparison.scores, "trajectory_any_order_match")).toBe(true);
    expect(score(comparison.scores, "tool_args_match")).toBe(true);
    expect(score(comparison.scores, "tool_selection_accuracy")).toBe(1);
    expect(score(comparison.scores, "tool_parameter_accuracy")).toBe(1);
    expect(score(comparison.scores, "token_f1")).toBe(1);
    expect(comparison.answersEqual).toBe(true);
  });

  it("marks where the runs diverge: other arguments, an extra call; order-free matches still pass", async () => {
    const managed = managedTrajectory(await readRecording(RECORDING));
    const args = { ...(managed.toolCalls[0]?.args as Record<string, unknown>), customerName: "Samuel" };
    const output = await runGlassbox(
      [
        { toolUse: [{ name: "post__manage-feature-request__createFeatureRequest", input: args }] },
        {
          toolUse: [
            {
              name: "manage-feature-request__updateFeatureRequest",
              input: { featureRequestID: "859", customerName: "Samuel" },
            },
          ],
        },
        { text: "Your feature request 859 was created and updated." },
      ],
      managed.question,
    );
    const comparison = await compareWithManaged(managed, output);
    expect(comparison.calls.map((row) => row.status)).toEqual(["args_differ", "glassbox_only"]);
    expect(comparison.calls[0]?.differingArgs).toEqual(["customerName"]);
    expect(comparison.firstDivergence).toBe(0);
    expect(score(comparison.scores, "trajectory_exact_order_match")).toBe(false);
    expect(score(comparison.scores, "trajectory_in_order_match")).toBe(true);
    expect(score(comparison.scores, "trajectory_any_order_match")).toBe(true);
    expect(score(comparison.scores, "tool_args_match")).toBe(false);
    expect(score(comparison.scores, "tool_parameter_accuracy")).toBeCloseTo(2 / 3, 6);
    expect(score(comparison.scores, "tool_selection_accuracy")).toBeCloseTo(2 / 3, 6);
    expect(score(comparison.scores, "token_f1") as number).toBeLessThan(0.5);
    expect(comparison.answersEqual).toBe(false);
  });

  it("a call only the managed agent made shows as a gap on the Glassbox side", async () => {
    const managed = managedTrajectory(await readRecording(RECORDING));
    const output = await runGlassbox([{ text: "What should the feature be called?" }], managed.question);
    const comparison = await compareWithManaged(managed, output);
    expect(comparison.calls).toEqual([{ managed: managed.toolCalls[0], status: "managed_only" }]);
    expect(score(comparison.scores, "trajectory_any_order_match")).toBe(false);
    expect(score(comparison.scores, "tool_selection_accuracy")).toBe(0);
  });

  it("aligns knowledge-base lookups by knowledge base and scores their queries; kb_search is not an action", async () => {
    const managed = managedTrajectory(
      await readRecording(join(import.meta.dirname, "fixtures/managed-traces/insurance-kb.json")),
    );
    expect(managed.knowledgeBaseQueries).toEqual([
      { knowledgeBaseId: INSURANCE_KB_ID, query: "What is the phone number I can call?" },
    ]);
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: `kb_search_${INSURANCE_KB_ID}`, input: { query: "phone number to call" } }] },
        { text: "You can call 1-800-123-4567 for claims questions." },
      ],
    });
    const { result, retrievals } = await runForComparison(await insuranceKbAgent(server), managed.question);
    const comparison = await compareWithManaged(managed, agentOutput(result), { retrievals });
    expect(comparison.knowledgeBaseQueries).toEqual([
      {
        managed: { knowledgeBaseId: INSURANCE_KB_ID, query: "What is the phone number I can call?" },
        glassbox: expect.objectContaining({ dataSourceId: INSURANCE_KB_ID, query: "phone number to call" }),
        status: "same_knowledge_base",
        // SQuAD F1 drops articles: {phone, number, to, call} vs {what, is, phone, number, i, can, call}.
        queryF1: expect.closeTo((2 * (3 / 4) * (3 / 7)) / (3 / 4 + 3 / 7), 5),
      },
    ]);
    // The search is the lookup's counterpart, not an extra call: the (empty) trajectories agree.
    expect(comparison.calls).toEqual([]);
    expect(comparison.firstDivergence).toBeUndefined();
    expect(score(comparison.scores, "trajectory_exact_order_match")).toBe(true);
    expect(score(comparison.scores, "knowledge_base_query_match")).toBeCloseTo(0.545, 3);

    // A search of another knowledge base does not count as the managed lookup.
    const elsewhere = await compareWithManaged(managed, agentOutput(result), {
      retrievals: retrievals.map((search) => ({ ...search, dataSourceId: "OTHERKB001" })),
    });
    expect(elsewhere.knowledgeBaseQueries.map((row) => row.status)).toEqual([
      "managed_only",
      "glassbox_only",
    ]);
    expect(score(elsewhere.scores, "knowledge_base_query_match")).toBe(0);
  });
});
