import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BedrockClient, GetGuardrailCommand, ListGuardrailsCommand } from "@aws-sdk/client-bedrock";
import { describe, expect, it } from "vitest";
import {
  createBedrockAgentClient,
  createBedrockControlClient,
  importAgentDefinition,
  loadAgentDefinition,
  notCarried,
  readAgentDefinition,
} from "../../src/bedrock-agents/index.ts";
import { guardrailConfigFromOutput } from "../../src/guardrails/get-guardrail-output.ts";
import { guardrailIdOf } from "../../src/guardrails/guardrail-id.ts";
import { GuardrailRegistry } from "../../src/guardrails/registry.ts";
import { SAMPLE_AGENT_DIR } from "../helpers/agent-definitions.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

const root = join(import.meta.dirname, "../..");
const defaultConfig = JSON.parse(readFileSync(join(root, "graphs/guardrails/default.json"), "utf8"));
const DEFAULT_ID = guardrailIdOf(defaultConfig.name);

async function serve() {
  const guardrails = new GuardrailRegistry();
  guardrails.register(defaultConfig, { version: "DRAFT" });
  guardrails.register(defaultConfig, { version: "1" });
  guardrails.register(defaultConfig, { version: "2" });
  guardrails.register({ ...defaultConfig, name: "second" }, { id: "grsecond1", version: "1" });
  const server = await localBedrock({ guardrails });
  return { server, client: createBedrockControlClient({ endpoint: server.url }) };
}

const failure = async (promise: Promise<unknown>) => {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as (Error & { $metadata?: { httpStatusCode?: number } }) | undefined;
  return { name: error?.name, status: error?.$metadata?.httpStatusCode, message: error?.message };
};

describe("GetGuardrail / ListGuardrails on the local Bedrock, through the real BedrockClient", () => {
  it("GetGuardrail answers the service model's output shape, which maps back to the registered config", async () => {
    const { client } = await serve();
    const output = await client.send(
      new GetGuardrailCommand({ guardrailIdentifier: DEFAULT_ID, guardrailVersion: "1" }),
    );
    expect(output).toMatchObject({
      name: defaultConfig.name,
      guardrailId: DEFAULT_ID,
      guardrailArn: `arn:aws:bedrock:us-east-1:123456789012:guardrail/${DEFAULT_ID}`,
      version: "1",
      status: "READY",
      blockedInputMessaging: defaultConfig.blockedInputMessaging,
    });
    expect(output.createdAt).toBeInstanceOf(Date);
    expect(output.topicPolicy?.topics?.[0]?.name).toBe(defaultConfig.topicPolicyConfig.topicsConfig[0].name);
    expect(output.contentPolicy?.filters).toHaveLength(
      defaultConfig.contentPolicyConfig.filtersConfig.length,
    );
    const { $metadata: _metadata, ...body } = output;
    expect(guardrailConfigFromOutput(body).config).toEqual(JSON.parse(JSON.stringify(defaultConfig)));
    // No version: the DRAFT; an ARN identifies the guardrail too.
    expect((await client.send(new GetGuardrailCommand({ guardrailIdentifier: DEFAULT_ID }))).version).toBe(
      "DRAFT",
    );
    const byArn = await client.send(
      new GetGuardrailCommand({ guardrailIdentifier: output.guardrailArn, guardrailVersion: "2" }),
    );
    expect(byArn.version).toBe("2");
  });

  it("ListGuardrails lists one entry per guardrail, every version of one, and pages", async () => {
    const { client } = await serve();
    const all = await client.send(new ListGuardrailsCommand({}));
    expect(all.guardrails?.map((g) => [g.id, g.version]).sort()).toEqual(
      [
        [DEFAULT_ID, "DRAFT"],
        ["grsecond1", "1"],
      ].sort(),
    );
    expect(all.guardrails?.[0]?.createdAt).toBeInstanceOf(Date);
    const versions = await client.send(new ListGuardrailsCommand({ guardrailIdentifier: DEFAULT_ID }));
    expect(versions.guardrails?.map((g) => g.version)).toEqual(["DRAFT", "1", "2"]);
    const first = await client.send(
      new ListGuardrailsCommand({ guardrailIdentifier: DEFAULT_ID, maxResults: 2 }),
    );
    expect(first.guardrails?.map((g) => g.version)).toEqual(["DRAFT", "1"]);
    const rest = await client.send(
      new ListGuardrailsCommand({
        guardrailIdentifier: DEFAULT_ID,
        maxResults: 2,
        nextToken: first.nextToken,
      }),
    );
    expect(rest.guardrails?.map((g) => g.version)).toEqual(["2"]);
    expect(rest.nextToken).toBeUndefined();
  });

  it("answers 404 for unknown guardrails and versions, 400 for malformed ids, versions and page sizes", async () => {
    const { client } = await serve();
    expect(
      await failure(
        client.send(new GetGuardrailCommand({ guardrailIdentifier: "nosuchgr1", guardrailVersion: "1" })),
      ),
    ).toMatchObject({
      name: "ResourceNotFoundException",
      status: 404,
      message: expect.stringContaining("nosuchgr1"),
    });
    expect(
      await failure(
        client.send(new GetGuardrailCommand({ guardrailIdentifier: DEFAULT_ID, guardrailVersion: "9" })),
      ),
    ).toMatchObject({ name: "ResourceNotFoundException", status: 404 });
    expect(
      await failure(client.send(new ListGuardrailsCommand({ guardrailIdentifier: "nosuchgr1" }))),
    ).toMatchObject({
      name: "ResourceNotFoundException",
      status: 404,
    });
    expect(
      await failure(client.send(new GetGuardrailCommand({ guardrailIdentifier: "Glassbox-Default" }))),
    ).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "1 validation error detected: Value 'Glassbox-Default' at 'guardrailIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))",
    });
    expect(
      await failure(
        client.send(new GetGuardrailCommand({ guardrailIdentifier: DEFAULT_ID, guardrailVersion: "v1" })),
      ),
    ).toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("Value 'v1' at 'guardrailVersion' failed to satisfy constraint"),
    });
    expect(await failure(client.send(new ListGuardrailsCommand({ maxResults: 5000 })))).toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(
        "Value '5000' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
      ),
    });
  });
});

describe("readAgentDefinition reads the guardrail's policies with GetGuardrail", () => {
  it("carries the registered guardrail's config into the definition and the module's guardrail.json", async () => {
    const sample = await loadAgentDefinition(join(SAMPLE_AGENT_DIR, "api"));
    const config = sample.guardrail?.config;
    const guardrails = new GuardrailRegistry();
    guardrails.register(config, { id: "larkspurhrgr", version: "1" });
    // The definition served without its config: only GetGuardrail can supply it.
    const { guardrail: _guardrail, ...bare } = sample;
    const server = await localBedrock({ agents: [bare], guardrails });
    const definition = await readAgentDefinition({ agentId: "LRKSPURHR1", endpoint: server.url });
    expect(server.requests.all("GetGuardrail")).toHaveLength(1);
    expect(definition.guardrail).toEqual({
      guardrailIdentifier: "larkspurhrgr",
      guardrailVersion: "1",
      config,
    });
    const { files, report } = importAgentDefinition(definition);
    expect(JSON.parse(files["guardrail.json"] ?? "{}")).toEqual(config);
    expect(notCarried(report)).toEqual([]);
  });

  it("a caller denied GetGuardrail gets a not-carried item that says why, not a crash", async () => {
    const sample = await loadAgentDefinition(join(SAMPLE_AGENT_DIR, "api"));
    const agents = await localBedrock({ agents: [sample] });
    // An account whose policy denies bedrock:GetGuardrail: every request is AccessDeniedException.
    const denying = await localBedrock({ faults: { errorRate: 1, errorType: "AccessDeniedException" } });
    const definition = await readAgentDefinition({
      agentId: "LRKSPURHR1",
      client: createBedrockAgentClient({ endpoint: agents.url }),
      guardrailClient: new BedrockClient({
        region: "us-east-1",
        endpoint: denying.url,
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        maxAttempts: 1,
      }),
    });
    expect(definition.guardrail?.config).toBeUndefined();
    expect(definition.guardrail?.configError).toMatch(
      /^GetGuardrail larkspurhrgr version 1 failed: AccessDeniedException/,
    );
    const { files, report } = importAgentDefinition(definition);
    expect(files["guardrail.json"]).toBeUndefined();
    const item = notCarried(report).find((entry) => entry.field === "guardrail.config");
    expect(item?.detail).toContain("could not be read");
    expect(item?.detail).toContain("AccessDeniedException");
    expect(item?.detail).toContain("bedrock:GetGuardrail");
    // The module still names the guardrail: Bedrock applies it online.
    expect(files["agent.ts"]).toContain("larkspurhrgr");
  });
});
