import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { z } from "zod";
import { buildCitations } from "../kb/citations.ts";
import { knowledgeBasePath } from "../kb/kb-path.ts";
import { openLocalKnowledgeBase } from "../kb/local-knowledge-base.ts";
import {
  RetrievalConfigurationSchema,
  RetrieveGuardrailConfigurationSchema,
  type RetrieveRequest,
  RetrieveRequestSchema,
  type Retriever,
} from "../kb/retriever.ts";
import { toSources } from "../kb/sources.ts";
import { BedrockError, decodePathParam, validation } from "./bedrock-errors.ts";
import { extractiveAnswer, RAG_DISCLOSURE } from "./model/rag-answer.ts";
import type { Route, RouteContext } from "./route.ts";

/** Finds the knowledge base behind an id, or undefined when there is none. */
export type KnowledgeBaseResolver = (knowledgeBaseId: string) => Retriever | undefined;

/**
 * The default resolver: knowledge base `<id>` is the file `<GLASSBOX_KB_DIR or .glassbox/kb>/<id>.sqlite`
 * (what `glassbox kb ingest --kb <id>` writes), opened once and kept open.
 */
export function fileKnowledgeBases(
  env: Record<string, string | undefined> = process.env,
): KnowledgeBaseResolver {
  const open = new Map<string, Retriever>();
  return (id) => {
    const cached = open.get(id);
    if (cached) return cached;
    let path: string;
    try {
      path = knowledgeBasePath(id, env);
    } catch {
      return undefined;
    }
    if (!existsSync(path)) return undefined;
    const kb = openLocalKnowledgeBase({ path, id });
    open.set(id, kb);
    return kb;
  };
}

const RetrieveAndGenerateSchema = z
  .object({
    input: z.object({ text: z.string().min(1) }).strict(),
    retrieveAndGenerateConfiguration: z
      .object({
        type: z.enum(["KNOWLEDGE_BASE", "EXTERNAL_SOURCES"]),
        knowledgeBaseConfiguration: z
          .object({
            knowledgeBaseId: z.string().min(1),
            modelArn: z.string().min(1),
            retrievalConfiguration: RetrievalConfigurationSchema.optional(),
            generationConfiguration: z.record(z.string(), z.unknown()).optional(),
            orchestrationConfiguration: z.record(z.string(), z.unknown()).optional(),
          })
          .strict()
          .optional(),
        externalSourcesConfiguration: z.unknown().optional(),
      })
      .strict()
      .optional(),
    sessionId: z.string().min(2).max(100).optional(),
    sessionConfiguration: z.object({ kmsKeyArn: z.string() }).strict().optional(),
    userContext: z.object({ userId: z.string().optional() }).strict().optional(),
  })
  .strict();

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw validation(
    `1 validation error detected: Value at '${issue?.path.join(".") || "body"}' failed to satisfy constraint: ${issue?.message ?? "invalid"}`,
  );
}

function sendJson(context: RouteContext, body: unknown): void {
  const json = JSON.stringify(body);
  context.res.writeHead(200, {
    "content-type": "application/json",
    "x-amzn-requestid": context.requestId,
    "content-length": Buffer.byteLength(json),
  });
  context.res.end(json);
}

/**
 * `Retrieve` and `RetrieveAndGenerate` of `bedrock-agent-runtime` on the local Bedrock, backed by local
 * knowledge bases. RetrieveAndGenerate answers extractively (sentences quoted from the retrieved chunks,
 * by word overlap), with citations in Bedrock's shape; sessions get an id but no memory.
 */
export function knowledgeBaseRoutes(resolve: KnowledgeBaseResolver = fileKnowledgeBases()): Route[] {
  const find = (id: string): Retriever => {
    const kb = resolve(id);
    if (!kb)
      throw new BedrockError(
        "ResourceNotFoundException",
        `Knowledge base ${id} was not found. Ingest it with: glassbox kb ingest <dir> --kb ${id}`,
      );
    return kb;
  };
  const retrieve = async (kb: Retriever, request: RetrieveRequest) => {
    try {
      return await kb.retrieve(request);
    } catch (error) {
      throw validation((error as Error).message);
    }
  };
  return [
    {
      method: "POST",
      pattern: /^\/knowledgebases\/([^/]+)\/retrieve$/,
      operation: "Retrieve",
      async handle(context) {
        const id = decodePathParam(context.params[0], "knowledge base id");
        const request = parseBody(RetrieveRequestSchema, context.body);
        sendJson(context, await retrieve(find(id), request));
      },
    },
    {
      method: "POST",
      pattern: /^\/retrieveAndGenerate$/,
      operation: "RetrieveAndGenerate",
      async handle(context) {
        const request = parseBody(RetrieveAndGenerateSchema, context.body);
        const config = request.retrieveAndGenerateConfiguration;
        if (config?.type !== "KNOWLEDGE_BASE" || !config.knowledgeBaseConfiguration) {
          throw validation(
            "The local Bedrock supports retrieveAndGenerateConfiguration.type KNOWLEDGE_BASE with knowledgeBaseConfiguration.",
          );
        }
        const { knowledgeBaseId, retrievalConfiguration, generationConfiguration } =
          config.knowledgeBaseConfiguration;
        const guardrail = RetrieveGuardrailConfigurationSchema.optional().safeParse(
          generationConfiguration?.guardrailConfiguration,
        );
        const kb = find(knowledgeBaseId);
        const response = await retrieve(kb, {
          retrievalQuery: { text: request.input.text },
          ...(retrievalConfiguration ? { retrievalConfiguration } : {}),
        });
        const sources = toSources(response.retrievalResults, knowledgeBaseId, 0);
        const marked = extractiveAnswer(
          request.input.text,
          sources.map((source) => ({ label: source.id, text: source.text })),
        ).replace(`\n\n${RAG_DISCLOSURE}`, "");
        const { text, citations } = buildCitations(marked, sources);
        sendJson(context, {
          output: { text },
          citations: citations.map(({ sourceIds: _ids, ...citation }) => citation),
          sessionId: request.sessionId ?? randomUUID(),
          ...(guardrail.success && guardrail.data ? { guardrailAction: "NONE" } : {}),
        });
      },
    },
  ];
}
