import { afterEach, describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/index.ts";
import type { RetrievalReport, SourceCheck } from "../../src/graph/index.ts";
import { knowledgeBaseParts } from "../../src/kb/index.ts";
import { setupTelemetry, type Telemetry } from "../../src/telemetry/index.ts";
import { ATTR, sampleKnowledgeBase } from "../../src/testing/index.ts";
import { converseBodies, localBedrock, localModel } from "../helpers/local-bedrock.ts";

async function policies() {
  const kb = await sampleKnowledgeBase({
    id: "policies",
    dataSourceId: "handbook",
    documents: [
      {
        id: "vacation.md",
        text: "Employees get 25 days of paid vacation per year. Unused days expire at the end of March.",
        metadata: { department: "hr" },
      },
      {
        id: "travel.md",
        text: "Flights under six hours are booked in economy class. Hotels are capped at 180 EUR per night.",
        metadata: { department: "finance" },
      },
      {
        id: "security.md",
        text: "Report phishing emails to the security team within one hour. Laptops use disk encryption.",
        metadata: { department: "it" },
      },
    ],
  });
  return kb;
}

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

describe("knowledge base in the graph", () => {
  it("RAG: retrieves before think, sends document blocks, answers with citations and a retrieval span", async () => {
    const server = await localBedrock();
    const kb = await policies();
    telemetry = setupTelemetry({ exporters: [{ type: "memory" }] });
    const parts = knowledgeBaseParts({ retriever: kb, numberOfResults: 2, telemetry });
    const agent = createAgent({ model: localModel(server, { streaming: false }), telemetry, ...parts });
    const result = await agent.invoke("How many vacation days do employees get?", { threadId: "t-1" });

    expect(result.outcome).toBe("answered");
    expect(result.answer).toContain("Employees get 25 days of paid vacation per year.");
    expect(result.answer).not.toContain("[S1]");
    const [body] = converseBodies(server, "Converse") as Array<{
      messages: Array<{ content: Array<Record<string, unknown>> }>;
    }>;
    const content = body?.messages[0]?.content ?? [];
    expect(content[0]).toMatchObject({
      document: { format: "txt", name: "S1", source: { text: expect.stringContaining("25 days") } },
    });
    expect(content.at(-1)).toEqual({ text: "How many vacation days do employees get?" });

    const citation = result.citations?.[0];
    expect(citation?.sourceIds).toEqual(["S1"]);
    const span = citation?.generatedResponsePart.textResponsePart.span;
    expect(result.answer.slice(span?.start, (span?.end ?? 0) + 1)).toBe(
      citation?.generatedResponsePart.textResponsePart.text,
    );
    expect(citation?.retrievedReferences[0]?.metadata?.["x-amz-bedrock-kb-source-uri"]).toBe("vacation.md");

    const retrieval = telemetry.memory?.getFinishedSpans().find((s) => s.name === "retrieval policies");
    expect(retrieval?.attributes[ATTR.dataSourceId]).toBe("policies");
    expect(retrieval?.attributes[ATTR.operationName]).toBe("retrieval");
    expect(retrieval?.attributes[ATTR.retrievalTopK]).toBe(2);
    // Only vacation.md shares a term with the question; HYBRID with the hashing embedder (vector weight 0)
    // ranks it first and, as Bedrock returns numberOfResults, fills the list from the vector side at score 0.
    const ids = retrieval?.attributes[ATTR.retrievalResultIds] as string[] | undefined;
    expect(ids).toHaveLength(2);
    expect(ids?.[0]).toBe(citation?.retrievedReferences[0]?.metadata?.["x-amz-bedrock-kb-chunk-id"]);
    const scores = retrieval?.attributes[ATTR.retrievalResultScores] as number[] | undefined;
    expect(scores?.[0]).toBeGreaterThan(0);
    expect(scores?.[1]).toBe(0);
    expect(retrieval?.attributes[ATTR.conversationId]).toBe("t-1");
    expect(retrieval?.attributes[ATTR.retrievalQuery]).toBeUndefined();
  });

  it("kb_search tool: the model searches, the sources node numbers and checks the passages, citations follow", async () => {
    const server = await localBedrock();
    const kb = await policies();
    const checked: string[][] = [];
    const redact: SourceCheck = async (sources) => {
      checked.push(sources.map((s) => s.id));
      return { sources: sources.map((s) => ({ ...s, text: s.text.replace(/180 EUR/g, "[REDACTED]") })) };
    };
    const parts = knowledgeBaseParts({
      retriever: kb,
      rag: false,
      tool: true,
      checkSources: redact,
      numberOfResults: 1,
    });
    const agent = createAgent({ model: localModel(server, { streaming: false }), ...parts });
    const result = await agent.invoke("What is the hotel cap per night?");
    expect(result.steps.filter((s) => s.kind === "action").map((s) => (s as { tool: string }).tool)).toEqual([
      "kb_search",
    ]);
    expect(checked).toEqual([["S1"]]);
    // The model read the checked (redacted) passage, not the raw one.
    const bodies = converseBodies(server, "Converse") as Array<{
      messages: Array<{ content: Array<Record<string, unknown>> }>;
    }>;
    const toolResult = JSON.stringify(bodies[1]?.messages.at(-1));
    expect(toolResult).toContain("[REDACTED]");
    expect(toolResult).not.toContain("180 EUR");
    expect(result.answer).toContain("Hotels are capped at [REDACTED] per night.");
    expect(result.citations?.[0]?.sourceIds).toEqual(["S1"]);
  });

  it("retrieval events carry the knowledge base and the query (node and kb_search); the span only with content capture", async () => {
    const server = await localBedrock();
    const kb = await policies();
    const retrievals = async (options: Parameters<typeof knowledgeBaseParts>[0], question: string) => {
      const agent = createAgent({
        model: localModel(server, { streaming: false }),
        ...knowledgeBaseParts(options),
      });
      const events: RetrievalReport[] = [];
      const queries: unknown[] = [];
      for await (const event of agent.stream(question)) {
        if (event.type === "retrieval") events.push(event.retrieval);
        if (event.type === "action") queries.push((event.step.input as { query?: string }).query);
      }
      return { events, queries };
    };
    const rag = await retrievals({ retriever: kb, numberOfResults: 1 }, "How many vacation days?");
    expect(rag.events).toMatchObject([
      { node: "retrieve", dataSourceId: "policies", query: "How many vacation days?" },
    ]);
    const tool = await retrievals(
      { retriever: kb, rag: false, tool: true, numberOfResults: 1 },
      "What is the hotel cap per night?",
    );
    // The query the model sent to kb_search, not the user's question.
    expect(tool.queries).toHaveLength(1);
    expect(tool.events).toMatchObject([
      { node: "kb_search_sources", dataSourceId: "policies", query: tool.queries[0] },
    ]);
    expect(tool.events[0]?.passages).toHaveLength(1);

    telemetry = setupTelemetry({ exporters: [{ type: "memory" }], captureContent: true });
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      telemetry,
      ...knowledgeBaseParts({ retriever: kb, numberOfResults: 1, telemetry }),
    });
    await agent.invoke("How many vacation days?");
    const span = telemetry.memory?.getFinishedSpans().find((s) => s.name === "retrieval policies");
    expect(span?.attributes[ATTR.retrievalQuery]).toBe("How many vacation days?");
  });

  it("a blocking source check ends the run before the model sees the passages", async () => {
    const server = await localBedrock();
    const kb = await policies();
    const block: SourceCheck = async () => ({
      sources: [],
      blocked: { message: "Retrieved content violates policy." },
    });
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      ...knowledgeBaseParts({ retriever: kb, checkSources: block }),
    });
    const result = await agent.invoke("How do I report phishing?");
    expect(result.outcome).toBe("guardrail_intervened");
    expect(result.outcomeDetail).toMatch(/blocked: Retrieved content violates policy/);
    expect(result.answer).toBe("Retrieved content violates policy.");
    expect(converseBodies(server, "Converse")).toHaveLength(0);
  });

  it("a filter limits what the retrieval node passes on", async () => {
    const kb = await policies();
    // The question matches the vacation and the security policy; the filter keeps the IT one only.
    const question = "How many vacation days do employees get, and where do I report phishing emails?";
    const documentsSent = async (filter?: { equals: { key: string; value: string } }) => {
      const server = await localBedrock();
      const agent = createAgent({
        model: localModel(server),
        ...knowledgeBaseParts({ retriever: kb, ...(filter ? { filter } : {}) }),
      });
      await agent.invoke(question);
      const [body] = converseBodies(server, "ConverseStream") as Array<{
        messages: Array<{ content: Array<{ document?: { source: { text: string } } }> }>;
      }>;
      return (body?.messages[0]?.content ?? []).flatMap((block) =>
        block.document ? [block.document.source.text] : [],
      );
    };
    expect(await documentsSent()).toEqual(
      expect.arrayContaining([expect.stringContaining("vacation"), expect.stringContaining("phishing")]),
    );
    expect(await documentsSent({ equals: { key: "department", value: "it" } })).toEqual([
      expect.stringContaining("phishing"),
    ]);
  });
});
