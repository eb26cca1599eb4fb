import { join } from "node:path";
import {
  GetAgentActionGroupCommand,
  GetAgentAliasCommand,
  GetAgentCommand,
  GetAgentKnowledgeBaseCommand,
  ListAgentActionGroupsCommand,
  ListAgentAliasesCommand,
  ListAgentKnowledgeBasesCommand,
  ListAgentsCommand,
} from "@aws-sdk/client-bedrock-agent";
import { describe, expect, it } from "vitest";
import {
  createBedrockAgentClient,
  loadAgentDefinition,
  parseAgentDefinition,
  readAgentDefinition,
} from "../../src/bedrock-agents/index.ts";
import { GuardrailRegistry } from "../../src/guardrails/registry.ts";
import { kitchenSinkBundle, SAMPLE_AGENT_DIR } from "../helpers/agent-definitions.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

async function serve() {
  const sample = await loadAgentDefinition(join(SAMPLE_AGENT_DIR, "api"));
  const sink = parseAgentDefinition(kitchenSinkBundle());
  // The account's guardrail registry holds the sample agent's guardrail (GetGuardrail reads it).
  const guardrails = new GuardrailRegistry();
  guardrails.register(sample.guardrail?.config, { id: "larkspurhrgr", version: "1" });
  const server = await localBedrock({ agents: [sample, sink], guardrails });
  return { sample, sink, server, client: createBedrockAgentClient({ endpoint: server.url }) };
}

/** The SDK error's name and HTTP status. */
const failure = (error: unknown) => ({
  name: (error as Error).name,
  status: (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
  message: (error as Error).message,
});

describe("local bedrock-agent read operations with the real BedrockAgentClient", () => {
  it("GetAgent, the action groups, knowledge bases and the test alias, in the API's shapes", async () => {
    const { sample, client } = await serve();
    const { agent } = await client.send(new GetAgentCommand({ agentId: "LRKSPURHR1" }));
    expect(agent?.agentName).toBe("LarkspurHrAssistant");
    expect(agent?.createdAt).toEqual(new Date("2026-11-20T09:12:44.120Z"));
    expect(agent?.guardrailConfiguration).toEqual({
      guardrailIdentifier: "larkspurhrgr",
      guardrailVersion: "1",
    });

    const first = await client.send(
      new ListAgentActionGroupsCommand({ agentId: "LRKSPURHR1", agentVersion: "DRAFT", maxResults: 1 }),
    );
    expect(first.actionGroupSummaries?.map((group) => group.actionGroupName)).toEqual(["ItTickets"]);
    expect(first.nextToken).toBeDefined();
    const second = await client.send(
      new ListAgentActionGroupsCommand({
        agentId: "LRKSPURHR1",
        agentVersion: "DRAFT",
        nextToken: first.nextToken,
      }),
    );
    expect(second.actionGroupSummaries?.map((group) => group.actionGroupName)).toEqual(["LeaveApi"]);
    expect(second.nextToken).toBeUndefined();

    const { agentActionGroup } = await client.send(
      new GetAgentActionGroupCommand({
        agentId: "LRKSPURHR1",
        agentVersion: "DRAFT",
        actionGroupId: "LEAVEAPI01",
      }),
    );
    expect(agentActionGroup?.apiSchema).toEqual(sample.actionGroups[1]?.apiSchema);
    expect(agentActionGroup?.actionGroupExecutor).toEqual({
      lambda: "arn:aws:lambda:us-east-1:123456789012:function:larkspur-leave-api",
    });

    const kbs = await client.send(
      new ListAgentKnowledgeBasesCommand({ agentId: "LRKSPURHR1", agentVersion: "DRAFT" }),
    );
    expect(kbs.agentKnowledgeBaseSummaries?.[0]?.knowledgeBaseId).toBe("LARKSPURKB");
    const kb = await client.send(
      new GetAgentKnowledgeBaseCommand({
        agentId: "LRKSPURHR1",
        agentVersion: "DRAFT",
        knowledgeBaseId: "LARKSPURKB",
      }),
    );
    expect(kb.agentKnowledgeBase?.knowledgeBaseState).toBe("ENABLED");

    const aliases = await client.send(new ListAgentAliasesCommand({ agentId: "LRKSPURHR1" }));
    expect(aliases.agentAliasSummaries?.map((alias) => alias.agentAliasId)).toEqual(["TSTALIASID"]);
    const { agentAlias } = await client.send(
      new GetAgentAliasCommand({ agentId: "LRKSPURHR1", agentAliasId: "TSTALIASID" }),
    );
    expect(agentAlias?.routingConfiguration).toEqual([{ agentVersion: "DRAFT" }]);
    expect(agentAlias?.agentAliasArn).toBe(
      "arn:aws:bedrock:us-east-1:123456789012:agent-alias/LRKSPURHR1/TSTALIASID",
    );

    const agents = await client.send(new ListAgentsCommand({}));
    expect(agents.agentSummaries?.map((summary) => summary.agentId)).toEqual(["LRKSPURHR1", "SINK000001"]);
  });

  it("404 ResourceNotFoundException for unknown ids, 400 ValidationException for malformed ones", async () => {
    const { client } = await serve();
    expect(
      failure(await client.send(new GetAgentCommand({ agentId: "NOSUCHAGNT" })).catch((e) => e)),
    ).toMatchObject({
      name: "ResourceNotFoundException",
      status: 404,
    });
    expect(
      failure(await client.send(new GetAgentCommand({ agentId: "bad-id" })).catch((e) => e)),
    ).toMatchObject({
      name: "ValidationException",
      status: 400,
      message: expect.stringContaining("Member must satisfy regular expression pattern: [0-9a-zA-Z]{10}"),
    });
    const missingGroup = await client
      .send(
        new GetAgentActionGroupCommand({
          agentId: "LRKSPURHR1",
          agentVersion: "DRAFT",
          actionGroupId: "NOSUCHGRP1",
        }),
      )
      .catch((e) => e);
    expect(failure(missingGroup)).toMatchObject({ name: "ResourceNotFoundException", status: 404 });
    const badVersion = await client
      .send(new ListAgentActionGroupsCommand({ agentId: "LRKSPURHR1", agentVersion: "v1" }))
      .catch((e) => e);
    expect(failure(badVersion)).toMatchObject({ name: "ValidationException", status: 400 });
    const unknownVersion = await client
      .send(new ListAgentKnowledgeBasesCommand({ agentId: "LRKSPURHR1", agentVersion: "7" }))
      .catch((e) => e);
    expect(failure(unknownVersion)).toMatchObject({ name: "ResourceNotFoundException", status: 404 });
    const badPage = await client.send(new ListAgentsCommand({ maxResults: 5000 })).catch((e) => e);
    expect(failure(badPage)).toMatchObject({ name: "ValidationException", status: 400 });
    const unknownAlias = await client
      .send(new GetAgentAliasCommand({ agentId: "LRKSPURHR1", agentAliasId: "ABCDEFGHIJ" }))
      .catch((e) => e);
    expect(failure(unknownAlias)).toMatchObject({ name: "ResourceNotFoundException", status: 404 });
  });

  it("readAgentDefinition reads back what the local Bedrock serves, by version or alias", async () => {
    const { sample, sink, server } = await serve();
    // The whole definition round-trips, the guardrail's config included (GetGuardrail → CreateGuardrail shape).
    expect(await readAgentDefinition({ agentId: "LRKSPURHR1", endpoint: server.url })).toEqual(sample);
    const viaAlias = await readAgentDefinition({
      agentId: "SINK000001",
      agentAliasId: "TSTALIASID",
      endpoint: server.url,
    });
    expect(viaAlias.actionGroups.map((group) => group.actionGroupId)).toEqual(
      sink.actionGroups.map((group) => group.actionGroupId),
    );
    expect(viaAlias.agent.someFutureField).toBeUndefined();
    await expect(readAgentDefinition({ agentId: "NOSUCHAGNT", endpoint: server.url })).rejects.toMatchObject({
      code: "RESOURCE_NOT_FOUND",
    });
  });
});
