import { AIMessage, HumanMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Retriever } from "../kb/retriever.ts";
import { sourceTitle } from "../kb/sources.ts";
import { type RetrievalSettings, retrieveSources } from "../kb/traced-retrieve.ts";
import { disabledTelemetry } from "../telemetry/setup.ts";
import type { AgentNode } from "./build.ts";
import { latestHumanMessage, textOf } from "./messages.ts";
import { type GraphTelemetry, runScope } from "./run-scope.ts";
import type { SourceCheck } from "./source-check.ts";
import type { AgentStateUpdate, AgentStateValue, Source } from "./state.ts";
import type { RetrievalReport } from "./step-events.ts";

/** Options of {@link createRetrievalNode}. */
export interface RetrievalNodeOptions extends RetrievalSettings {
  retriever: Retriever;
  /** Node name (default `retrieve`). */
  name?: string;
  /** Inspects passages before they enter the prompt (the guardrail retrieval checkpoint is one). */
  checkSources?: SourceCheck;
  /** Where the `retrieval` spans go; use the agent's telemetry. */
  telemetry?: GraphTelemetry;
}

/** A Converse document block for a source, named by its label (S1, S2...). */
export function documentBlock(source: Source) {
  return {
    type: "document",
    document: { format: "txt", name: source.id, source: { text: source.text } },
  };
}

/** Ends the run because a source check blocked the passages: the block message is the answer. */
export function blockedUpdate(message: string): AgentStateUpdate {
  return {
    messages: [new AIMessage(message)],
    outcome: { status: "guardrail_intervened", detail: `retrieved passages blocked: ${message}` },
  };
}

/**
 * The RAG node (an `onInput` extension): retrieves passages for the user's question before the first
 * thought, runs the optional source check, records the passages in `sources`, and attaches them to the
 * question as Converse `document` content blocks (named S1, S2...) so the model answers from them.
 */
export function createRetrievalNode(options: RetrievalNodeOptions): AgentNode {
  const scopeOf = runScope(options.telemetry ?? disabledTelemetry());
  const name = options.name ?? "retrieve";
  return {
    name,
    async run(state: AgentStateValue, config: LangGraphRunnableConfig): Promise<AgentStateUpdate> {
      const question = latestHumanMessage(state.messages);
      const text = question ? textOf(question).trim() : "";
      if (!question || !text) return {};
      const started = performance.now();
      const retrieved = await retrieveSources(
        options.retriever,
        text,
        options,
        scopeOf(config).scope,
        state.sources.length,
        config.signal,
      );
      let sources = retrieved;
      const report = (kept: Source[], blocked = false) =>
        config.writer?.({
          type: "retrieval",
          retrieval: retrievalReport({
            node: name,
            dataSourceId: options.retriever.id,
            query: text,
            kept,
            retrieved: retrieved.length,
            started,
            blocked,
          }),
        });
      if (options.checkSources && retrieved.length) {
        const checked = await options.checkSources(retrieved, config);
        if (checked.blocked) {
          report([], true);
          return blockedUpdate(checked.blocked.message);
        }
        sources = checked.sources;
      }
      report(sources);
      if (!sources.length) return {};
      const withDocuments = new HumanMessage({
        id: question.id,
        content: [...sources.map(documentBlock), { type: "text", text }] as never,
      });
      return { messages: [withDocuments], sources };
    },
  };
}

/** What a retrieval found, for people: its query, passage labels, scores, URIs and the start of each text. */
export function retrievalReport(search: {
  node: string;
  dataSourceId: string;
  query: string;
  /** The passages kept after the source check. */
  kept: readonly Source[];
  /** How many the knowledge base returned. */
  retrieved: number;
  /** `performance.now()` when the search started. */
  started: number;
  blocked?: boolean;
  toolCallId?: string;
}): RetrievalReport {
  const { node, dataSourceId, query, kept, retrieved, started, blocked, toolCallId } = search;
  return {
    node,
    dataSourceId,
    query,
    ...(toolCallId ? { toolCallId } : {}),
    step: 0,
    passages: kept.map((source) => ({
      id: source.id,
      ...(source.score !== undefined ? { score: source.score } : {}),
      uri: sourceTitle(source),
      excerpt: source.text.replace(/\s+/g, " ").trim().slice(0, 240),
    })),
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
    ...(kept.length < retrieved ? { dropped: retrieved - kept.length } : {}),
    ...(blocked ? { blocked } : {}),
  };
}
