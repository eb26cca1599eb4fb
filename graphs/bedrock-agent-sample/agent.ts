/**
 * LarkspurHrAssistant: imported from the Amazon Bedrock Agent LRKSPURHR1 (version DRAFT, us-east-1)
 * by `glassbox agents import`. Edit it freely: import-report.md lists what was carried over and what was not.
 *
 * The instruction is the system prompt as written. Bedrock's default orchestration prompt (its framing around
 * the instruction) is not copied: Glassbox's ReAct loop calls the model through Converse with native tool use,
 * and every thought, tool call and observation is a step and a span.
 */
import { readFileSync } from "node:fs";
import { actionGroupTools, lambdaExecutor } from "../../src/bedrock-agents/index.ts";
import { BedrockGuardrail, guardrailCheckpoints } from "../../src/guardrails/index.ts";
import {
  type AgentOptions,
  createAgent,
  createBedrockRuntimeClient,
  createCitationNode,
  createKnowledgeBaseSearch,
  type GraphExtensions,
  surroundExtensions,
} from "../../src/index.ts";
import { createBedrockKnowledgeBase } from "../../src/kb/index.ts";

/** The agent's region (from its ARN): where its model, Lambda functions, knowledge bases and guardrail live. */
export const REGION = "us-east-1";

/**
 * The agent's instruction. `$prompt_session_attributes$` is replaced on each run by the run's
 * `sessionState.promptSessionAttributes`, where Bedrock's orchestration prompt puts them.
 */
export const SYSTEM_PROMPT = `You are Larkspur's HR assistant. Answer employees' questions about company policies from the policy knowledge base, look up an employee's remaining leave with the leave API, and open IT tickets when asked. Be brief and say which policy you used.

$prompt_session_attributes$`;

/** The model (agent.foundationModel), the agent's guardrail on every Converse call and the orchestration prompt's inference settings. */
export const MODEL = {
  modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  inferenceConfig: {
    temperature: 0,
    maxTokens: 2048,
  },
  guardrailConfig: {
    guardrailIdentifier: "larkspurhrgr",
    guardrailVersion: "1",
  },
} as const;

const schemaFile = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

/** The action groups, in GetAgentActionGroup's shape; OpenAPI schemas are the files next to this module. */
export const ACTION_GROUPS = {
  ItTickets: {
    actionGroupName: "ItTickets",
    description: "Open IT support tickets for employees.",
    actionGroupExecutor: {
      lambda: "arn:aws:lambda:us-east-1:123456789012:function:larkspur-it-tickets",
    },
    functionSchema: {
      functions: [
        {
          name: "open_ticket",
          description:
            "Open an IT support ticket (a broken laptop, no network access, a locked account) and return its ticket number.",
          parameters: {
            summary: {
              description: "What is wrong, in one sentence",
              type: "string",
              required: true,
            },
            priority: {
              description: "low, normal or high",
              type: "string",
              required: false,
            },
          },
          requireConfirmation: "DISABLED",
        },
      ],
    },
    actionGroupState: "ENABLED",
  },
  LeaveApi: {
    actionGroupName: "LeaveApi",
    description: "Look up employees' remaining vacation and sick days.",
    actionGroupExecutor: {
      lambda: "arn:aws:lambda:us-east-1:123456789012:function:larkspur-leave-api",
    },
    apiSchema: { payload: schemaFile("./action-groups/LeaveApi.openapi.json") },
    actionGroupState: "ENABLED",
  },
} as const;

/** The agent's enabled knowledge bases; the model reads each description to decide when to search it. */
export const KNOWLEDGE_BASES = [
  {
    knowledgeBaseId: "LARKSPURKB",
    toolName: "kb_search_LARKSPURKB",
    description:
      "Larkspur's HR and IT policies: vacation, sick and parental leave, holidays, remote work, travel expenses, equipment, passwords, phishing and training.",
  },
] as const;

/** The agent's guardrail (agent.guardrailConfiguration). */
export const GUARDRAIL = {
  guardrailIdentifier: "larkspurhrgr",
  guardrailVersion: "1",
} as const;

/** Options of {@link createLarkspurHrAssistant}. */
export interface LarkspurHrAssistantOptions
  extends Pick<AgentOptions, "telemetry" | "checkpointer" | "limits"> {
  /** Default {@link REGION}. */
  region?: string;
  /** One endpoint for every Bedrock, Lambda and knowledge-base call (the local Bedrock, a VPC endpoint). */
  endpoint?: string;
  /** The connection `glassbox serve` and `glassbox agents compare` hand a factory; it wins over the two above. */
  model?: { endpoint?: string; region?: string; profile?: string };
}

/**
 * The LarkspurHrAssistant agent as a Glassbox agent. Credentials come from the default AWS chain.
 *
 * @example
 * ```ts
 * const agent = createLarkspurHrAssistant();
 * const result = await agent.invoke("…", { sessionState: { promptSessionAttributes: { name: "Ana" } } });
 * ```
 */
export function createLarkspurHrAssistant(options: LarkspurHrAssistantOptions = {}) {
  const { region: regionOption, endpoint: endpointOption, model: connection, ...rest } = options;
  if (connection?.profile)
    throw new Error(
      "createLarkspurHrAssistant: set AWS_PROFILE instead of a profile option; it must reach the Lambda and knowledge-base clients too",
    );
  const region = connection?.region ?? regionOption ?? REGION;
  const endpoint = connection?.endpoint ?? endpointOption;
  const aws = { region, ...(endpoint ? { endpoint } : {}) };
  const searches = KNOWLEDGE_BASES.map((kb) =>
    createKnowledgeBaseSearch({
      retriever: createBedrockKnowledgeBase({ knowledgeBaseId: kb.knowledgeBaseId, ...aws }),
      toolName: kb.toolName,
      description: kb.description,
      telemetry: rest.telemetry,
    }),
  );
  const retrieval: GraphExtensions = {
    afterAct: searches.map((search) => search.node),
    onAnswer: [createCitationNode()],
  };
  const guardrail = new BedrockGuardrail({ client: createBedrockRuntimeClient(aws), ...GUARDRAIL });
  // Converse's guardrailConfig checks the model's input and answer; these checkpoints add the tool traffic.
  const checkpoints = guardrailCheckpoints(guardrail, {
    input: false,
    answer: false,
    telemetry: rest.telemetry,
  });
  return createAgent({
    ...rest,
    name: "LarkspurHrAssistant",
    description: "Answers Larkspur employees' HR questions.",
    systemPrompt: SYSTEM_PROMPT,
    model: { ...MODEL, ...aws },
    tools: [
      ...actionGroupTools(ACTION_GROUPS.ItTickets, {
        executor: lambdaExecutor({
          functionName: ACTION_GROUPS.ItTickets.actionGroupExecutor.lambda,
          ...aws,
        }),
      }),
      ...actionGroupTools(ACTION_GROUPS.LeaveApi, {
        executor: lambdaExecutor({ functionName: ACTION_GROUPS.LeaveApi.actionGroupExecutor.lambda, ...aws }),
      }),
      ...searches.map((search) => search.tool),
    ],
    extensions: surroundExtensions(checkpoints, retrieval),
  });
}
