import { readFileSync } from "node:fs";
import { z } from "zod";
import { ingestSampleCorpus } from "../../graphs/doc-qa.ts";
import { parseAgentDefinition } from "../../src/bedrock-agents/agent-definition.ts";
import { GuardrailRegistry } from "../../src/guardrails/registry.ts";
import { openLocalKnowledgeBase } from "../../src/kb/index.ts";
import { validation } from "../../src/local/bedrock-errors.ts";
import type { LocalBedrock } from "../../src/local/index.ts";
import { createReactPolicy } from "../../src/local/model/react-policy.ts";
import { type ScriptStep, ScriptStepSchema, stepToTurn } from "../../src/local/script.ts";
import { startTestBedrock } from "../../src/testing/index.ts";

/** The values the runners substitute for `${name}` in cases. */
export const PLACEHOLDERS = {
  /** A knowledge base ingested from the sample corpus (Larkspur policies, s3://larkspur-policies/...). */
  knowledgeBaseId: "CONFORMKB1",
  /** The knowledge base's ARN. */
  knowledgeBaseArn: "arn:aws:bedrock:us-east-1:123456789012:knowledge-base/CONFORMKB1",
  /** A registered guardrail (graphs/guardrails/default.json) and its version. */
  guardrailId: "conform0gr01",
  guardrailVersion: "1",
  /** A guardrail ARN that resolves to the same guardrail. */
  guardrailArn: "arn:aws:bedrock:us-east-1:123456789012:guardrail/conform0gr01",
  /** A model Bedrock serves on demand (its base id is a valid modelId). */
  onDemandModelId: "amazon.nova-lite-v1:0",
  /** A cross-region inference profile of a model with tool use, reasoning and prompt caching. */
  profileModelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  /** The on-demand model's foundation-model ARN (RetrieveAndGenerate's modelArn). */
  onDemandModelArn: "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
  /** A model id Bedrock does not know. */
  unknownModelId: "acme.not-a-model-v9:0",
  /** The agent the bedrock-agent read operations serve (graphs/bedrock-agent-sample/definition.json). */
  agentId: "LRKSPURHR1",
  /** One of its action groups (LeaveApi, an OpenAPI group) and its associated knowledge base. */
  actionGroupId: "LEAVEAPI01",
  agentKnowledgeBaseId: "LARKSPURKB",
} as const;

/** The path of the test-only route that prepares the server for one case (see README: `setup`). */
export const SETUP_PATH = "/conformance/setup";

const SetupBodySchema = z
  .object({
    script: z.array(ScriptStepSchema).optional(),
    rateLimit: z.object({ rpm: z.number().positive(), burst: z.number().positive().optional() }).optional(),
  })
  .strict();

/**
 * The local Bedrock the conformance cases run against: the ReAct policy (or a case's script), the sample
 * corpus as knowledge base `${knowledgeBaseId}`, the default guardrail as `${guardrailId}`, the sample agent
 * as `${agentId}` (bedrock-agent read operations), and a route at
 * {@link SETUP_PATH} that sets (or, with `{}`, clears) a case's script and rate limit and empties the prompt
 * cache, so every case starts from the same server state.
 */
export async function startConformanceServer(): Promise<LocalBedrock> {
  const kb = await ingestSampleCorpus(
    openLocalKnowledgeBase({ path: ":memory:", id: PLACEHOLDERS.knowledgeBaseId }),
  );
  const guardrails = new GuardrailRegistry();
  guardrails.register(
    JSON.parse(readFileSync(new URL("../../graphs/guardrails/default.json", import.meta.url), "utf8")),
    { id: PLACEHOLDERS.guardrailId, version: PLACEHOLDERS.guardrailVersion },
  );
  const agent = parseAgentDefinition(
    JSON.parse(
      readFileSync(new URL("../../graphs/bedrock-agent-sample/definition.json", import.meta.url), "utf8"),
    ),
  );
  const policy = createReactPolicy();
  let script: ScriptStep[] = [];
  let scriptIndex = 0;
  const server = await startTestBedrock({
    guardrails,
    agents: [agent],
    knowledgeBases: (id) => (id === kb.id ? kb : undefined),
    model: (request) => {
      const step = script[scriptIndex];
      if (!step) return policy(request);
      scriptIndex++;
      return stepToTurn(step, scriptIndex - 1);
    },
  });
  server.addRoute({
    method: "POST",
    pattern: new RegExp(`^${SETUP_PATH}$`),
    operation: "ConformanceSetup",
    async handle({ res, body }) {
      const parsed = SetupBodySchema.safeParse(body);
      if (!parsed.success) throw validation(`conformance setup: ${parsed.error.issues[0]?.message}`);
      script = parsed.data.script ?? [];
      scriptIndex = 0;
      server.setRateLimit(parsed.data.rateLimit);
      server.clearPromptCache();
      res.writeHead(204);
      res.end();
    },
  });
  const close = server.close.bind(server);
  return Object.assign(server, {
    close: async () => {
      await close();
      kb.close();
    },
  });
}
