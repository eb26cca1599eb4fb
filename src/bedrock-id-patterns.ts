// The Bedrock service models' id patterns, as the models write them: the local Bedrock quotes them in its
// validation messages, so they stay the models' strings to the letter.

/** bedrock-agent `Id` (agent, knowledge-base and action-group ids): 10 letters and digits. */
export const BEDROCK_ID_PATTERN = "[0-9a-zA-Z]{10}";
/** bedrock-agent `Version`: `DRAFT` or a version number. */
export const AGENT_VERSION_PATTERN = "(DRAFT|[0-9]{0,4}[1-9][0-9]{0,4})";
/** bedrock-agent `AgentAliasId`: the test alias `TSTALIASID` or an alias id. */
export const AGENT_ALIAS_ID_PATTERN = "(\\bTSTALIASID\\b|[0-9a-zA-Z]+)";

/** bedrock-agent-runtime `KnowledgeBaseIdentifier` (Retrieve's `knowledgeBaseId`): an id or a knowledge-base ARN. */
export const KNOWLEDGE_BASE_IDENTIFIER_PATTERN =
  "^[0-9a-zA-Z]{10}$|^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:knowledge-base/[0-9a-zA-Z]{10}$";
/** bedrock-agent-runtime `KnowledgeBaseId` (RetrieveAndGenerate's `knowledgeBaseId`, at most 10 long). */
export const KNOWLEDGE_BASE_ID_PATTERN = "^[0-9a-zA-Z]+$";

/** bedrock-runtime `GuardrailIdentifier`: an id or a guardrail ARN (ApplyGuardrail, Converse `guardrailConfig`). */
export const GUARDRAIL_IDENTIFIER_PATTERN =
  "(|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))";
/** bedrock-runtime `GuardrailVersion`. */
export const GUARDRAIL_VERSION_PATTERN = "(|([1-9][0-9]{0,7})|(DRAFT))";
/** bedrock-agent-runtime `GuardrailConfiguration.guardrailId` (Retrieve, RetrieveAndGenerate; at most 64 long). */
export const GUARDRAIL_ID_PATTERN = "^[a-z0-9]+$";
/** bedrock-agent-runtime `GuardrailConfiguration.guardrailVersion`. */
export const GUARDRAIL_CONFIG_VERSION_PATTERN = "^(([1-9][0-9]{0,7})|(DRAFT))$";

/** A service-model pattern as a regular expression that must match the whole value. */
export function idRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}
