/**
 * Glassbox: agents on Amazon Bedrock whose ReAct loop you own and can see.
 * This module is the whole public API.
 */
export { createAgent } from "./agent/create-agent.ts";
export type { Agent, AgentOptions, RunOptions } from "./agent/create-agent.ts";
export type { AgentEvent, AgentResult } from "./agent/events.ts";

export { buildAgentGraph, recursionLimitFor } from "./graph/build.ts";
export type { AgentNode, GraphExtensions } from "./graph/build.ts";
export { LimitsSchema } from "./graph/limits.ts";
export type { Limits, LimitsInput } from "./graph/limits.ts";
export { AgentState, RunContextSchema, StepSchema } from "./graph/state.ts";
export type { ActionStep, ObservationStep, Outcome, Step, ThoughtStep } from "./graph/state.ts";

export { defineTool, ToolDefinitionError, toToolSpec } from "./tools/define-tool.ts";
export type { Tool, ToolContext, ToolDefinition } from "./tools/define-tool.ts";

export { DEFAULT_MODEL_ID, MODEL_CATALOG, findModel } from "./model/catalog.ts";
export type { CatalogEntry, ModelPrice } from "./model/catalog.ts";
export { createBedrockRuntimeClient, isLocalEndpoint } from "./model/client.ts";
export { ModelConfigSchema, parseModelConfig } from "./model/config.ts";
export type { ModelConfig, ModelConfigInput } from "./model/config.ts";
export { RetryExhaustedError, RetryPolicySchema, classifyError, withRetry } from "./model/retry.ts";
export type { RetryPolicy } from "./model/retry.ts";
export { pickModel } from "./model/traffic-split.ts";
export { STOP_REASONS, handleStopReason } from "./model/stop-reasons.ts";
export type { RunOutcome } from "./model/stop-reasons.ts";
export { costOf, loadPriceFile, priceFor } from "./model/pricing.ts";
export type { Usage } from "./model/usage.ts";
export { ConfigError } from "./config/config-error.ts";

export { setupTelemetry, disabledTelemetry } from "./telemetry/setup.ts";
export type { Telemetry, TelemetryOptions } from "./telemetry/setup.ts";
export { parseExporterSpec } from "./telemetry/exporter-spec.ts";
export type { ExporterSpec } from "./telemetry/exporter-spec.ts";
export { ATTR, EVENT, OPERATION } from "./telemetry/attributes.ts";

export { startLocalBedrock } from "./local/server.ts";
export type { LocalBedrock, LocalBedrockOptions } from "./local/server.ts";
export { reactPolicy, createReactPolicy } from "./local/model/react-policy.ts";
export type { LocalModel, LocalModelRequest, ModelTurn } from "./local/model-contract.ts";
export { resolveConnection } from "./model/connection.ts";
export type { Connection, ConnectionRequest } from "./model/connection.ts";
export { detectAwsCredentials } from "./model/credentials.ts";
