import { BedrockClient, GetGuardrailCommand } from "@aws-sdk/client-bedrock";
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
import { ConfigError } from "../errors.ts";
import { guardrailConfigFromOutput } from "../guardrails/get-guardrail-output.ts";
import { toGlassboxError } from "../model/aws-error.ts";
import { sdkClientConfig } from "../model/client.ts";
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
  /** The `bedrock` control-plane client that reads the guardrail (`GetGuardrail`); built like `client`. */
  guardrailClient?: BedrockClient;
  region?: string;
  /** Endpoint override (the local Bedrock, a VPC endpoint). */
  endpoint?: string;
  /** A named AWS profile for the default credential chain. */
  profile?: string;
}

type ClientOptions = { region?: string; endpoint?: string; profile?: string };

/** A `bedrock-agent` client: the default credential chain, or placeholder credentials for a loopback endpoint. */
export function createBedrockAgentClient(options: ClientOptions = {}) {
  return new BedrockAgentClient(sdkClientConfig(options));
}

/** A `bedrock` control-plane client (GetGuardrail), configured like {@link createBedrockAgentClient}. */
export function createBedrockControlClient(options: ClientOptions = {}) {
  return new BedrockClient(sdkClientConfig(options));
}

/**
 * Reads an agent's definition from the account with the `bedrock-agent` API: `GetAgent` (or
 * `GetAgentVersion`), every action group (`ListAgentActionGroups` pages, then `GetAgentActionGroup` each),
 * every associated knowledge base (`ListAgentKnowledgeBases` pages) and the guardrail's configuration
 * (`GetGuardrail` on the `bedrock` control plane, mapped to a CreateGuardrail config). A guardrail the
 * caller may not read (AccessDeniedException) or that no longer exists is recorded as `configError`,
 * so the import reports it as not carried instead of failing.
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
    const configured = agent?.guardrailConfiguration;
    const guardrail =
      configured?.guardrailIdentifier && configured.guardrailVersion
        ? await readGuardrail(
            options.guardrailClient ??
              (options.client ? controlClientLike(options.client) : createBedrockControlClient(options)),
            configured.guardrailIdentifier,
            configured.guardrailVersion,
          )
        : undefined;
    return parseAgentDefinition(
      { agent, actionGroups, knowledgeBases, ...(guardrail ? { guardrail } : {}) },
      `agent ${agentId} version ${agentVersion}`,
    );
  } catch (error) {
    throw toGlassboxError(error, options.endpoint ? { endpoint: options.endpoint } : {});
  }
}

/** A `bedrock` client with a given `bedrock-agent` client's region, credentials, endpoint and handler. */
function controlClientLike(client: BedrockAgentClient): BedrockClient {
  const { region, credentials, endpoint, requestHandler, maxAttempts } = client.config;
  return new BedrockClient({
    region,
    credentials,
    maxAttempts,
    requestHandler,
    ...(endpoint ? { endpoint } : {}),
  });
}

/** Errors that mean "this guardrail's config cannot be read by this caller", not "the import failed". */
const UNREADABLE = new Set(["AccessDeniedException", "ResourceNotFoundException"]);

/** The agent's guardrail with its config from `GetGuardrail`, or with why it could not be read. */
async function readGuardrail(client: BedrockClient, guardrailIdentifier: string, guardrailVersion: string) {
  try {
    const output = await client.send(new GetGuardrailCommand({ guardrailIdentifier, guardrailVersion }));
    const { config, unmapped } = guardrailConfigFromOutput(output);
    return { guardrailIdentifier, guardrailVersion, config, ...(unmapped.length ? { unmapped } : {}) };
  } catch (error) {
    const name = (error as Error).name;
    if (!UNREADABLE.has(name)) throw error;
    return {
      guardrailIdentifier,
      guardrailVersion,
      configError: `GetGuardrail ${guardrailIdentifier} version ${guardrailVersion} failed: ${name}: ${(error as Error).message}`,
    };
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
