import { readFileSync } from "node:fs";
import * as agentRuntime from "@aws-sdk/client-bedrock-agent-runtime";
import * as runtime from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describe, expect, it } from "vitest";
import { GuardrailRegistry, guardrailIdOf } from "../../src/guardrails/index.ts";
import { knowledgeBaseIdOf } from "../../src/kb/index.ts";
import { sampleCorpusKnowledgeBase } from "../helpers/knowledge-base.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

/**
 * The conformance cases of the knowledge-base and guardrail operations (test/conformance/cases), each
 * sent with the real JS SDK to the local Bedrock: one validation rule per case, asserted by status,
 * error type and message.
 */
interface Case {
  name: string;
  service: "bedrock-runtime" | "bedrock-agent-runtime";
  operation: string;
  input: unknown;
  expect: { status: number; error: string; message: string };
}

const load = (file: string) =>
  JSON.parse(readFileSync(new URL(`../conformance/cases/${file}`, import.meta.url), "utf8")) as Case[];
const GUARDRAIL = JSON.parse(
  readFileSync(new URL("../../graphs/guardrails/default.json", import.meta.url), "utf8"),
);
const PLACEHOLDERS = {
  knowledgeBaseId: knowledgeBaseIdOf("larkspur"),
  guardrailId: guardrailIdOf(GUARDRAIL.name),
  guardrailVersion: "DRAFT",
  onDemandModelId: "anthropic.claude-3-haiku-20240307-v1:0",
};

function substitute(input: unknown): Record<string, unknown> {
  const text = JSON.stringify(input).replace(
    /\$\{(\w+)\}/g,
    (_, name: keyof typeof PLACEHOLDERS) => PLACEHOLDERS[name] ?? `\${${name}}`,
  );
  return JSON.parse(text, (_key, value) =>
    value && typeof value === "object" && typeof value.$base64 === "string"
      ? new Uint8Array(Buffer.from(value.$base64, "base64"))
      : value,
  );
}

async function setup() {
  const kb = await sampleCorpusKnowledgeBase();
  const guardrails = new GuardrailRegistry();
  guardrails.register(GUARDRAIL);
  const server = await localBedrock({
    knowledgeBases: (id) => (id === PLACEHOLDERS.knowledgeBaseId ? kb : undefined),
    guardrails,
  });
  const options = {
    region: "us-east-1",
    endpoint: server.url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  };
  return {
    "bedrock-agent-runtime": {
      client: new agentRuntime.BedrockAgentRuntimeClient(options),
      module: agentRuntime,
    },
    "bedrock-runtime": { client: new runtime.BedrockRuntimeClient(options), module: runtime },
  };
}

const cases = [...load("knowledge-bases.json"), ...load("guardrails.json")];

describe("knowledge-base and guardrail validation as Bedrock's (conformance cases, JS SDK)", () => {
  it("every case names an operation of its service and a 400 or 404", () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    for (const c of cases) {
      const module = c.service === "bedrock-runtime" ? runtime : agentRuntime;
      expect(module, c.name).toHaveProperty(`${c.operation}Command`);
      expect([400, 404], c.name).toContain(c.expect.status);
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const sdk = (await setup())[c.service];
    const Command = (sdk.module as unknown as Record<string, new (input: unknown) => unknown>)[
      `${c.operation}Command`
    ] as new (
      input: unknown,
    ) => never;
    const error = await (sdk.client as { send(command: unknown): Promise<unknown> })
      .send(new Command(substitute(c.input)))
      .then(
        () => undefined,
        (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode?: number } },
      );
    expect(error, "the request was accepted").toBeDefined();
    expect(error?.name).toBe(c.expect.error);
    expect(error?.$metadata.httpStatusCode).toBe(c.expect.status);
    expect(error?.message).toContain(c.expect.message);
  });
});
