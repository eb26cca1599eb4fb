import { type BaseMessage, ToolMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import type { Retriever } from "../kb/retriever.ts";
import { sourceTitle } from "../kb/sources.ts";
import { type RetrievalSettings, retrieveSources } from "../kb/traced-retrieve.ts";
import { disabledTelemetry } from "../telemetry/setup.ts";
import { commonAttributes } from "../telemetry/spans.ts";
import { defineTool, type Tool } from "../tools/define-tool.ts";
import type { AgentNode } from "./build.ts";
import { blockedUpdate, retrievalReport } from "./retrieve-node.ts";
import type { GraphTelemetry } from "./run-scope.ts";
import type { SourceCheck } from "./source-check.ts";
import type { AgentStateUpdate, AgentStateValue, Source } from "./state.ts";

/** Options of {@link createKnowledgeBaseSearch}. */
export interface KnowledgeBaseSearchOptions extends RetrievalSettings {
  retriever: Retriever;
  /** Tool name (default `kb_search`). */
  toolName?: string;
  /** What the model reads to decide when to search. */
  description?: string;
  checkSources?: SourceCheck;
  telemetry?: GraphTelemetry;
}

/** The passages a search found, as the model reads them. */
function observation(sources: Source[]) {
  return JSON.stringify({
    results: sources.map((source) => ({
      id: source.id,
      source: sourceTitle(source),
      score: source.score,
      text: source.text,
    })),
  });
}

/**
 * The `kb_search` tool the model can call, and the `afterAct` node that turns its results into the run's
 * sources. The tool retrieves (one `retrieval` span per call); the node, which runs before the model
 * reads the results, numbers the passages (S1, S2... after any the run already has), runs the optional
 * source check, and rewrites the tool result to the checked passages, or ends the run when they are blocked.
 */
export function createKnowledgeBaseSearch(options: KnowledgeBaseSearchOptions): {
  tool: Tool;
  node: AgentNode;
} {
  const telemetry = options.telemetry ?? disabledTelemetry();
  const name = options.toolName ?? "kb_search";
  const pending = new Map<string, { found: Source[]; query: string; latencyMs: number }>();

  const tool = defineTool({
    name,
    description:
      options.description ??
      `Search the knowledge base "${options.retriever.id}" for passages about a topic; returns the best passages with their source.`,
    input: z.object({
      query: z.string().min(1).describe("What to search for, in plain words"),
      numberOfResults: z.number().int().min(1).max(100).optional().describe("How many passages (default 5)"),
    }),
    async run(input, context) {
      const settings = {
        ...options,
        ...(input.numberOfResults ? { numberOfResults: input.numberOfResults } : {}),
      };
      const scope = {
        tracer: telemetry.tracer,
        ...(telemetry.componentTracer ? { componentTracer: telemetry.componentTracer } : {}),
        captureContent: telemetry.captureContent,
        common: commonAttributes(context.threadId, undefined),
      };
      const started = performance.now();
      const found = await retrieveSources(options.retriever, input.query, settings, scope, 0, context.signal);
      pending.set(context.toolCallId, { found, query: input.query, latencyMs: performance.now() - started });
      return observation(found);
    },
  }) as unknown as Tool;

  const node: AgentNode = {
    name: `${name}_sources`,
    async run(state: AgentStateValue, config: LangGraphRunnableConfig): Promise<AgentStateUpdate> {
      const rewritten: BaseMessage[] = [];
      const sources: Source[] = [];
      for (const message of latestToolMessages(state.messages)) {
        const search = pending.get(message.tool_call_id);
        if (!search) continue;
        pending.delete(message.tool_call_id);
        const { found, query, latencyMs } = search;
        const started = performance.now() - latencyMs;
        // Like the retrieval node, each search is a `retrieval` event with its query and passages.
        const report = (kept: Source[], blocked = false) =>
          config.writer?.({
            type: "retrieval",
            retrieval: retrievalReport({
              node: `${name}_sources`,
              dataSourceId: options.retriever.id,
              query,
              kept,
              retrieved: found.length,
              started,
              blocked,
              toolCallId: message.tool_call_id,
            }),
          });
        let numbered = found.map((source, i) => ({
          ...source,
          id: `S${state.sources.length + sources.length + i + 1}`,
        }));
        if (options.checkSources && numbered.length) {
          const checked = await options.checkSources(numbered, config);
          if (checked.blocked) {
            report([], true);
            return blockedUpdate(checked.blocked.message);
          }
          numbered = checked.sources;
        }
        report(numbered);
        sources.push(...numbered);
        rewritten.push(
          new ToolMessage({
            id: message.id,
            content: observation(numbered),
            tool_call_id: message.tool_call_id,
            name: message.name,
            status: message.status,
          }),
        );
      }
      return rewritten.length ? { messages: rewritten, sources } : {};
    },
  };
  return { tool, node };
}

function latestToolMessages(messages: readonly BaseMessage[]): ToolMessage[] {
  const out: ToolMessage[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.getType() !== "tool") break;
    out.unshift(message as ToolMessage);
  }
  return out;
}
