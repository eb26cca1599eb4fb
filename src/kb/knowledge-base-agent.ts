import type { GraphExtensions } from "../graph/build.ts";
import { createCitationNode } from "../graph/cite-node.ts";
import { createKnowledgeBaseSearch } from "../graph/kb-search.ts";
import { createRetrievalNode } from "../graph/retrieve-node.ts";
import type { GraphTelemetry } from "../graph/run-scope.ts";
import type { SourceCheck } from "../graph/source-check.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { Retriever } from "./retriever.ts";
import type { RetrievalSettings } from "./traced-retrieve.ts";

/** Options of {@link knowledgeBaseParts}. */
export interface KnowledgeBasePartsOptions extends RetrievalSettings {
  retriever: Retriever;
  /** Retrieve before the first thought (RAG). Default true. */
  rag?: boolean;
  /** Give the model a `kb_search` tool. Default false. */
  tool?: boolean;
  checkSources?: SourceCheck;
  telemetry?: GraphTelemetry;
}

/**
 * The graph parts that put a knowledge base in an agent: the `retrieve` node (onInput), the `kb_search`
 * tool with its `kb_search_sources` node (afterAct), and the `cite` node (onAnswer). Pass `tools` and
 * `extensions` to `createAgent`.
 */
export function knowledgeBaseParts(options: KnowledgeBasePartsOptions): {
  tools: Tool[];
  extensions: GraphExtensions;
} {
  const extensions: Required<GraphExtensions> = { onInput: [], beforeAct: [], afterAct: [], onAnswer: [] };
  const tools: Tool[] = [];
  if (options.rag ?? true) extensions.onInput.push(createRetrievalNode(options));
  if (options.tool) {
    const search = createKnowledgeBaseSearch(options);
    tools.push(search.tool);
    extensions.afterAct.push(search.node);
  }
  extensions.onAnswer.push(createCitationNode());
  return { tools, extensions };
}
