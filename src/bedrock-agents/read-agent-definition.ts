import {
  BedrockAgentClient,
  GetAgentActionGroupCommand,
  GetAgentAliasCommand,
  GetAgentCommand,
  GetAgentVersionCommand,
  type GuardrailConfiguration,
  paginateListAgentActionGroups,
  paginateListAgentKnowledgeBases,
} from "@aws-sdk/client-bedrock-agent";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { ConfigError } from "../errors.ts";
import { toGlassboxError } from "../model/aws-error.ts";
import { isLocalEndpoint } from "../model/client.ts";
import { type AgentDefinition, parseAgentDefinition } from "./agent-definition.ts";

/** Options of {@link readAgentDefinition}. */
export interface ReadAgentDefinitionOptions {
  agentId: string;
  /** `DRAFT` (the default) or a version number. */
  agentVersion?: string;
  /** An alias whose routing decides the version (instead of `agentVersion`). */
  agentAliasId?: string;
  /** A client to use as is; otherwise one is built from region / endpoint / profile. */
  client?: BedrockAgentClient;
  region?: string;
  /** Endpoint override (the local Bedrock, a VPC endpoint). */
  endpoint?: string;
  /** A named AWS profile for the default credential chain. */
  profile?: string;
}

/** A `bedrock-agent` client: the default credential chain, or placeholder credentials for a loopback endpoint. */
export function createBedrockAgentClient(
  options: { region?: string; endpoint?: string; profile?: string } = {},
) {
  const local = isLocalEndpoint(options.endpoint);
  return new BedrockAgentClient({
    region: options.region ?? (local ? "us-east-1" : undefined),
    endpoint: options.endpoint,
    ...(local ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
    ...(!local && options.profile ? { profile: options.profile } : {}),
    ...(options.endpoint?.startsWith("http://") ? { requestHandler: new NodeHttpHandler() } : {}),
  });
}

/**
 * Reads an agent's definition from the account with the `bedrock-agent` API: `GetAgent` (or
 * `GetAgentVersion`), every action group (`ListAgentActionGroups` pages, then `GetAgentActionGroup` each),
 * every associated knowledge base (`ListAgentKnowledgeBases` pages) and the guardrail configuration.
 *
 * @example
 * ```ts
 * const definition = await readAgentDefinition({ agentId: "AB12CD34EF", agentAliasId: "TSTALIASID" });
 * ```
 */
export async function readAgentDefinition(options: ReadAgentDefinitionOptions): Promise<AgentDefinition> {
  const client = options.client ?? createBedrockAgentClient(options);
  const { agentId } = options;
  try {
    let agentVersion = options.agentVersion ?? "DRAFT";
    if (options.agentAliasId) {
      const { agentAlias } = await client.send(
        new GetAgentAliasCommand({ agentId, agentAliasId: options.agentAliasId }),
      );
      const routed = agentAlias?.routingConfiguration?.[0]?.agentVersion;
      if (!routed) throw new ConfigError(`agent alias ${options.agentAliasId} routes to no agent version`);
      agentVersion = routed;
    }
    const agent =
      agentVersion === "DRAFT"
        ? (await client.send(new GetAgentCommand({ agentId }))).agent
        : versionAsAgent(
            (await client.send(new GetAgentVersionCommand({ agentId, agentVersion }))).agentVersion,
          );
    const actionGroups = [];
    for await (const page of paginateListAgentActionGroups({ client }, { agentId, agentVersion })) {
      for (const summary of page.actionGroupSummaries ?? []) {
        const { agentActionGroup } = await client.send(
          new GetAgentActionGroupCommand({ agentId, agentVersion, actionGroupId: summary.actionGroupId }),
        );
        actionGroups.push(agentActionGroup);
      }
    }
    const knowledgeBases = [];
    for await (const page of paginateListAgentKnowledgeBases({ client }, { agentId, agentVersion }))
      knowledgeBases.push(...(page.agentKnowledgeBaseSummaries ?? []));
    const guardrail = agent?.guardrailConfiguration;
    return parseAgentDefinition(
      {
        agent,
        actionGroups,
        knowledgeBases,
        ...(guardrail?.guardrailIdentifier && guardrail.guardrailVersion
          ? {
              guardrail: {
                guardrailIdentifier: guardrail.guardrailIdentifier,
                guardrailVersion: guardrail.guardrailVersion,
              },
            }
          : {}),
      },
      `agent ${agentId} version ${agentVersion}`,
    );
  } catch (error) {
    throw toGlassboxError(error, options.endpoint ? { endpoint: options.endpoint } : {});
  }
}

/** `GetAgentVersion`'s `agentVersion` in `GetAgent`'s shape (its `version` is the agent's version). */
function versionAsAgent(
  version: object | undefined,
): { guardrailConfiguration?: GuardrailConfiguration } | undefined {
  if (!version) return version;
  const { version: number, ...rest } = version as {
    version?: string;
    guardrailConfiguration?: GuardrailConfiguration;
  };
  return { ...rest, agentVersion: number } as { guardrailConfiguration?: GuardrailConfiguration };
}
