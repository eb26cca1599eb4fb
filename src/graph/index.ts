/**
 * @module
 * The ReAct graph and its extension slots: the nodes a feature adds to the loop (retrieval, citations,
 * guardrail checkpoints, review), the state they read and write, and the limits that end a run.
 */

export { type Executor, ExecutorSchema } from "./agent-runner.ts";
export { BudgetLedger, type ModelCallSpend } from "./budget-ledger.ts";
export type { AgentNode, GraphExtensions, NodeResult } from "./build.ts";
export { buildAgentGraph } from "./build.ts";
export { createCitationNode } from "./cite-node.ts";
export type { KnowledgeBaseSearchOptions } from "./kb-search.ts";
export { createKnowledgeBaseSearch } from "./kb-search.ts";
export type { Limits, LimitsInput } from "./limits.ts";
export { LimitsSchema } from "./limits.ts";
export type { RetrievalNodeOptions } from "./retrieve-node.ts";
export { createRetrievalNode } from "./retrieve-node.ts";
export { type RunBudget, RunBudgetSchema } from "./run-budget.ts";
export type { GraphTelemetry } from "./run-scope.ts";
export type { SessionState, SessionStateUpdate, ToolSession } from "./session-state.ts";
export {
  SessionStateSchema,
  SessionStateUpdateSchema,
  withPromptSessionAttributes,
} from "./session-state.ts";
export type { SourceCheck, SourceCheckResult } from "./source-check.ts";
export type {
  ActionStep,
  AgentStateUpdate,
  AgentStateValue,
  ObservationStep,
  Outcome,
  Source,
  Step,
  ThoughtStep,
} from "./state.ts";
export { AgentState, RunContextSchema, SourceSchema, StepSchema } from "./state.ts";
export type { GuardrailCheck, PolicyFinding, RetrievalReport, RetrievedPassage } from "./step-events.ts";
export { surroundExtensions } from "./surround-extensions.ts";
export type {
  PendingToolCall,
  ToolDecision,
  ToolReviewRequest,
  ToolReviewResponse,
} from "./tool-review.ts";
export {
  TOOL_REVIEW_NODE,
  ToolReviewError,
  ToolReviewRequestSchema,
  ToolReviewResponseSchema,
} from "./tool-review.ts";
