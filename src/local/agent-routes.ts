import { z } from "zod";
import type { AgentDefinition } from "../bedrock-agents/agent-definition.ts";
import {
  AGENT_ALIAS_ID_PATTERN,
  AGENT_VERSION_PATTERN,
  BEDROCK_ID_PATTERN,
  idRegExp,
} from "../bedrock-id-patterns.ts";
import { BedrockError, decodePathParam, validation } from "./bedrock-errors.ts";
import {
  modelNumber,
  modelString,
  parseRequest,
  patternConstraint,
  violationError,
} from "./coral-validation.ts";
import type { Route, RouteContext } from "./route.ts";
import { sendJson } from "./send-json.ts";

/** The test alias Bedrock gives every agent: it routes to the working draft. */
const TEST_ALIAS = "TSTALIASID";

const PATTERNS = {
  id: BEDROCK_ID_PATTERN,
  version: AGENT_VERSION_PATTERN,
  alias: AGENT_ALIAS_ID_PATTERN,
};

/** The list operations' `MaxResults` and `NextToken` shapes. */
const ListRequestSchema = z
  .object({
    maxResults: modelNumber({ min: 1, max: 1000, integer: true }).optional(),
    nextToken: modelString({ min: 1, max: 2048, pattern: "\\S*" }).optional(),
  })
  .loose();

/** A path parameter checked as the service model's pattern, with Bedrock's validation message. */
function pathParam(value: string | undefined, member: string, pattern: string): string {
  const decoded = decodePathParam(value, member);
  if (!idRegExp(pattern).test(decoded))
    throw violationError([{ path: member, value: decoded, constraint: patternConstraint(pattern) }]);
  return decoded;
}

/** One page of a list: `maxResults` items from the `nextToken` offset. */
function page<T>(items: readonly T[], body: unknown): { items: T[]; nextToken?: string } {
  const request = parseRequest(ListRequestSchema, body ?? {});
  const start = Number(request.nextToken ?? 0);
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw validation("The pagination token is not valid: use the nextToken of the previous response.");
  const end = start + (request.maxResults ?? 1000);
  return { items: items.slice(start, end), ...(end < items.length ? { nextToken: String(end) } : {}) };
}

const notFound = (message: string) => new BedrockError("ResourceNotFoundException", message);

/**
 * The `bedrock-agent` read operations over imported agent definitions: GetAgent, ListAgents,
 * ListAgentActionGroups, GetAgentActionGroup, ListAgentKnowledgeBases, GetAgentKnowledgeBase,
 * ListAgentAliases and GetAgentAlias (the test alias `TSTALIASID`, routed to the draft), with the
 * service model's paths, id patterns (400 ValidationException) and 404 ResourceNotFoundException.
 * Every definition is served as the agent's working draft (`DRAFT`).
 */
export function agentRoutes(definitions: readonly AgentDefinition[]): Route[] {
  const byId = new Map(definitions.map((definition) => [definition.agent.agentId, definition]));
  const agentOf = (context: RouteContext): AgentDefinition => {
    const agentId = pathParam(context.params[0], "agentId", PATTERNS.id);
    const definition = byId.get(agentId);
    if (!definition)
      throw notFound(`Failed to retrieve resource because it doesn't exist. Agent ${agentId} not found.`);
    return definition;
  };
  const versionOf = (context: RouteContext): AgentDefinition => {
    const definition = agentOf(context);
    const version = pathParam(context.params[1], "agentVersion", PATTERNS.version);
    if (version !== "DRAFT")
      throw notFound(
        `Failed to retrieve resource because it doesn't exist. Version ${version} of agent ${definition.agent.agentId} not found.`,
      );
    return definition;
  };
  const draft = (definition: AgentDefinition) => ({ ...definition.agent, agentVersion: "DRAFT" });
  const alias = (definition: AgentDefinition) => ({
    agentId: definition.agent.agentId,
    agentAliasId: TEST_ALIAS,
    agentAliasName: "AgentTestAlias",
    agentAliasArn: `${definition.agent.agentArn.replace(":agent/", ":agent-alias/")}/${TEST_ALIAS}`,
    description: "Test Alias for Agent",
    routingConfiguration: [{ agentVersion: "DRAFT" }],
    createdAt: definition.agent.createdAt,
    updatedAt: definition.agent.updatedAt,
    agentAliasStatus: "PREPARED",
    aliasInvocationState: "ACCEPT_INVOCATIONS",
  });
  const base = "/agents/([^/]+)";
  const version = `${base}/agentversions/([^/]+)`;
  const route = (
    method: Route["method"],
    path: string,
    operation: string,
    handle: (context: RouteContext) => unknown,
  ): Route => ({
    method,
    pattern: new RegExp(`^${path}/?$`),
    operation,
    async handle(context) {
      sendJson(context.res, handle(context), context.requestId);
    },
  });
  return [
    route("POST", "/agents", "ListAgents", (context) => {
      const { items, nextToken } = page(definitions, context.body);
      return {
        agentSummaries: items.map(({ agent }) => ({
          agentId: agent.agentId,
          agentName: agent.agentName,
          agentStatus: agent.agentStatus,
          ...(agent.description ? { description: agent.description } : {}),
          updatedAt: agent.updatedAt,
          latestAgentVersion: "DRAFT",
          ...(agent.guardrailConfiguration ? { guardrailConfiguration: agent.guardrailConfiguration } : {}),
        })),
        ...(nextToken ? { nextToken } : {}),
      };
    }),
    route("GET", base, "GetAgent", (context) => ({ agent: draft(agentOf(context)) })),
    route("POST", `${version}/actiongroups`, "ListAgentActionGroups", (context) => {
      const { items, nextToken } = page(versionOf(context).actionGroups, context.body);
      return {
        actionGroupSummaries: items.map((group) => ({
          actionGroupId: group.actionGroupId,
          actionGroupName: group.actionGroupName,
          actionGroupState: group.actionGroupState,
          ...(group.description ? { description: group.description } : {}),
          updatedAt: group.updatedAt,
        })),
        ...(nextToken ? { nextToken } : {}),
      };
    }),
    route("GET", `${version}/actiongroups/([^/]+)`, "GetAgentActionGroup", (context) => {
      const definition = versionOf(context);
      const id = pathParam(context.params[2], "actionGroupId", PATTERNS.id);
      const group = definition.actionGroups.find((candidate) => candidate.actionGroupId === id);
      if (!group)
        throw notFound(`Failed to retrieve resource because it doesn't exist. Action group ${id} not found.`);
      return { agentActionGroup: { ...group, agentVersion: "DRAFT" } };
    }),
    route("POST", `${version}/knowledgebases`, "ListAgentKnowledgeBases", (context) => {
      const { items, nextToken } = page(versionOf(context).knowledgeBases, context.body);
      return { agentKnowledgeBaseSummaries: items, ...(nextToken ? { nextToken } : {}) };
    }),
    route("GET", `${version}/knowledgebases/([^/]+)`, "GetAgentKnowledgeBase", (context) => {
      const definition = versionOf(context);
      const id = pathParam(context.params[2], "knowledgeBaseId", PATTERNS.id);
      const kb = definition.knowledgeBases.find((candidate) => candidate.knowledgeBaseId === id);
      if (!kb)
        throw notFound(
          `Failed to retrieve resource because it doesn't exist. Knowledge base ${id} is not associated with agent ${definition.agent.agentId}.`,
        );
      return {
        agentKnowledgeBase: {
          agentId: definition.agent.agentId,
          agentVersion: "DRAFT",
          knowledgeBaseId: kb.knowledgeBaseId,
          description: kb.description ?? kb.knowledgeBaseId,
          createdAt: kb.updatedAt,
          updatedAt: kb.updatedAt,
          knowledgeBaseState: kb.knowledgeBaseState,
        },
      };
    }),
    route("POST", `${base}/agentaliases`, "ListAgentAliases", (context) => {
      const definition = agentOf(context);
      const { items, nextToken } = page([alias(definition)], context.body);
      return {
        agentAliasSummaries: items.map(({ agentAliasArn: _arn, ...summary }) => summary),
        ...(nextToken ? { nextToken } : {}),
      };
    }),
    route("GET", `${base}/agentaliases/([^/]+)`, "GetAgentAlias", (context) => {
      const definition = agentOf(context);
      const id = pathParam(context.params[1], "agentAliasId", PATTERNS.alias);
      if (id.length !== 10)
        throw violationError([{ path: "agentAliasId", value: id, constraint: "Member must have length 10" }]);
      if (id !== TEST_ALIAS)
        throw notFound(
          `Failed to retrieve resource because it doesn't exist. Alias ${id} of agent ${definition.agent.agentId} not found.`,
        );
      return { agentAlias: alias(definition) };
    }),
  ];
}
