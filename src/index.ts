/**
 * Glassbox: agents on Amazon Bedrock whose ReAct loop you own and can see.
 * This module is the whole public API.
 */

export type { Agent, AgentOptions, RunInput, RunOptions } from "./agent/create-agent.ts";
export { createAgent } from "./agent/create-agent.ts";
export type { AgentEvent, AgentResult, PausedRun } from "./agent/events.ts";
export { ConfigError } from "./config/config-error.ts";
export { type Comparison, compareRuns, gateExitCode, readRun } from "./evals/compare.ts";
export type { Dataset, DatasetRow, ExpectedToolCall, ReferenceContext } from "./evals/dataset.ts";
export { DatasetRowSchema, loadDataset, parseDataset } from "./evals/dataset.ts";
export { EVALUATION_EVENT, recordEvaluations } from "./evals/evaluation-events.ts";
export type {
  EvaluationResult,
  Evaluator,
  EvaluatorInput,
  TargetOutput,
  ToolCall,
} from "./evals/evaluator.ts";
export { type GroundingScorer, grounding, tokenOverlapScorer } from "./evals/evaluators/grounding.ts";
export { guardrailGroundingScorer } from "./evals/evaluators/guardrail-grounding.ts";
export { llmJudge } from "./evals/evaluators/llm-judge.ts";
export { cost, latency, tokenUsage } from "./evals/evaluators/performance.ts";
export { createEvaluator, type EvaluatorSpec, evaluatorNames } from "./evals/evaluators/registry.ts";
export {
  citationCoverage,
  citationPrecision,
  contextPrecision,
  contextRecall,
  ndcg,
  sourceAliases,
} from "./evals/evaluators/retrieval.ts";
export {
  contains,
  exactMatch,
  jsonSchema,
  levenshteinSimilarity,
  regexMatch,
  rougeLScore,
  squadF1,
} from "./evals/evaluators/text.ts";
export { toolParameterAccuracy, toolSelectionAccuracy } from "./evals/evaluators/tool-calls.ts";
export {
  AGENTCORE_TRAJECTORY_ALIASES,
  type ToolArgsMode,
  type TrajectoryMatchOptions,
  type TrajectoryMode,
  trajectoryMatch,
  trajectoryMatches,
} from "./evals/evaluators/trajectory.ts";
export { type GraphFactory, registerGraph } from "./evals/graphs.ts";
export { converseJudge } from "./evals/judge/converse-judge.ts";
export type { Judge, JudgeRequest, JudgeVerdict } from "./evals/judge/judge.ts";
export { offlineJudge } from "./evals/judge/offline-judge.ts";
export { RUBRICS, type Rubric } from "./evals/judge/rubrics.ts";
export { type LoadedSuite, listSuites, loadSuite } from "./evals/registry.ts";
export { writeReports } from "./evals/reports/write.ts";
export type { ResultRow } from "./evals/result-row.ts";
export { PERTURBATIONS, type Perturbation, perturb } from "./evals/robustness.ts";
export { type EvalRun, type EvalRunOptions, runSuite } from "./evals/runner.ts";
export { defineSuite, type Suite, type SuiteDefinition } from "./evals/suite.ts";
export type { RunSummary } from "./evals/summary.ts";
export {
  agentOutput,
  agentTarget,
  type TargetContext,
  type TargetFn,
  type TargetSpec,
} from "./evals/target.ts";
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
export { surroundExtensions } from "./graph/surround-extensions.ts";
// Human in the loop, return of control and durable threads
export type {
  PendingToolCall,
  ToolDecision,
  ToolReviewRequest,
  ToolReviewResponse,
} from "./graph/tool-review.ts";
export {
  TOOL_REVIEW_NODE,
  ToolReviewError,
  ToolReviewRequestSchema,
  ToolReviewResponseSchema,
} from "./graph/tool-review.ts";
export { BedrockGuardrail, type BedrockGuardrailOptions } from "./guardrails/bedrock-guardrail.ts";
export type { CheckpointName, CheckpointOptions, SourceCheckOptions } from "./guardrails/checkpoints.ts";
export { guardrailCheckpoints, guardrailSourceCheck } from "./guardrails/checkpoints.ts";
export type { GuardrailConfig } from "./guardrails/config.ts";
export { GuardrailConfigSchema, loadGuardrailConfig, parseGuardrailConfig } from "./guardrails/config.ts";
export type {
  Guardrail,
  GuardrailRequest,
  GuardrailResponse,
  GuardrailSource,
} from "./guardrails/guardrail.ts";
export { GuardrailValidationError, textContent } from "./guardrails/guardrail.ts";
export { LIMITS as GUARDRAIL_LIMITS, LocalGuardrail } from "./guardrails/local-guardrail.ts";
export type { PiiMatch } from "./guardrails/pii/detect.ts";
export { detectPii } from "./guardrails/pii/detect.ts";
export type { PiiEntityType } from "./guardrails/pii/entity-types.ts";
export { PII_ENTITY_TYPES } from "./guardrails/pii/entity-types.ts";
export { GuardrailRegistry } from "./guardrails/registry.ts";
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
export type { RateLimit } from "./local/rate-limit.ts";
export type { LocalBedrock, LocalBedrockOptions } from "./local/server.ts";
export { startLocalBedrock } from "./local/server.ts";
export type { CatalogEntry, ModelPrice } from "./model/catalog.ts";
export { DEFAULT_MODEL_ID, findModel, MODEL_CATALOG } from "./model/catalog.ts";
export {
  type BedrockConnection,
  createBedrockRuntimeClient,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  isLocalEndpoint,
} from "./model/client.ts";
export type { ModelConfig, ModelConfigInput } from "./model/config.ts";
export { ModelConfigSchema, parseModelConfig } from "./model/config.ts";
export type { Connection, ConnectionRequest } from "./model/connection.ts";
export { resolveConnection } from "./model/connection.ts";
export { detectAwsCredentials } from "./model/credentials.ts";
export type { HttpSettings } from "./model/http-pool.ts";
export { costOf, loadPriceFile, priceFor } from "./model/pricing.ts";
export { limitClient, RateLimiter, type RateLimits, sharedRateLimiter } from "./model/rate-limiter.ts";
export { RequestTimeoutError } from "./model/request-timeout-error.ts";
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
export type { Checkpointer, CheckpointerSpec } from "./threads/checkpointer.ts";
export { CheckpointerSpecSchema, createCheckpointer, parseCheckpointerSpec } from "./threads/checkpointer.ts";
export type { CheckpointSummary } from "./threads/history.ts";
export { threadCheckpoint, threadHistory } from "./threads/history.ts";
export type {
  ClientToolDefinition,
  Tool,
  ToolContext,
  ToolDefinition,
  ToolExecutor,
} from "./tools/define-tool.ts";
export {
  asClientTool,
  defineClientTool,
  defineTool,
  ToolDefinitionError,
  toToolSpec,
  withApproval,
} from "./tools/define-tool.ts";
