/**
 * @module
 * `glassbox/bedrock-agents`: Amazon Bedrock Agents' action groups run inside Glassbox's own loop.
 * `actionGroupTools` turns an action group (OpenAPI schema or function details, as `GetAgentActionGroup`
 * returns it) into tools, refusing what Bedrock Agents would refuse; executors run the calls (an HTTP
 * service, your function, the caller through return of control).
 * Comparing with the managed agent: read a recorded `InvokeAgent` stream (`readRecording`), turn it into a
 * trajectory (`managedTrajectory`) and score a Glassbox run of the same question against it (`compareWithManaged`). `importAgentDefinition` turns a whole agent's definition
 * (instruction, model, action groups, knowledge bases, guardrail) into a Glassbox agent module and a report
 * of what could not be carried over.
 */
export {
  type ActionFunction,
  type ActionGroupDefinition,
  ActionGroupDefinitionSchema,
  type AgentActionGroup,
  AgentActionGroupSchema,
  GetAgentActionGroupResponseSchema,
  type ParsedActionGroup,
  parseActionGroup,
} from "./action-group-definition.ts";
export { ActionGroupError, type ActionGroupProblem } from "./action-group-error.ts";
export type {
  ActionGroupExecutor,
  ActionGroupInvocation,
  ActionGroupOutcome,
  ActionGroupParameter,
  ActionGroupSession,
} from "./action-group-invocation.ts";
export { actionGroupToolName, type NamedOperation } from "./action-group-tool-name.ts";
export {
  type ActionGroupToolsOptions,
  actionGroupTools,
  invocationFor,
  observationOf,
} from "./action-group-tools.ts";
export type {
  ActionGroupQuotas,
  ActionOperation,
  ApiOperation,
  FunctionOperation,
} from "./action-operation.ts";
export {
  type AgentDefinition,
  type AgentDefinitionInput,
  AgentDefinitionSchema,
  type AgentKnowledgeBase,
  type BedrockAgent,
  loadAgentDefinition,
  parseAgentDefinition,
} from "./agent-definition.ts";
export { type AgentModel, agentModel } from "./agent-model.ts";
export {
  type AlignedCall,
  type AlignedKnowledgeBaseQuery,
  type AlignmentStatus,
  alignCalls,
  alignKnowledgeBaseQueries,
  type CompareOptions,
  compareWithManaged,
  defaultComparisonEvaluators,
  type GlassboxRetrieval,
  knowledgeBaseQueryScore,
  type ManagedComparison,
} from "./compare-with-managed.ts";
export { functionOperations } from "./function-operations.ts";
export { type HttpExecutorOptions, httpExecutor } from "./http-executor.ts";
export { type ImportAgentOptions, type ImportedAgent, importAgentDefinition } from "./import-agent.ts";
export { type ImportReport, type ImportReportItem, notCarried, renderImportReport } from "./import-report.ts";
export {
  type ApiLambdaEvent,
  ApiLambdaEventSchema,
  type ApiLambdaResponse,
  ApiLambdaResponseSchema,
  type BedrockAgentLambdaEvent,
  BedrockAgentLambdaEventSchema,
  type BedrockAgentLambdaResponse,
  type FunctionLambdaEvent,
  FunctionLambdaEventSchema,
  type FunctionLambdaResponse,
  FunctionLambdaResponseSchema,
  fromLambdaResponse,
  LambdaResponseError,
  toLambdaEvent,
} from "./lambda-event.ts";
export {
  createLambdaClient,
  LAMBDA_SYNC_PAYLOAD_LIMIT_BYTES,
  type LambdaExecutorOptions,
  lambdaExecutor,
} from "./lambda-executor.ts";
export { LambdaFunctionError } from "./lambda-function-error.ts";
export type { LambdaErrorPayload, LambdaHandler, LambdaHandlerContext } from "./lambda-handler.ts";
export { type LocalHandlerOptions, localHandlerExecutor } from "./local-handler-executor.ts";
export {
  actionGroupToolNaming,
  type ManagedOperation,
  type ManagedToolNaming,
  operationIdsFromOpenApi,
} from "./managed-tool-names.ts";
export {
  type ManagedRecording,
  type ManagedReference,
  type ManagedStep,
  type ManagedTrajectory,
  type ManagedTrajectoryOptions,
  managedTrajectory,
  parseRecording,
  type ReadRecordingOptions,
  readRecording,
} from "./managed-trace.ts";
export { RecordingSchema, StreamEventSchema } from "./managed-trace-schema.ts";
export { openApiOperations, parseOpenApiText } from "./openapi-operations.ts";
export {
  createBedrockAgentClient,
  createBedrockControlClient,
  type ReadAgentDefinitionOptions,
  readAgentDefinition,
} from "./read-agent-definition.ts";
export {
  decisionsFromResults,
  type InvocationInput,
  type InvocationResult,
  InvocationResultSchema,
  type ReturnControlPayload,
  returnControlOf,
} from "./return-control.ts";
export { runForComparison } from "./run-for-comparison.ts";
export { applySessionUpdate, sessionOf } from "./session-of.ts";
export { USER_INPUT_TOOL, userInputTool } from "./user-input-tool.ts";
