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
export type { Limits, LimitsInput } from "./graph/limits.ts";
export { LimitsSchema } from "./graph/limits.ts";
export type { SourceCheck, SourceCheckResult } from "./graph/source-check.ts";
export type { ActionStep, ObservationStep, Outcome, Source, Step, ThoughtStep } from "./graph/state.ts";
export { AgentState, RunContextSchema, SourceSchema, StepSchema } from "./graph/state.ts";
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
