import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { createToolAgent } from "../../graphs/tool-agent.ts";
import { describeGraph, layoutGraph } from "../../src/studio/shared/graph-layout.ts";
import { graphInfo } from "../../src/studio/studio-graph.ts";

describe("graph drawing", () => {
  it("describes a compiled agent: roles, conditional edges, the review node", async () => {
    const agent = createToolAgent({ review: { approve: ["calculator"] }, checkpointer: new MemorySaver() });
    const info = await graphInfo({ id: "a", graph: agent.graph as never });
    expect(info.structure.nodes.map((node) => [node.id, node.kind])).toEqual([
      ["__start__", "start"],
      ["think", "model"],
      ["act", "tools"],
      ["review_tools", "review"],
      ["__end__", "end"],
    ]);
    expect(info.structure.edges).toContainEqual({
      source: "think",
      target: "review_tools",
      conditional: true,
    });
    expect(info.structure.edges).toContainEqual({ source: "act", target: "think", conditional: false });
    const layout = layoutGraph(info.structure);
    const y = (id: string) => layout.nodes.find((node) => node.id === id)?.y ?? -1;
    expect(y("__start__")).toBeLessThan(y("think"));
    expect(y("think")).toBeLessThan(y("review_tools"));
    expect(y("review_tools")).toBeLessThan(y("act"));
    expect(y("act")).toBeLessThan(y("__end__"));
    // The loop back from act to think is drawn as a back edge, not a reason to push think down.
    expect(layout.edges.find((edge) => edge.source === "act" && edge.target === "think")?.back).toBe(true);
  });

  it("boxes a sub-agent's nodes (xray ids) and names the guardrail and retrieval nodes", () => {
    const structure = describeGraph({
      nodes: [
        "__start__",
        "guardrail_input",
        "think",
        "act",
        "act:__start__",
        "act:think",
        "act:act",
        "act:__end__",
        "retrieve",
        "audit",
        "__end__",
      ].map((id) => ({ id })),
      edges: [
        { source: "__start__", target: "guardrail_input" },
        { source: "guardrail_input", target: "retrieve" },
        { source: "retrieve", target: "think" },
        { source: "think", target: "act", conditional: true },
        { source: "act:__start__", target: "act:think" },
        { source: "act:think", target: "act:act", conditional: true },
        { source: "act:act", target: "act:think" },
        { source: "act:think", target: "act:__end__", conditional: true },
        { source: "act", target: "audit" },
        { source: "audit", target: "think" },
        { source: "think", target: "__end__", conditional: true },
      ],
    });
    expect(structure.nodes.find((node) => node.id === "act:think")).toEqual({
      id: "act:think",
      label: "think",
      kind: "model",
      subgraph: "act",
    });
    expect(structure.nodes.find((node) => node.id === "guardrail_input")?.kind).toBe("guardrail");
    expect(structure.nodes.find((node) => node.id === "retrieve")?.kind).toBe("retrieval");
    expect(structure.nodes.find((node) => node.id === "audit")?.kind).toBe("extension");
    const layout = layoutGraph(structure);
    const [cluster] = layout.clusters;
    expect(cluster?.name).toBe("act");
    for (const node of layout.nodes.filter((n) => n.subgraph === "act")) {
      expect(node.x).toBeGreaterThanOrEqual(cluster?.x ?? 0);
      expect(node.x + node.width).toBeLessThanOrEqual((cluster?.x ?? 0) + (cluster?.width ?? 0));
    }
    expect(layout.edges.filter((edge) => edge.conditional)).toHaveLength(4);
  });
});
