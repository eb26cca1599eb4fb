/**
 * Every span name part, attribute and event name Glassbox emits, in one place. GenAI names follow the
 * OpenTelemetry GenAI semantic conventions (development status); names not yet in
 * `@opentelemetry/semantic-conventions` 1.45 and Glassbox's own (`glassbox.*`) are defined here too.
 */
export const ATTR = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  agentName: "gen_ai.agent.name",
  agentId: "gen_ai.agent.id",
  agentDescription: "gen_ai.agent.description",
  conversationId: "gen_ai.conversation.id",
  /** The session (thread) id AgentCore Observability and Evaluations group spans by. */
  sessionId: "session.id",
  requestModel: "gen_ai.request.model",
  requestMaxTokens: "gen_ai.request.max_tokens",
  requestTemperature: "gen_ai.request.temperature",
  requestTopP: "gen_ai.request.top_p",
  requestStopSequences: "gen_ai.request.stop_sequences",
  requestStream: "gen_ai.request.stream",
  responseId: "gen_ai.response.id",
  responseModel: "gen_ai.response.model",
  responseFinishReasons: "gen_ai.response.finish_reasons",
  responseTimeToFirstChunk: "gen_ai.response.time_to_first_chunk",
  outputType: "gen_ai.output.type",
  usageInputTokens: "gen_ai.usage.input_tokens",
  usageOutputTokens: "gen_ai.usage.output_tokens",
  usageCacheReadInputTokens: "gen_ai.usage.cache_read.input_tokens",
  usageCacheCreationInputTokens: "gen_ai.usage.cache_creation.input_tokens",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolDescription: "gen_ai.tool.description",
  toolType: "gen_ai.tool.type",
  toolCallArguments: "gen_ai.tool.call.arguments",
  toolCallResult: "gen_ai.tool.call.result",
  toolDefinitions: "gen_ai.tool.definitions",
  systemInstructions: "gen_ai.system_instructions",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
  dataSourceId: "gen_ai.data_source.id",
  errorType: "error.type",
  serverAddress: "server.address",
  serverPort: "server.port",
  bedrockGuardrailId: "aws.bedrock.guardrail.id",
  bedrockKnowledgeBaseId: "aws.bedrock.knowledge_base.id",
  /** ReAct step number (1-based) the span belongs to. */
  reactStep: "glassbox.react.step",
  /** `thought`, `action` or `observation`. */
  reactPhase: "glassbox.react.phase",
  /** How the run ended (`answered`, `step_limit`, `token_budget`, `cancelled`, ...). */
  runOutcome: "glassbox.run.outcome",
  runCostUsd: "glassbox.run.cost_usd",
  /** Model calls (thoughts) the run made. */
  runSteps: "glassbox.run.steps",
  chatCostUsd: "glassbox.chat.cost_usd",
  chatAttempts: "glassbox.chat.attempts",
  observationStatus: "glassbox.observation.status",
  observationSizeBytes: "glassbox.observation.size_bytes",
  observationDurationMs: "glassbox.observation.duration_ms",
  observationError: "glassbox.observation.error",
  retryAttempt: "glassbox.retry.attempt",
  retryDelayMs: "glassbox.retry.delay_ms",
  /** What a person or the client decided for a paused tool call: approve, edit, reject or result. */
  reviewDecision: "glassbox.review.decision",
  /** Guardrail checkpoints (`apply_guardrail` spans); matched values never appear. */
  guardrailVersion: "aws.bedrock.guardrail.version",
  /** `input`, `answer`, `tool_arguments`, `tool_result` or `retrieval`. */
  guardrailCheckpoint: "glassbox.guardrail.checkpoint",
  /** `INPUT` or `OUTPUT`, as in ApplyGuardrail. */
  guardrailSource: "glassbox.guardrail.source",
  /** `NONE` or `GUARDRAIL_INTERVENED`. */
  guardrailAction: "glassbox.guardrail.action",
  /** The policies that fired, as `policy:name:action` (e.g. `pii:EMAIL:ANONYMIZED`). */
  guardrailPolicies: "glassbox.guardrail.policies",
  guardrailLatencyMs: "glassbox.guardrail.latency_ms",
  /** `blocking` or `parallel`. */
  guardrailMode: "glassbox.guardrail.mode",
  /** What the checkpoint did: `allowed`, `masked`, `replaced` or `ended`. */
  guardrailResult: "glassbox.guardrail.result",
  /** Retrieval: results asked for (numberOfResults), search type, results returned, their chunk ids and scores. */
  retrievalTopK: "glassbox.retrieval.top_k",
  retrievalSearchType: "glassbox.retrieval.search_type",
  retrievalResultCount: "glassbox.retrieval.result_count",
  retrievalResultIds: "glassbox.retrieval.result_ids",
  retrievalResultScores: "glassbox.retrieval.result_scores",
  /** The query text (only when content capture is on). */
  retrievalQuery: "glassbox.retrieval.query",
  /** A Bedrock Agents action-group call: the group, the operation (`get /claims/{claimId}` or the function). */
  actionGroup: "glassbox.action_group.name",
  actionGroupOperation: "glassbox.action_group.operation",
  /** What the executor answered: the HTTP status (OpenAPI operations) and `FAILURE` or `REPROMPT`. */
  actionGroupHttpStatus: "glassbox.action_group.http_status_code",
  actionGroupResponseState: "glassbox.action_group.response_state",
} as const;

export const EVENT = {
  /** The result of a tool call as the model will read it (status and size, content only when opted in). */
  observation: "glassbox.observation",
  /** A model call that failed and will be tried again. */
  retry: "glassbox.retry",
  operationException: "gen_ai.client.operation.exception",
  /** A decision on a paused tool call (approval, edit, rejection, client result): the audit trail. */
  toolReview: "glassbox.tool_review",
} as const;

export const OPERATION = {
  chat: "chat",
  invokeAgent: "invoke_agent",
  executeTool: "execute_tool",
  retrieval: "retrieval",
  applyGuardrail: "apply_guardrail",
} as const;

export const PROVIDER_AWS_BEDROCK = "aws.bedrock";

/** The instrumentation scope of Glassbox's tracer. */
export const TRACER_NAME = "glassbox";

/**
 * The scope the `agentcore` profile gives the agent-loop spans (`invoke_agent`, `chat`, `execute_tool`):
 * one of those AgentCore Evaluations accepts for LangGraph agents (see docs/telemetry.md).
 */
export const AGENTCORE_SCOPE = "opentelemetry.instrumentation.langchain";

/** Metric names: the GenAI conventions' where they exist, Glassbox's own (`glassbox.*`) for the rest. */
export const METRIC = {
  tokenUsage: "gen_ai.client.token.usage",
  operationDuration: "gen_ai.client.operation.duration",
  agentDuration: "gen_ai.invoke_agent.duration",
  toolDuration: "gen_ai.execute_tool.duration",
  runs: "glassbox.agent.runs",
  steps: "glassbox.agent.steps",
  toolCalls: "glassbox.tool.calls",
  guardrailInterventions: "glassbox.guardrail.interventions",
  retrievalDuration: "glassbox.retrieval.duration",
  retries: "glassbox.model.retries",
  cost: "glassbox.agent.cost",
} as const;

/** Metric attributes that are not span attributes. */
export const METRIC_ATTR = {
  tokenType: "gen_ai.token.type",
  toolStatus: "glassbox.tool.status",
  guardrailPolicy: "glassbox.guardrail.policy",
  guardrailEntity: "glassbox.guardrail.entity",
  guardrailPolicyAction: "glassbox.guardrail.policy_action",
} as const;

/** The GenAI conventions' bucket boundaries for `gen_ai.client.token.usage` ({token}). */
export const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
/** The GenAI conventions' bucket boundaries for `gen_ai.client.operation.duration` (s). */
export const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** Log record (event) names. */
export const LOG_EVENT = {
  /** The GenAI conventions' event for an inference call's details, content included when opted in. */
  inferenceDetails: "gen_ai.client.inference.operation.details",
  /** Input and output of an agent run or a tool call, in the same body shape. */
  agentDetails: "glassbox.invoke_agent.details",
  toolDetails: "glassbox.execute_tool.details",
} as const;

/** Environment flag that opts in to message content on spans (the name used in the GenAI conventions' notes). */
export const CAPTURE_CONTENT_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
