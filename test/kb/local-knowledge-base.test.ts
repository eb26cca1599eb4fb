import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../../src/kb/embedder.ts";
import { openLocalKnowledgeBase } from "../../src/kb/local-knowledge-base.ts";
import { makeDocx, makePdf, tempDir } from "../helpers/fixtures.ts";

function corpus() {
  const dir = tempDir();
  writeFileSync(
    join(dir, "vacation.md"),
    "# Vacation\n\nEmployees get 25 days of paid vacation per year. Unused days expire in March.",
  );
  writeFileSync(
    join(dir, "vacation.md.metadata.json"),
    JSON.stringify({ metadataAttributes: { department: "hr", year: 2024, tags: ["leave", "benefits"] } }),
  );
  writeFileSync(
    join(dir, "travel.html"),
    "<h1>Travel</h1><p>Economy class for flights under six hours. Hotels up to 180 EUR a night.</p>",
  );
  writeFileSync(
    join(dir, "travel.html.metadata.json"),
    JSON.stringify({
      metadataAttributes: { department: { value: { type: "STRING", stringValue: "finance" } }, year: 2023 },
    }),
  );
  writeFileSync(
    join(dir, "security.pdf"),
    makePdf(["Laptops must use disk encryption.", "Report phishing to security within one hour."]),
  );
  writeFileSync(
    join(dir, "remote.docx"),
    makeDocx(["Remote work is allowed two days a week with manager approval."]),
  );
  writeFileSync(
    join(dir, "contacts.json"),
    JSON.stringify({ helpdesk: { phone: "555-0100", hours: "8 to 18" } }),
  );
  writeFileSync(join(dir, "broken.pdf"), "this is not a pdf");
  writeFileSync(join(dir, "logo.png"), "png");
  return dir;
}

describe("LocalKnowledgeBase ingest", () => {
  it("ingests every format with sidecar metadata and reserved keys, reporting unreadable files", async () => {
    const dir = corpus();
    const kb = openLocalKnowledgeBase({ path: join(tempDir(), "kb.sqlite"), id: "policies" });
    const report = await kb.ingestDirectory(dir, { dataSourceId: "handbook", sourceUriPrefix: "s3://acme/" });
    expect(report).toMatchObject({ added: 5, updated: 0, unchanged: 0, deleted: 0 });
    expect(report.failed).toEqual([{ path: join(dir, "broken.pdf"), error: "not a PDF (no %PDF- header)" }]);
    expect(report.skipped).toEqual([{ path: join(dir, "logo.png"), reason: "unsupported file type" }]);

    const { retrievalResults } = await kb.retrieve({ retrievalQuery: { text: "how many vacation days" } });
    const top = retrievalResults[0];
    expect(top?.content.text).toContain("25 days of paid vacation");
    expect(top?.location).toEqual({ type: "S3", s3Location: { uri: "s3://acme/vacation.md" } });
    expect(top?.metadata).toMatchObject({
      department: "hr",
      year: 2024,
      tags: ["leave", "benefits"],
      "x-amz-bedrock-kb-source-uri": "s3://acme/vacation.md",
      "x-amz-bedrock-kb-data-source-id": "handbook",
    });
    expect(top?.metadata?.["x-amz-bedrock-kb-chunk-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(top?.score).toBeGreaterThan(0);
    expect(top?.score).toBeLessThanOrEqual(1);

    const pdf = await kb.retrieve({ retrievalQuery: { text: "phishing report" } });
    expect(pdf.retrievalResults[0]?.metadata?.["x-amz-bedrock-kb-document-page-number"]).toBe(2);
    const docx = await kb.retrieve({ retrievalQuery: { text: "remote work days" } });
    expect(docx.retrievalResults[0]?.content.text).toContain("manager approval");
    const json = await kb.retrieve({ retrievalQuery: { text: "helpdesk phone" } });
    expect(json.retrievalResults[0]?.content.text).toContain("555-0100");
    kb.close();
  });

  it("syncs incrementally: unchanged files are skipped, changed ones re-indexed, deleted ones removed", async () => {
    const dir = corpus();
    const path = join(tempDir(), "kb.sqlite");
    let kb = openLocalKnowledgeBase({ path });
    await kb.ingestDirectory(dir);
    kb.close();
    writeFileSync(join(dir, "vacation.md"), "# Vacation\n\nEmployees get 30 days of paid vacation per year.");
    rmSync(join(dir, "travel.html"));
    rmSync(join(dir, "travel.html.metadata.json"));
    kb = openLocalKnowledgeBase({ path });
    const report = await kb.ingestDirectory(dir);
    expect(report).toMatchObject({ added: 0, updated: 1, unchanged: 3, deleted: 1 });
    const vacation = await kb.retrieve({ retrievalQuery: { text: "vacation days" } });
    expect(vacation.retrievalResults[0]?.content.text).toContain("30 days");
    expect(vacation.retrievalResults.some((r) => r.content.text?.includes("25 days"))).toBe(false);
    const travel = await kb.retrieve({ retrievalQuery: { text: "hotel night economy flights" } });
    expect(travel.retrievalResults.some((r) => r.content.text?.includes("Economy"))).toBe(false);
    // A changed sidecar alone re-indexes its file.
    writeFileSync(
      join(dir, "vacation.md.metadata.json"),
      JSON.stringify({ metadataAttributes: { department: "people" } }),
    );
    expect(await kb.ingestDirectory(dir)).toMatchObject({ updated: 1, unchanged: 3 });
    expect(kb.stats()).toMatchObject({ documents: 4 });
    kb.close();
  });

  it("refuses a file built with another embedder, naming both", async () => {
    const path = join(tempDir(), "kb.sqlite");
    const kb = openLocalKnowledgeBase({ path });
    await kb.ingestDocuments([{ id: "a", text: "alpha" }]);
    kb.close();
    expect(() => openLocalKnowledgeBase({ path, embedder: createHashingEmbedder(64) })).toThrow(
      /hashing-1024.*hashing-64/,
    );
  });

  it("reports a bad sidecar and keeps going", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.txt"), "alpha text");
    writeFileSync(
      join(dir, "a.txt.metadata.json"),
      JSON.stringify({ metadataAttributes: { "x-amz-bedrock-kb-source-uri": "x" } }),
    );
    writeFileSync(join(dir, "b.txt"), "beta text");
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "c.txt"), "gamma text");
    const kb = openLocalKnowledgeBase({ path: ":memory:" });
    const report = await kb.ingestDirectory(dir);
    expect(report.added).toBe(2);
    expect(report.failed[0]?.error).toMatch(/reserved key/);
    const found = await kb.retrieve({ retrievalQuery: { text: "gamma" } });
    expect(found.retrievalResults[0]?.documentId).toBe("sub/c.txt");
  });
});

describe("LocalKnowledgeBase retrieve", () => {
  const docs = Array.from({ length: 12 }, (_, i) => ({
    id: `doc-${i}`,
    text: `Policy ${i} covers expenses for team ${i % 3}. ${i % 2 ? "Receipts are required." : "No receipt needed."}`,
    metadata: { team: `t${i % 3}`, index: i, ...(i % 4 === 0 ? { region: "eu" } : {}) },
  }));

  it("filters with every operator before ranking, absent keys included", async () => {
    const kb = openLocalKnowledgeBase({ path: ":memory:" });
    await kb.ingestDocuments(docs, { chunking: { chunkingStrategy: "NONE" } });
    const ids = async (filter: object) =>
      (
        await kb.retrieve({
          retrievalQuery: { text: "policy expenses" },
          retrievalConfiguration: {
            vectorSearchConfiguration: { numberOfResults: 100, filter: filter as never },
          },
        })
      ).retrievalResults
        .map((r) => r.documentId)
        .sort();
    expect(await ids({ equals: { key: "team", value: "t1" } })).toEqual([
      "doc-1",
      "doc-10",
      "doc-4",
      "doc-7",
    ]);
    expect((await ids({ notEquals: { key: "region", value: "eu" } })).length).toBe(9);
    expect(
      await ids({
        andAll: [
          { greaterThanOrEquals: { key: "index", value: 9 } },
          { lessThan: { key: "index", value: 11 } },
        ],
      }),
    ).toEqual(["doc-10", "doc-9"]);
  });

  it("pages with nextToken and honours numberOfResults and search types", async () => {
    const kb = openLocalKnowledgeBase({ path: ":memory:" });
    await kb.ingestDocuments(docs, { chunking: { chunkingStrategy: "NONE" } });
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await kb.retrieve({
        retrievalQuery: { text: "policy receipts" },
        retrievalConfiguration: {
          vectorSearchConfiguration: { numberOfResults: 5, overrideSearchType: "HYBRID" },
        },
        ...(nextToken ? { nextToken } : {}),
      });
      expect(page.retrievalResults.length).toBeLessThanOrEqual(5);
      seen.push(...page.retrievalResults.map((r) => r.documentId as string));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(12);
    const semantic = await kb.retrieve({
      retrievalQuery: { text: "Receipts are required" },
      retrievalConfiguration: {
        vectorSearchConfiguration: { numberOfResults: 3, overrideSearchType: "SEMANTIC" },
      },
    });
    expect(semantic.retrievalResults).toHaveLength(3);
    expect(semantic.retrievalResults[0]?.content.text).toContain("Receipts are required");
    await expect(kb.retrieve({ retrievalQuery: { text: "x" }, nextToken: "garbage" })).rejects.toThrow(
      /nextToken/,
    );
    await expect(
      kb.retrieve({
        retrievalQuery: { text: "x" },
        retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 101 } },
      }),
    ).rejects.toThrow(/numberOfResults|100/);
  });

  it("HYBRID with a vector weight of 0 is BM25, embedding the query only to fill k as Bedrock does", async () => {
    const inner = createHashingEmbedder();
    let embedded = 0;
    const counting = (hybridWeight: number) => ({
      id: inner.id,
      dimensions: inner.dimensions,
      hybridWeight,
      embed: (texts: string[]) => {
        embedded += texts.length;
        return inner.embed(texts);
      },
    });
    const kb = openLocalKnowledgeBase({ path: ":memory:", embedder: counting(0) });
    await kb.ingestDocuments(docs, { chunking: { chunkingStrategy: "NONE" } });
    embedded = 0;
    for (const text of ["receipts required", "team 2 expenses"]) {
      const hybrid = await kb.search(text, { k: 5, type: "HYBRID" });
      expect(hybrid).toEqual(await kb.search(text, { k: 5, type: "BM25" }));
    }
    expect(embedded).toBe(0);
    // Too few lexical matches: Bedrock's HYBRID still returns k, the vector list filling in last, at 0.
    expect(await kb.search("nothing matches zzz", { k: 5, type: "BM25" })).toEqual([]);
    const filled = await kb.search("nothing matches zzz", { k: 5, type: "HYBRID" });
    expect(filled).toHaveLength(5);
    expect(filled.map((hit) => hit.score)).toEqual([0, 0, 0, 0, 0]);
    expect(embedded).toBe(1);
    expect((await kb.search("receipts required", { k: 5, type: "HYBRID" })).length).toBeGreaterThan(0);
    // With any vector weight the query is embedded (and the vector list fused in).
    const weighted = openLocalKnowledgeBase({ path: ":memory:", embedder: counting(0.3) });
    await weighted.ingestDocuments(docs, { chunking: { chunkingStrategy: "NONE" } });
    embedded = 0;
    await weighted.search("receipts required", { k: 5, type: "HYBRID" });
    expect(embedded).toBe(1);
    // A BM25 weight of 0 is SEMANTIC, without the lexical list.
    const semanticOnly = openLocalKnowledgeBase({
      path: ":memory:",
      embedder: counting(0.3),
      fusionWeights: [0, 1],
    });
    await semanticOnly.ingestDocuments(docs, { chunking: { chunkingStrategy: "NONE" } });
    expect(await semanticOnly.search("receipts required", { k: 5, type: "HYBRID" })).toEqual(
      await semanticOnly.search("receipts required", { k: 5, type: "SEMANTIC" }),
    );
  });

  it("HIERARCHICAL returns each parent once, in place of its children", async () => {
    const kb = openLocalKnowledgeBase({ path: ":memory:" });
    const text = Array.from(
      { length: 40 },
      (_, i) => `Clause ${i} says that ${i === 17 ? "badges must be worn on site" : "normal rules apply"}.`,
    ).join(" ");
    await kb.ingestDocuments([{ id: "handbook", text }], {
      chunking: {
        chunkingStrategy: "HIERARCHICAL",
        hierarchicalChunkingConfiguration: {
          levelConfigurations: [{ maxTokens: 100 }, { maxTokens: 20 }],
          overlapTokens: 5,
        },
      },
    });
    const { retrievalResults } = await kb.retrieve({
      retrievalQuery: { text: "badges worn on site" },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } },
    });
    const top = retrievalResults[0]?.content.text ?? "";
    expect(top).toContain("badges must be worn");
    expect(top.split("Clause").length - 1).toBeGreaterThan(4); // the parent, not the 20-token child
    const ids = retrievalResults.map((r) => r.metadata?.["x-amz-bedrock-kb-chunk-id"]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("reranking re-orders by query-term coverage", async () => {
    const kb = openLocalKnowledgeBase({ path: ":memory:" });
    await kb.ingestDocuments(
      [
        { id: "a", text: "parking parking parking parking garage" },
        { id: "b", text: "parking permit for the visitor garage" },
      ],
      { chunking: { chunkingStrategy: "NONE" } },
    );
    const plain = await kb.retrieve({
      retrievalQuery: { text: "visitor parking permit" },
      retrievalConfiguration: { vectorSearchConfiguration: { overrideSearchType: "SEMANTIC" } },
    });
    const reranked = await kb.retrieve({
      retrievalQuery: { text: "visitor parking permit" },
      retrievalConfiguration: {
        vectorSearchConfiguration: {
          overrideSearchType: "SEMANTIC",
          rerankingConfiguration: {
            type: "BEDROCK_RERANKING_MODEL",
            bedrockRerankingConfiguration: {
              modelConfiguration: {
                modelArn: "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0",
              },
            },
          },
        },
      },
    });
    expect(reranked.retrievalResults[0]?.documentId).toBe("b");
    expect(plain.retrievalResults).toHaveLength(2);
  });
});
