import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";

const root = join(import.meta.dirname, "../..");
const LanggraphJson = z.object({
  node_version: z.literal("20"),
  graphs: z.record(z.string(), z.string().regex(/^\.\/.+\.ts:\w+$/, "expected ./path.ts:export")),
});
const config = LanggraphJson.parse(JSON.parse(readFileSync(join(root, "langgraph.json"), "utf8")));
const closers: Array<() => Promise<void>> = [];
afterAll(async () => Promise.all(closers.map((close) => close())));

const EXPECTED_NODES: Record<string, string[]> = {
  triage_team: ["think", "act:think", "act:act"],
  handoff_desk: ["front_desk:think", "front_desk:handoff", "policies:retrieve", "calculator:act"],
};

describe("langgraph.json", () => {
  it.each(Object.entries(config.graphs))(
    "%s resolves to a compiled graph Studio can draw",
    async (_id, target) => {
      process.env.GLASSBOX_LOCAL = "1";
      const [file = "", exportName = ""] = target.split(":");
      const module = (await import(join(root, file))) as Record<string, unknown>;
      const local = (module.connection as { local?: { close(): Promise<void> } } | undefined)?.local;
      if (local) closers.push(() => local.close());
      const graph = module[exportName] as {
        getGraphAsync(options?: { xray?: boolean }): Promise<{ nodes: Record<string, unknown> }>;
        invoke: unknown;
      };
      expect(typeof graph.invoke).toBe("function");
      // Teams draw their agents as subgraphs (Studio's xray view): the specialists' own think and act.
      const drawn = await graph.getGraphAsync({ xray: true });
      expect(Object.keys(drawn.nodes)).toEqual(
        expect.arrayContaining(["__start__", "__end__", ...(EXPECTED_NODES[_id] ?? ["think", "act"])]),
      );
    },
  );

  it("has a state schema that marks messages, so Studio shows a chat input", async () => {
    const { AgentState } = await import("../../src/index.ts");
    const schema = AgentState.getJsonSchema() as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties.messages?.langgraph_type).toBe("messages");
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["messages", "steps", "outcome"]));
  });
});
