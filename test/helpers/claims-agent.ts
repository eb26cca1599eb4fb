import { readFileSync } from "node:fs";
import { MemorySaver } from "@langchain/langgraph";
import { createAgent } from "../../src/agent/index.ts";
import { actionGroupTools, lambdaExecutor } from "../../src/bedrock-agents/index.ts";
import type { LocalBedrock } from "../../src/local/index.ts";
import { localModel } from "./local-bedrock.ts";

/** The sample claims Lambda handler, served by the local Bedrock's Lambda route as `claims-actions`. */
export const CLAIMS_LAMBDA = { "claims-actions": "tools/bedrock-agent-handlers/claims.mjs" };

/** An action-group fixture of test/bedrock-agents/fixtures (a `GetAgentActionGroup` response). */
export const actionGroupFixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../bedrock-agents/fixtures/${name}`, import.meta.url), "utf8"));

/** An agent whose OpenAPI claims action group runs in claims.mjs through the real Lambda client. */
export const claimsAgent = (local: LocalBedrock) =>
  createAgent({
    model: localModel(local, { retry: { maxAttempts: 1 } }),
    tools: actionGroupTools(actionGroupFixture("claims-action-group.json"), {
      executor: lambdaExecutor({
        functionName: "arn:aws:lambda:us-east-1:123456789012:function:claims-actions",
        endpoint: local.url,
      }),
    }),
    systemPrompt: "You help policy holders with their claims.\n$prompt_session_attributes$",
    checkpointer: new MemorySaver(),
  });

/** The system prompt of every model call the local Bedrock received, in order. */
export const systemPrompts = (local: LocalBedrock) =>
  local.requests
    .all()
    .filter((entry) => entry.operation.startsWith("Converse"))
    .map((entry) => ((entry.body as { system?: { text?: string }[] }).system ?? [])[0]?.text ?? "");

/** The session attributes of every event the claims Lambda received, in order. */
export const lambdaSessionAttributes = (local: LocalBedrock) =>
  local.requests
    .all("Invoke")
    .map((entry) => (entry.body as { sessionAttributes?: Record<string, string> }).sessionAttributes);
