/**
 * @module
 * Amazon Bedrock Agents in a glass box: action groups as Glassbox tools, and importing an existing
 * agent's definition (instruction, model, action groups, knowledge bases, guardrail) as a Glassbox agent module.
 */
export type {
  ActionGroupExecutor,
  ActionGroupInvocation,
  ActionGroupOutcome,
  ActionGroupParameter,
  ActionGroupSession,
} from "./action-group-invocation.ts";
export {
  type AgentActionGroup,
  type AgentDefinition,
  type AgentDefinitionInput,
  AgentDefinitionSchema,
  type AgentKnowledgeBase,
  type BedrockAgent,
  loadAgentDefinition,
  parseAgentDefinition,
} from "./agent-definition.ts";
export { type AgentModel, agentModel } from "./agent-model.ts";
export { type ImportAgentOptions, type ImportedAgent, importAgentDefinition } from "./import-agent.ts";
export { type ImportReport, type ImportReportItem, notCarried, renderImportReport } from "./import-report.ts";
export {
  createBedrockAgentClient,
  type ReadAgentDefinitionOptions,
  readAgentDefinition,
} from "./read-agent-definition.ts";
