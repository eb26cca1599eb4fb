/**
 * The guarded agent for `langgraph.json`: the tool agent with guardrail checkpoints on the input, tool-call
 * arguments, tool results and the answer, from the sample config `graphs/guardrails/default.json` (a
 * `CreateGuardrail` JSON). GLASSBOX_GUARDRAIL points at another config file; GLASSBOX_GUARDRAIL_ID (and
 * GLASSBOX_GUARDRAIL_VERSION) use a guardrail on Amazon Bedrock instead of the offline engine.
 */
import { fileURLToPath } from "node:url";
import {
  BedrockGuardrail,
  type Guardrail,
  GuardrailRegistry,
  guardrailCheckpoints,
  LocalGuardrail,
  loadGuardrailConfig,
} from "../src/guardrails/index.ts";
import { createBedrockRuntimeClient } from "../src/model/index.ts";
import { telemetryFromEnv } from "../src/telemetry/index.ts";
import { connectionFromEnv, modelFromEnv } from "./connection-from-env.ts";
import { createToolAgent } from "./tool-agent.ts";

const configFile =
  process.env.GLASSBOX_GUARDRAIL ?? fileURLToPath(new URL("./guardrails/default.json", import.meta.url));
const config = await loadGuardrailConfig(configFile);

/** The local Bedrock (when one is started) serves the same guardrail to ApplyGuardrail and Converse. */
const guardrails = new GuardrailRegistry();
guardrails.register(config);

export const connection = await connectionFromEnv({ guardrails });

const guardrail: Guardrail = process.env.GLASSBOX_GUARDRAIL_ID
  ? new BedrockGuardrail({
      client: createBedrockRuntimeClient({ endpoint: connection.endpoint }),
      guardrailIdentifier: process.env.GLASSBOX_GUARDRAIL_ID,
      guardrailVersion: process.env.GLASSBOX_GUARDRAIL_VERSION ?? "DRAFT",
    })
  : new LocalGuardrail(config);

const telemetry = telemetryFromEnv();

export const agent = createToolAgent({
  telemetry,
  name: "guarded_agent",
  model: modelFromEnv(connection),
  extensions: guardrailCheckpoints(guardrail, { telemetry }),
});

export const graph = agent.graph;
