import { RetrieveAndGenerateCommand, RetrieveCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { describe, expect, it } from "vitest";
import {
  createAgentRuntimeClient,
  createBedrockKnowledgeBase,
  createTitanEmbedder,
} from "../../src/kb/index.ts";
import { sampleKnowledgeBase } from "../../src/testing/index.ts";
import { defaultGuardrails } from "../helpers/guardrails.ts";
import { localBedrock, sdkClient } from "../helpers/local-bedrock.ts";

async function serverWithKb() {
  const kb = await sampleKnowledgeBase({
    id: "KB12345678",
    chunking: { chunkingStrategy: "NONE" },
    documents: [
      {
        id: "s3://acme/vacation.md",
        uri: "s3://acme/vacation.md",
        text: "Employees get 25 days of paid vacation per year. Unused days expire at the end of March.",
        metadata: { department: "hr", year: 2024 },
      },
      {
        id: "s3://acme/travel.md",
        uri: "s3://acme/travel.md",
        text: "Hotels are capped at 180 EUR per night. Flights under six hours are economy.",
        metadata: { department: "finance", year: 2023 },
      },
    ],
  });
  const server = await localBedrock({
    knowledgeBases: (id) => (id === kb.id ? kb : undefined),
    guardrails: defaultGuardrails({ id: "grlocal1", version: "1" }),
  });
  return { server, kb, client: createAgentRuntimeClient({ endpoint: server.url }) };
}

describe("local Retrieve / RetrieveAndGenerate with the real SDK", () => {
  it("RetrieveCommand works unchanged: filter, search type, results with content, location, metadata, score", async () => {
    const { client } = await serverWithKb();
    const response = await client.send(
      new RetrieveCommand({
        knowledgeBaseId: "KB12345678",
        retrievalQuery: { text: "hotel cost per night" },
        retrievalConfiguration: {
          vectorSearchConfiguration: {
            numberOfResults: 1,
            overrideSearchType: "HYBRID",
            filter: {
              orAll: [
                { equals: { key: "department", value: "finance" } },
                { greaterThan: { key: "year", value: 2030 } },
              ],
            },
          },
        },
      }),
    );
    expect(response.retrievalResults).toHaveLength(1);
    const [result] = response.retrievalResults ?? [];
    expect(result?.content).toEqual({ type: "TEXT", text: expect.stringContaining("180 EUR") });
    expect(result?.location).toEqual({ type: "S3", s3Location: { uri: "s3://acme/travel.md" } });
    expect(result?.metadata?.department).toBe("finance");
    expect(result?.score).toBeGreaterThan(0);
    expect(response.nextToken).toBeUndefined(); // the filter leaves one document
  });

  it("errors come back as Bedrock exceptions", async () => {
    const { client } = await serverWithKb();
    await expect(
      client.send(new RetrieveCommand({ knowledgeBaseId: "NOPE000000", retrievalQuery: { text: "x" } })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      client.send(new RetrieveCommand({ knowledgeBaseId: "NOPE", retrievalQuery: { text: "x" } })),
    ).rejects.toMatchObject({ name: "ValidationException", $metadata: { httpStatusCode: 400 } });
    await expect(
      client.send(
        new RetrieveCommand({
          knowledgeBaseId: "KB12345678",
          retrievalQuery: { text: "x" },
          retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 500 } },
        }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringMatching(/numberOfResults/),
    });
  });

  it("RetrieveAndGenerateCommand answers extractively with citations in Bedrock's shape", async () => {
    const { client } = await serverWithKb();
    const response = await client.send(
      new RetrieveAndGenerateCommand({
        input: { text: "How many vacation days do employees get?" },
        retrieveAndGenerateConfiguration: {
          type: "KNOWLEDGE_BASE",
          knowledgeBaseConfiguration: {
            knowledgeBaseId: "KB12345678",
            modelArn: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 2 } },
          },
        },
      }),
    );
    expect(response.output?.text).toBe("Employees get 25 days of paid vacation per year.");
    expect(response.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const [citation] = response.citations ?? [];
    expect(citation?.generatedResponsePart?.textResponsePart).toEqual({
      text: "Employees get 25 days of paid vacation per year.",
      span: { start: 0, end: 47 },
    });
    expect(citation?.retrievedReferences?.[0]?.location?.s3Location?.uri).toBe("s3://acme/vacation.md");
    expect(citation?.retrievedReferences?.[0]?.content?.text).toContain("25 days");
  });

  it("BedrockKnowledgeBase sends every Retrieve field, guardrailConfiguration included", async () => {
    const { server } = await serverWithKb();
    const kb = createBedrockKnowledgeBase({ knowledgeBaseId: "KB12345678", endpoint: server.url });
    const request = {
      retrievalQuery: { text: "vacation" },
      retrievalConfiguration: {
        vectorSearchConfiguration: {
          numberOfResults: 1,
          overrideSearchType: "SEMANTIC" as const,
          filter: {
            andAll: [
              { notEquals: { key: "department", value: "finance" } },
              { startsWith: { key: "department", value: "h" } },
            ],
          },
          rerankingConfiguration: {
            type: "BEDROCK_RERANKING_MODEL" as const,
            bedrockRerankingConfiguration: {
              modelConfiguration: {
                modelArn: "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0",
              },
              numberOfRerankedResults: 5,
            },
          },
        },
      },
      guardrailConfiguration: { guardrailId: "grlocal1", guardrailVersion: "1" },
    };
    const first = await kb.retrieve(request);
    expect(first.retrievalResults[0]?.content.text).toContain("25 days");
    expect(first.guardrailAction).toBe("NONE");
    const [entry] = server.requests.all("Retrieve");
    expect(entry?.path).toBe("/knowledgebases/KB12345678/retrieve");
    expect(entry?.body).toEqual(request);
  });
});

describe("Titan Text Embeddings V2 embedder", () => {
  it("calls InvokeModel with inputText, dimensions and normalize", async () => {
    const server = await localBedrock();
    const bodies: unknown[] = [];
    server.addRoute({
      method: "POST",
      pattern: /^\/model\/([^/]+)\/invoke$/,
      operation: "InvokeModel",
      async handle({ res, body }) {
        bodies.push(body);
        const json = JSON.stringify({ embedding: [0.6, 0.8, 0, 0], inputTextTokenCount: 3 });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(json);
      },
    });
    const embedder = createTitanEmbedder({ client: sdkClient(server.url), dimensions: 256 });
    await expect(embedder.embed(["hello"])).rejects.toThrow(/4 dimensions, expected 256/);
    expect(bodies[0]).toEqual({ inputText: "hello", dimensions: 256, normalize: true });
    expect(server.requests.all("InvokeModel")[0]?.path).toBe("/model/amazon.titan-embed-text-v2%3A0/invoke");
  });
});

describe("malformed ids in the request path", () => {
  it.each([
    ["/knowledgebases/%E0%A4%A/retrieve", "knowledge base id", { retrievalQuery: { text: "x" } }],
    ["/model/%zz/converse", "model identifier", {}],
    [
      "/guardrail/%/version/1/apply",
      "guardrail identifier",
      { source: "INPUT", content: [{ text: { text: "x" } }] },
    ],
  ])("POST %s is a 400 ValidationException, not a 500", async (path, what, body) => {
    const server = await localBedrock();
    const response = await fetch(`${server.url}${path}`, { method: "POST", body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toMatch(/^ValidationException/);
    expect(await response.json()).toEqual({
      message: `The ${what} in the request path is not valid percent-encoding.`,
    });
  });
});
