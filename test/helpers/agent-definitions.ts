import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AgentDefinitionInput } from "../../src/bedrock-agents/index.ts";

/** The sample HR agent's folder: its raw bedrock-agent API outputs are in `api/`. */
export const SAMPLE_AGENT_DIR = join(import.meta.dirname, "../../graphs/bedrock-agent-sample");

const read = (name: string) => JSON.parse(readFileSync(join(SAMPLE_AGENT_DIR, "api", name), "utf8"));

/** The sample agent as one bundle, built from its API outputs. */
export function sampleAgentBundle(): AgentDefinitionInput {
  return {
    agent: read("get-agent.json").agent,
    actionGroups: [
      read("get-agent-action-group-ItTickets.json").agentActionGroup,
      read("get-agent-action-group-LeaveApi.json").agentActionGroup,
    ],
    knowledgeBases: read("list-agent-knowledge-bases.json").agentKnowledgeBaseSummaries,
    guardrail: read("guardrail.json"),
  };
}

const stamp = "2026-11-20T09:12:44.120000+00:00";

/**
 * An agent with everything Glassbox cannot carry over: custom orchestration, a parser Lambda, an
 * overridden orchestration template and parser, memory, collaboration, a code interpreter, a disabled
 * action group and knowledge base, an S3 schema, a customer key and a field the importer does not know;
 * plus AMAZON.UserInput and a RETURN_CONTROL group, which carry over.
 */
export function kitchenSinkBundle(): AgentDefinitionInput {
  const group = (id: string, name: string, extra: Record<string, unknown>) => ({
    agentId: "SINK000001",
    agentVersion: "DRAFT",
    actionGroupId: id,
    actionGroupName: name,
    createdAt: stamp,
    updatedAt: stamp,
    actionGroupState: "ENABLED" as "ENABLED" | "DISABLED",
    ...extra,
  });
  const fn = { functions: [{ name: "lookup", parameters: { key: { type: "string", required: true } } }] };
  return {
    agent: {
      agentId: "SINK000001",
      agentName: "kitchen-sink",
      agentArn: "arn:aws:bedrock:eu-west-1:123456789012:agent/SINK000001",
      agentVersion: "DRAFT",
      agentStatus: "PREPARED",
      instruction: "You are a test agent with every feature Bedrock Agents has, and then some more.",
      foundationModel: "anthropic.claude-3-7-sonnet-20250219-v1:0",
      orchestrationType: "CUSTOM_ORCHESTRATION",
      customOrchestration: {
        executor: { lambda: "arn:aws:lambda:eu-west-1:123456789012:function:orchestrator" },
      },
      idleSessionTTLInSeconds: 1800,
      agentResourceRoleArn: "arn:aws:iam::123456789012:role/agent-role",
      customerEncryptionKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab",
      createdAt: stamp,
      updatedAt: stamp,
      promptOverrideConfiguration: {
        overrideLambda: "arn:aws:lambda:eu-west-1:123456789012:function:parser",
        promptConfigurations: [
          {
            promptType: "ORCHESTRATION",
            promptCreationMode: "OVERRIDDEN",
            promptState: "ENABLED",
            parserMode: "OVERRIDDEN",
            basePromptTemplate: "$instruction$ $tools$ $agent_scratchpad$",
            inferenceConfiguration: { temperature: 0.2, maximumLength: 1024, stopSequences: ["</answer>"] },
          },
          { promptType: "PRE_PROCESSING", promptCreationMode: "DEFAULT", promptState: "ENABLED" },
        ],
      },
      memoryConfiguration: { enabledMemoryTypes: ["SESSION_SUMMARY"], storageDays: 30 },
      agentCollaboration: "SUPERVISOR",
      someFutureField: { enabled: true },
    },
    actionGroups: [
      group("ASKUSER001", "UserInputAction", { parentActionSignature: "AMAZON.UserInput" }),
      group("CODEINT001", "CodeInterpreterAction", { parentActionSignature: "AMAZON.CodeInterpreter" }),
      group("CLIENT0001", "ClientLookups", {
        actionGroupExecutor: { customControl: "RETURN_CONTROL" },
        futureGroupSetting: "on",
        functionSchema: fn,
      }),
      group("OFF0000001", "Retired", {
        actionGroupExecutor: { lambda: "arn:aws:lambda:eu-west-1:123456789012:function:retired" },
        functionSchema: fn,
        actionGroupState: "DISABLED",
      }),
      group("S3SCHEMA01", "FromS3", {
        actionGroupExecutor: { lambda: "arn:aws:lambda:eu-west-1:123456789012:function:s3api" },
        apiSchema: { s3: { s3BucketName: "schemas-bucket", s3ObjectKey: "api.yaml" } },
      }),
    ],
    knowledgeBases: [
      { knowledgeBaseId: "KBOFF00001", knowledgeBaseState: "DISABLED", updatedAt: stamp },
      { knowledgeBaseId: "KBON000001", knowledgeBaseState: "ENABLED", updatedAt: stamp },
    ],
  };
}
