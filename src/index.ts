/**
 * Glassbox: agents on Amazon Bedrock whose ReAct loop you own and can see.
 * This module is the whole public API.
 */

export type { Agent, AgentOptions, RunOptions } from "./agent/create-agent.ts";
export { createAgent } from "./agent/create-agent.ts";
export type { AgentEvent, AgentResult } from "./agent/events.ts";
export { ConfigError } from "./config/config-error.ts";
export type { AgentNode, GraphExtensions, NodeResult } from "./graph/build.ts";
export { buildAgentGraph, recursionLimitFor } from "./graph/build.ts";
export { createCitationNode } from "./graph/cite-node.ts";
export type { KnowledgeBaseSearchOptions } from "./graph/kb-search.ts";
export { createKnowledgeBaseSearch } from "./graph/kb-search.ts";
export type { Limits, LimitsInput } from "./graph/limits.ts";
export { LimitsSchema } from "./graph/limits.ts";
export type { RetrievalNodeOptions } from "./graph/retrieve-node.ts";
export { createRetrievalNode } from "./graph/retrieve-node.ts";
export type { SourceCheck, SourceCheckResult } from "./graph/source-check.ts";
export type { ActionStep, ObservationStep, Outcome, Source, Step, ThoughtStep } from "./graph/state.ts";
export { AgentState, RunContextSchema, SourceSchema, StepSchema } from "./graph/state.ts";
export type { BedrockKnowledgeBaseOptions } from "./kb/bedrock-knowledge-base.ts";
export { createAgentRuntimeClient, createBedrockKnowledgeBase } from "./kb/bedrock-knowledge-base.ts";
// Knowledge bases (issue 3)
export type { ChunkingConfiguration } from "./kb/chunking.ts";
export { ChunkingConfigurationSchema, chunkText, DEFAULT_CHUNKING } from "./kb/chunking.ts";
export type { Citation } from "./kb/citations.ts";
export { buildCitations } from "./kb/citations.ts";
export type { Embedder } from "./kb/embedder.ts";
export { createHashingEmbedder, createTitanEmbedder, TITAN_EMBED_V2 } from "./kb/embedder.ts";
export type { FusionMethod } from "./kb/fusion.ts";
export { reciprocalRankFusion, weightedFusion } from "./kb/fusion.ts";
export { knowledgeBaseDir, knowledgeBasePath } from "./kb/kb-path.ts";
export type { KnowledgeBasePartsOptions } from "./kb/knowledge-base-agent.ts";
export { knowledgeBaseParts } from "./kb/knowledge-base-agent.ts";
export type {
  DocumentInput,
  IngestOptions,
  LocalKnowledgeBaseOptions,
  LocalSearchType,
  SearchHit,
  SyncReport,
} from "./kb/local-knowledge-base.ts";
export { LocalKnowledgeBase, openLocalKnowledgeBase } from "./kb/local-knowledge-base.ts";
export type { RetrievalFilter } from "./kb/retrieval-filter.ts";
export { matchesFilter, RetrievalFilterSchema } from "./kb/retrieval-filter.ts";
export type { RetrievalResult, RetrieveRequest, RetrieveResponse, Retriever } from "./kb/retriever.ts";
export { RetrieveRequestSchema } from "./kb/retriever.ts";
export type { KnowledgeBaseResolver } from "./local/knowledge-base-routes.ts";
export { fileKnowledgeBases, knowledgeBaseRoutes } from "./local/knowledge-base-routes.ts";
export { createReactPolicy, reactPolicy } from "./local/model/react-policy.ts";
export type { LocalModel, LocalModelRequest, ModelTurn } from "./local/model-contract.ts";
export type { LocalBedrock, LocalBedrockOptions } from "./local/server.ts";
export { startLocalBedrock } from "./local/server.ts";
export type { CatalogEntry, ModelPrice } from "./model/catalog.ts";
export { DEFAULT_MODEL_ID, findModel, MODEL_CATALOG } from "./model/catalog.ts";
export { createBedrockRuntimeClient, isLocalEndpoint } from "./model/client.ts";
export type { ModelConfig, ModelConfigInput } from "./model/config.ts";
export { ModelConfigSchema, parseModelConfig } from "./model/config.ts";
export type { Connection, ConnectionRequest } from "./model/connection.ts";
export { resolveConnection } from "./model/connection.ts";
export { detectAwsCredentials } from "./model/credentials.ts";
export { costOf, loadPriceFile, priceFor } from "./model/pricing.ts";
export type { RetryPolicy } from "./model/retry.ts";
export { classifyError, RetryExhaustedError, RetryPolicySchema, withRetry } from "./model/retry.ts";
export type { RunOutcome } from "./model/stop-reasons.ts";
export { handleStopReason, STOP_REASONS } from "./model/stop-reasons.ts";
export { pickModel } from "./model/traffic-split.ts";
export type { Usage } from "./model/usage.ts";
export { ATTR, EVENT, OPERATION } from "./telemetry/attributes.ts";
export type { ExporterSpec } from "./telemetry/exporter-spec.ts";
export { parseExporterSpec } from "./telemetry/exporter-spec.ts";
export type { Telemetry, TelemetryOptions } from "./telemetry/setup.ts";
export { disabledTelemetry, setupTelemetry } from "./telemetry/setup.ts";
export type { Tool, ToolContext, ToolDefinition } from "./tools/define-tool.ts";
export { defineTool, ToolDefinitionError, toToolSpec } from "./tools/define-tool.ts";
