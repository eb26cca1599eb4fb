import { existsSync } from "node:fs";
import { z } from "zod";
import { KNOWLEDGE_BASE_IDENTIFIER_PATTERN } from "../bedrock-id-patterns.ts";
import type { GuardrailRegistry } from "../guardrails/registry.ts";
import { buildCitations, type Citation } from "../kb/citations.ts";
import { knowledgeBasePath, listKnowledgeBaseNames } from "../kb/kb-path.ts";
import { knowledgeBaseIdFromIdentifier, knowledgeBaseIdOf } from "../kb/knowledge-base-id.ts";
import { openLocalKnowledgeBase } from "../kb/local-knowledge-base.ts";
import { type DocumentFormat, parseDocument } from "../kb/parsers.ts";
import type { RetrieveRequest, RetrieveResponse, Retriever } from "../kb/retriever.ts";
import { toSources } from "../kb/sources.ts";
import { BedrockError, decodePathParam, validation } from "./bedrock-errors.ts";
import { modelString, parseRequest } from "./coral-validation.ts";
import { encodeEvent } from "./event-stream.ts";
import {
  type ExternalSource,
  type GenerationConfiguration,
  type RetrieveAndGenerateBody,
  RetrieveAndGenerateBodySchema,
  RetrieveBodySchema,
  SENSITIVE_MEMBERS,
} from "./knowledge-base-requests.ts";
import { followUpChoice, followUpQuery } from "./model/rag-answer.ts";
import { checkRagModel } from "./rag-model.ts";
import { type RagSession, RagSessions } from "./rag-sessions.ts";
import type { Route } from "./route.ts";
import { sendJson } from "./send-json.ts";

/** Finds the knowledge base behind a 10-character id, or undefined when there is none. */
export type KnowledgeBaseResolver = (knowledgeBaseId: string) => Retriever | undefined;

/**
 * The default resolver: every `<name>.sqlite` in `GLASSBOX_KB_DIR` (default `.glassbox/kb`, what
 * `glassbox kb ingest --kb <name>` writes) is served under the id {@link knowledgeBaseIdOf}(name), opened
 * once and kept open.
 */
export function fileKnowledgeBases(
  env: Record<string, string | undefined> = process.env,
): KnowledgeBaseResolver {
  const open = new Map<string, Retriever>();
  return (id) => {
    const cached = open.get(id);
    if (cached) return cached;
    const name = listKnowledgeBaseNames(env).find((candidate) => knowledgeBaseIdOf(candidate) === id);
    if (!name) return undefined;
    const path = knowledgeBasePath(name, env);
    if (!existsSync(path)) return undefined;
    const kb = openLocalKnowledgeBase({ path, id: name });
    open.set(id, kb);
    return kb;
  };
}

/** Options of {@link knowledgeBaseRoutes}. */
export interface KnowledgeBaseRoutesOptions {
  resolve?: KnowledgeBaseResolver;
  /** Readable names accepted in place of ids (`name → 10-character id`), only those a user configured. */
  aliases?: Readonly<Record<string, string>>;
  /** The guardrails `guardrailConfiguration` may name. */
  guardrails?: GuardrailRegistry;
  /** The session clock (milliseconds), for tests of session expiry. */
  clock?: () => number;
}

const NOT_FOUND =
  "Failed to retrieve resource because it doesn't exist. Retry the request with a different resource identifier.";

const KnowledgeBaseIdentifier = modelString({
  min: 10,
  max: 2048,
  pattern: KNOWLEDGE_BASE_IDENTIFIER_PATTERN,
});

function refuseManagedSearch(configuration: { managedSearchConfiguration?: unknown } | undefined): void {
  if (configuration?.managedSearchConfiguration)
    throw validation(
      "managedSearchConfiguration applies to managed knowledge bases; a local knowledge base is a vector knowledge base: use vectorSearchConfiguration.",
    );
}

/** What RetrieveAndGenerate answers (the stream sends the same, as events). */
interface RagAnswer {
  text: string;
  citations: Array<Omit<Citation, "sourceIds">>;
  sessionId: string;
  guardrailAction?: "INTERVENED" | "NONE";
}

const FORMATS: Readonly<Record<string, DocumentFormat>> = {
  "text/plain": "txt",
  "text/markdown": "md",
  "text/html": "html",
  "application/json": "json",
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
};

/**
 * `Retrieve`, `RetrieveAndGenerate` and `RetrieveAndGenerateStream` of `bedrock-agent-runtime` on the
 * local Bedrock, backed by local knowledge bases. Requests are validated as Bedrock validates them (the
 * service model's lengths, patterns, ranges and enums, Bedrock's wording); knowledge bases are addressed
 * by 10-character ids (aliases only when configured). RetrieveAndGenerate answers extractively (sentences
 * quoted from the retrieved chunks), keeps sessions (the service issues the id; follow-ups are read with
 * the session's earlier question; 24 hours), and serves EXTERNAL_SOURCES documents sent as BYTE_CONTENT.
 */
export function knowledgeBaseRoutes(options: KnowledgeBaseRoutesOptions = {}): Route[] {
  const resolve = options.resolve ?? fileKnowledgeBases();
  const aliases = options.aliases ?? {};
  const sessions = new RagSessions(options.clock ? { clock: options.clock } : {});

  const find = (identifier: string): Retriever => {
    const id = knowledgeBaseIdFromIdentifier(identifier);
    const kb = resolve(id);
    if (!kb)
      throw new BedrockError(
        "ResourceNotFoundException",
        `${NOT_FOUND} (The local Bedrock has no knowledge base ${id}: glassbox kb list shows the ids it serves.)`,
      );
    return kb;
  };
  const retrieve = async (kb: Retriever, request: RetrieveRequest): Promise<RetrieveResponse> => {
    try {
      return await kb.retrieve(request);
    } catch (error) {
      if (error instanceof BedrockError) throw error;
      if (error instanceof z.ZodError) {
        const issue = error.issues[0];
        throw validation(`${issue?.path.join(".") || "request"}: ${issue?.message}`);
      }
      throw validation((error as Error).message);
    }
  };
  const guardrailOf = (config: { guardrailId: string; guardrailVersion: string } | undefined) => {
    if (!config) return undefined;
    const guardrail = options.guardrails?.resolve(config.guardrailId, config.guardrailVersion);
    if (!guardrail)
      throw new BedrockError(
        "ResourceNotFoundException",
        `The guardrail ${config.guardrailId} version ${config.guardrailVersion} was not found.`,
      );
    return guardrail;
  };

  const answer = async (body: RetrieveAndGenerateBody): Promise<RagAnswer> => {
    const config = body.retrieveAndGenerateConfiguration;
    if (!config)
      throw validation(
        "retrieveAndGenerateConfiguration is required: type KNOWLEDGE_BASE with knowledgeBaseConfiguration, or EXTERNAL_SOURCES with externalSourcesConfiguration.",
      );
    const external = config.type === "EXTERNAL_SOURCES";
    const generation: GenerationConfiguration | undefined = external
      ? config.externalSourcesConfiguration?.generationConfiguration
      : config.knowledgeBaseConfiguration?.generationConfiguration;
    if (external ? !config.externalSourcesConfiguration : !config.knowledgeBaseConfiguration)
      throw validation(
        `retrieveAndGenerateConfiguration.type ${config.type} needs retrieveAndGenerateConfiguration.${external ? "externalSourcesConfiguration" : "knowledgeBaseConfiguration"}.`,
      );
    if (external ? config.knowledgeBaseConfiguration : config.externalSourcesConfiguration)
      throw validation(
        `retrieveAndGenerateConfiguration.type ${config.type} does not take ${external ? "knowledgeBaseConfiguration" : "externalSourcesConfiguration"}.`,
      );
    const template = generation?.promptTemplate?.textPromptTemplate;
    if (template !== undefined && !template.includes("$search_results$"))
      throw validation(
        "generationConfiguration.promptTemplate.textPromptTemplate must contain the $search_results$ placeholder.",
      );
    refuseManagedSearch(config.knowledgeBaseConfiguration?.retrievalConfiguration);
    checkRagModel(
      (external
        ? config.externalSourcesConfiguration?.modelArn
        : config.knowledgeBaseConfiguration?.modelArn) ?? "",
    );
    const guardrail = guardrailOf(generation?.guardrailConfiguration);
    const target = external ? "EXTERNAL_SOURCES" : (config.knowledgeBaseConfiguration?.knowledgeBaseId ?? "");
    let session: RagSession | undefined;
    if (body.sessionId !== undefined) {
      const found = sessions.find(body.sessionId);
      if ("missing" in found)
        throw validation(
          `Session with Id ${body.sessionId} is not valid. Please check and try again. (The session id must be one RetrieveAndGenerate returned in the last 24 hours; sessions are not extended.)`,
        );
      session = found.session;
    }
    const earlier = session?.turns.map((turn) => turn.question) ?? [];
    const question = body.input.text;
    const query = followUpQuery(question, earlier);
    let kb: Retriever;
    let close: (() => void) | undefined;
    let knowledgeBaseId: string;
    if (external) {
      const source = config.externalSourcesConfiguration?.sources[0];
      kb = await externalKnowledgeBase(source);
      close = () => (kb as ReturnType<typeof openLocalKnowledgeBase>).close();
      knowledgeBaseId = "EXTERNAL_SOURCES";
    } else {
      knowledgeBaseId = config.knowledgeBaseConfiguration?.knowledgeBaseId ?? "";
      kb = find(knowledgeBaseId);
    }
    const blocked = (text: string, intervened: boolean) => ({ text, intervened });
    let outcome: { text: string; intervened: boolean } | undefined;
    if (guardrail && question) {
      const checked = guardrail.applySync({ source: "INPUT", content: [{ text: { text: question } }] });
      if (checked.action === "GUARDRAIL_INTERVENED")
        outcome = blocked(guardrail.config.blockedInputMessaging, true);
    }
    let text = "";
    let citations: RagAnswer["citations"] = [];
    try {
      if (!outcome) {
        const retrievalConfiguration = config.knowledgeBaseConfiguration?.retrievalConfiguration;
        const response = await retrieve(kb, {
          retrievalQuery: { text: query },
          ...(retrievalConfiguration ? { retrievalConfiguration: retrievalConfiguration as never } : {}),
        });
        const sources = toSources(response.retrievalResults, knowledgeBaseId, 0);
        const quotes = followUpChoice(
          question,
          earlier,
          sources.map((source) => ({ label: source.id, text: source.text })),
        );
        const marked = quotes.length
          ? quotes.map((quote) => `${quote.sentence} [${quote.label}]`).join(" ")
          : "The retrieved passages do not answer this question.";
        const built = buildCitations(marked, sources);
        text = built.text;
        citations = built.citations.map(({ sourceIds: _ids, ...citation }) => citation);
        if (guardrail) {
          const checked = guardrail.applySync({ source: "OUTPUT", content: [{ text: { text } }] });
          if (checked.action === "GUARDRAIL_INTERVENED") {
            const masked = checked.outputs?.map((o) => o.text ?? "").join("\n") ?? "";
            outcome = blocked(masked || guardrail.config.blockedOutputsMessaging, true);
          }
        }
      }
    } finally {
      close?.();
    }
    if (outcome) {
      text = outcome.text;
      citations = [];
    }
    session ??= sessions.create(target, body.sessionConfiguration?.kmsKeyArn);
    session.turns.push({ question, answer: text });
    return {
      text,
      citations,
      sessionId: session.id,
      ...(guardrail ? { guardrailAction: outcome?.intervened ? "INTERVENED" : "NONE" } : {}),
    };
  };

  const parseRag = (body: unknown) =>
    parseRequest(RetrieveAndGenerateBodySchema, body, { sensitive: SENSITIVE_MEMBERS });

  return [
    {
      method: "POST",
      pattern: /^\/knowledgebases\/([^/]+)\/retrieve$/,
      operation: "Retrieve",
      async handle(context) {
        const raw = decodePathParam(context.params[0], "knowledge base id");
        const knowledgeBaseId = aliases[raw] ?? raw;
        const input = parseRequest(
          RetrieveBodySchema.extend({ knowledgeBaseId: KnowledgeBaseIdentifier }),
          { ...(context.body as object), knowledgeBaseId },
          { sensitive: SENSITIVE_MEMBERS },
        );
        const { knowledgeBaseId: _id, ...request } = input;
        if (request.retrievalQuery.type === "IMAGE" || request.retrievalQuery.image)
          throw validation(
            "The local knowledge base searches text: retrievalQuery.type IMAGE needs a multimodal knowledge base on Amazon Bedrock.",
          );
        refuseManagedSearch(request.retrievalConfiguration);
        const guardrail = guardrailOf(request.guardrailConfiguration);
        const kb = find(knowledgeBaseId);
        if (guardrail) {
          const checked = guardrail.applySync({
            source: "INPUT",
            content: [{ text: { text: request.retrievalQuery.text ?? "" } }],
          });
          if (checked.action === "GUARDRAIL_INTERVENED") {
            // A blocked query retrieves nothing; a masked one is searched as masked.
            if (JSON.stringify(checked.assessments).includes('"BLOCKED"')) {
              sendJson(
                context.res,
                { retrievalResults: [], guardrailAction: "INTERVENED" },
                context.requestId,
              );
              return;
            }
            const masked = checked.outputs?.map((o) => o.text ?? "").join("\n") ?? "";
            const response = await retrieve(kb, {
              ...(request as RetrieveRequest),
              retrievalQuery: { ...request.retrievalQuery, text: masked },
            });
            sendJson(context.res, { ...response, guardrailAction: "INTERVENED" }, context.requestId);
            return;
          }
        }
        sendJson(context.res, await retrieve(kb, request as RetrieveRequest), context.requestId);
      },
    },
    {
      method: "POST",
      pattern: /^\/retrieveAndGenerate$/,
      operation: "RetrieveAndGenerate",
      async handle(context) {
        const result = await answer(parseRag(context.body));
        sendJson(
          context.res,
          {
            output: { text: result.text },
            citations: result.citations,
            sessionId: result.sessionId,
            ...(result.guardrailAction ? { guardrailAction: result.guardrailAction } : {}),
          },
          context.requestId,
        );
      },
    },
    {
      method: "POST",
      pattern: /^\/retrieveAndGenerateStream$/,
      operation: "RetrieveAndGenerateStream",
      async handle(context) {
        const result = await answer(parseRag(context.body));
        context.res.writeHead(200, {
          "content-type": "application/vnd.amazon.eventstream",
          "x-amzn-requestid": context.requestId,
          "x-amzn-bedrock-knowledge-base-session-id": result.sessionId,
        });
        const res = context.res as import("node:http").ServerResponse;
        let sent = 0;
        for (const citation of result.citations) {
          const end = citation.generatedResponsePart.textResponsePart.span.end + 1;
          if (end > sent) res.write(encodeEvent("output", { text: result.text.slice(sent, end) }));
          sent = Math.max(sent, end);
          res.write(encodeEvent("citation", citation));
        }
        if (sent < result.text.length) res.write(encodeEvent("output", { text: result.text.slice(sent) }));
        if (result.guardrailAction) res.write(encodeEvent("guardrail", { action: result.guardrailAction }));
        res.end();
      },
    },
  ];
}

/** An in-memory knowledge base holding the one document an EXTERNAL_SOURCES request sent. */
async function externalKnowledgeBase(source: ExternalSource | undefined) {
  if (source?.sourceType === "S3" || !source?.byteContent)
    throw validation(
      "The local Bedrock reads EXTERNAL_SOURCES sent as BYTE_CONTENT (sourceType BYTE_CONTENT with byteContent); it has no S3 to read s3Location from.",
    );
  const { contentType, data, identifier } = source.byteContent;
  const format = FORMATS[contentType.split(";")[0]?.trim() ?? ""];
  if (!format)
    throw validation(
      `byteContent.contentType ${contentType} is not one the local Bedrock reads: expected one of ${Object.keys(FORMATS).join(", ")}.`,
    );
  const bytes = Buffer.from(data, "base64");
  if (bytes.length > 10_485_760)
    throw validation(
      "1 validation error detected: Value at 'retrieveAndGenerateConfiguration.externalSourcesConfiguration.sources.1.member.byteContent.data' failed to satisfy constraint: Member must have length less than or equal to 10485760",
    );
  let text: string;
  try {
    text = (await parseDocument(bytes, format)).text;
  } catch (error) {
    throw validation(`byteContent.data could not be read as ${contentType}: ${(error as Error).message}`);
  }
  const kb = openLocalKnowledgeBase({ path: ":memory:", id: "external" });
  await kb.ingestDocuments([{ id: identifier, text, uri: identifier }]);
  return kb;
}
