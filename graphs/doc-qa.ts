import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type AgentOptions, createAgent } from "../src/agent/index.ts";
import { type SourceCheck, surroundExtensions } from "../src/graph/index.ts";
import { type Guardrail, guardrailCheckpoints, guardrailSourceCheck } from "../src/guardrails/index.ts";
import {
  knowledgeBaseParts,
  knowledgeBasePath,
  type LocalKnowledgeBase,
  openLocalKnowledgeBase,
} from "../src/kb/index.ts";

/** The sample corpus: policies of Larkspur Health, a fictional healthcare company. */
export const SAMPLE_CORPUS_DIR = fileURLToPath(new URL("./corpus/", import.meta.url));
/** The knowledge base the doc Q&A agent reads (`.glassbox/kb/larkspur.sqlite`). */
export const SAMPLE_KB = "larkspur";

/** The doc Q&A agent's instructions. */
export const DOC_QA_PROMPT =
  "You answer questions about Larkspur Health's internal policies. Answer only from the documents you are given " +
  "(named S1, S2, ...) or that kb_search returns. After each sentence that uses a document, cite it as [S1]. " +
  "If the documents do not answer the question, say so; never guess.";

/**
 * Opens the sample knowledge base, ingesting the sample corpus on first use (when the file is missing).
 * The agent then reads the same SQLite file that `glassbox kb query --kb larkspur` and the local Bedrock's
 * Retrieve use.
 */
export async function openSampleKnowledgeBase(
  env: Record<string, string | undefined> = process.env,
): Promise<LocalKnowledgeBase> {
  const path = knowledgeBasePath(SAMPLE_KB, env);
  const fresh = !existsSync(path);
  const kb = openLocalKnowledgeBase({ path, id: SAMPLE_KB });
  return fresh ? ingestSampleCorpus(kb) : kb;
}

/**
 * Ingests the sample corpus into a knowledge base; its documents' URIs are `s3://larkspur-policies/<file>`.
 * Evaluation runs use it on a throwaway in-memory knowledge base, so they never read a stale file.
 */
export async function ingestSampleCorpus(kb: LocalKnowledgeBase): Promise<LocalKnowledgeBase> {
  const report = await kb.ingestDirectory(SAMPLE_CORPUS_DIR, {
    dataSourceId: "policies",
    sourceUriPrefix: "s3://larkspur-policies/",
  });
  if (report.failed.length)
    throw new Error(`sample corpus: ${report.failed.map((f) => `${f.path}: ${f.error}`).join("; ")}`);
  return kb;
}

/** What the doc Q&A agent's tools and nodes are built from. */
export interface DocQaPartsOptions {
  knowledgeBase: LocalKnowledgeBase;
  checkSources?: SourceCheck;
  guardrail?: Guardrail;
  telemetry?: AgentOptions["telemetry"];
}

/**
 * The doc Q&A agent's parts: retrieval before the first thought (RAG), the `kb_search` tool, citations,
 * and with a `guardrail` its checkpoints around retrieval (input first, answer before citation), with
 * retrieved passages checked before they enter the prompt. Pass them to `createAgent` or a team member.
 */
export function docQaParts(options: DocQaPartsOptions) {
  const { knowledgeBase, guardrail, checkSources: given } = options;
  const telemetry = options.telemetry ? { telemetry: options.telemetry } : {};
  const checkSources = given ?? (guardrail ? guardrailSourceCheck(guardrail, telemetry) : undefined);
  const parts = knowledgeBaseParts({
    retriever: knowledgeBase,
    rag: true,
    tool: true,
    numberOfResults: 3,
    ...(checkSources ? { checkSources } : {}),
    ...telemetry,
  });
  if (guardrail)
    parts.extensions = surroundExtensions(guardrailCheckpoints(guardrail, telemetry), parts.extensions);
  return parts;
}

/**
 * The doc Q&A agent: retrieves passages from the knowledge base before it thinks (RAG), can search again
 * with `kb_search`, and answers with citations in RetrieveAndGenerate's shape (see {@link docQaParts}).
 */
export function createDocQaAgent(
  options: Omit<AgentOptions, "tools" | "extensions"> &
    Omit<DocQaPartsOptions, "telemetry"> & { extraTools?: AgentOptions["tools"] },
) {
  const { knowledgeBase, guardrail, checkSources, extraTools = [], ...rest } = options;
  const parts = docQaParts({
    knowledgeBase,
    ...(guardrail ? { guardrail } : {}),
    ...(checkSources ? { checkSources } : {}),
    ...(rest.telemetry ? { telemetry: rest.telemetry } : {}),
  });
  return createAgent({
    name: "rag_agent",
    description:
      "Answers questions about Larkspur Health's policies from its knowledge base, with citations.",
    systemPrompt: DOC_QA_PROMPT,
    ...rest,
    ...parts,
    tools: [...parts.tools, ...extraTools],
  });
}
