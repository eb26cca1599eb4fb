import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  agentModel,
  importAgentDefinition,
  loadAgentDefinition,
  notCarried,
  parseAgentDefinition,
  renderImportReport,
} from "../../src/bedrock-agents/index.ts";
import { kitchenSinkBundle, SAMPLE_AGENT_DIR, sampleAgentBundle } from "../helpers/agent-definitions.ts";
import { tempDir } from "../helpers/fixtures.ts";

const SAMPLE_IMPORTS = (entry: string) => (entry ? `../../src/${entry}/index.ts` : "../../src/index.ts");
const BIOME = join(import.meta.dirname, "../../node_modules/.bin/biome");

/** The source as `biome format` leaves it (the committed sample is formatted; the generator's output is not). */
const formatted = (source: string) =>
  execFileSync(BIOME, ["format", `--stdin-file-path=${join(SAMPLE_AGENT_DIR, "agent.ts")}`], {
    input: source,
    encoding: "utf8",
  });

describe("importAgentDefinition", () => {
  it("the sample agent: instruction, model profile, action groups, knowledge base and guardrail carried over", async () => {
    const definition = await loadAgentDefinition(join(SAMPLE_AGENT_DIR, "api"));
    const { files, report, factoryName } = importAgentDefinition(definition, { importFrom: SAMPLE_IMPORTS });
    expect(factoryName).toBe("createLarkspurHrAssistant");
    const source = files["agent.ts"] ?? "";
    expect(source).toContain(
      `export const SYSTEM_PROMPT = \`${definition.agent.instruction}\n\n$prompt_session_attributes$\`;`,
    );
    // A base id of a model served only through profiles becomes the agent's geography's profile.
    expect(source).toContain('modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0"');
    expect(source).toContain('guardrailIdentifier: "larkspurhrgr"');
    expect(source).toContain(
      "lambdaExecutor({ functionName: ACTION_GROUPS.LeaveApi.actionGroupExecutor.lambda",
    );
    expect(JSON.parse(files["action-groups/LeaveApi.openapi.json"] ?? "{}").paths).toHaveProperty(
      "/employees/{employeeId}/leave-balance",
    );
    expect(JSON.parse(files["guardrail.json"] ?? "{}").name).toBe("larkspur-hr");
    const fields = report.items.map((item) => `${item.status} ${item.field}`);
    expect(fields).toContain("carried agent.instruction");
    expect(fields).toContain("adapted agent.foundationModel");
    expect(fields).toContain("carried knowledgeBases[LARKSPURKB]");
    expect(fields).toContain("carried agent.guardrailConfiguration");
    expect(report.items.find((item) => item.field.startsWith("actionGroups[LeaveApi]"))?.detail).toContain(
      "get__LeaveApi__getLeaveBalance",
    );
    // Bedrock's default XML stop sequences and topK have no Converse counterpart: reported as adapted.
    expect(fields).toContain(
      "adapted agent.promptOverrideConfiguration.promptConfigurations[ORCHESTRATION].inferenceConfiguration.stopSequences",
    );
    expect(notCarried(report)).toEqual([]);
  });

  it("the committed sample module is what the import generates from the sample's API outputs", async () => {
    const definition = await loadAgentDefinition(join(SAMPLE_AGENT_DIR, "api"));
    const { files } = importAgentDefinition(definition, { importFrom: SAMPLE_IMPORTS });
    expect(formatted(files["agent.ts"] ?? "")).toBe(readFileSync(join(SAMPLE_AGENT_DIR, "agent.ts"), "utf8"));
    expect(JSON.parse(readFileSync(join(SAMPLE_AGENT_DIR, "definition.json"), "utf8"))).toEqual(
      JSON.parse(files["definition.json"] ?? ""),
    );
  });

  it("lists every item it cannot carry over, with the reason", () => {
    const { files, report } = importAgentDefinition(parseAgentDefinition(kitchenSinkBundle()));
    const missing = new Map(notCarried(report).map((item) => [item.field, item.detail]));
    expect(missing.get("agent.orchestrationType")).toContain(
      "arn:aws:lambda:eu-west-1:123456789012:function:orchestrator",
    );
    expect(missing.get("agent.promptOverrideConfiguration.overrideLambda")).toContain("parser");
    expect(
      missing.get("agent.promptOverrideConfiguration.promptConfigurations[ORCHESTRATION].parserMode"),
    ).toContain("OVERRIDDEN");
    expect(
      missing.get("agent.promptOverrideConfiguration.promptConfigurations[ORCHESTRATION].basePromptTemplate"),
    ).toContain("prompts/orchestration.txt");
    expect(files["prompts/orchestration.txt"]).toBe("$instruction$ $tools$ $agent_scratchpad$");
    expect(missing.get("agent.promptOverrideConfiguration.promptConfigurations[PRE_PROCESSING]")).toContain(
      "pre-processing",
    );
    expect(missing.get("agent.memoryConfiguration")).toContain("SESSION_SUMMARY");
    // Stop sequences the user chose (with an overridden template) cannot be carried over either.
    expect(
      missing.get(
        "agent.promptOverrideConfiguration.promptConfigurations[ORCHESTRATION].inferenceConfiguration.stopSequences",
      ),
    ).toContain("</answer>");
    expect(missing.get("agent.agentCollaboration")).toContain("SUPERVISOR");
    expect(missing.get("agent.customerEncryptionKeyArn")).toBeDefined();
    expect(missing.get("agent.someFutureField")).toBe("a field this importer does not know");
    expect(missing.get("actionGroups[ClientLookups].futureGroupSetting")).toBe(
      "a field this importer does not know",
    );
    expect(missing.get("actionGroups[CodeInterpreterAction]")).toContain("AMAZON.CodeInterpreter");
    expect(missing.get("actionGroups[Retired]")).toContain("DISABLED");
    expect(missing.get("actionGroups[FromS3].apiSchema.s3")).toContain("s3://schemas-bucket/api.yaml");
    expect(missing.get("knowledgeBases[KBOFF00001]")).toContain("DISABLED");
    // What does carry over: the orchestration settings, user input, return of control, the enabled KB.
    const source = files["agent.ts"] ?? "";
    expect(source).toContain("temperature: 0.2");
    expect(source).toContain("maxTokens: 1024");
    expect(source).toContain('parentActionSignature: "AMAZON.UserInput"');
    expect(source).toContain("...actionGroupTools(ACTION_GROUPS.ClientLookups),");
    expect(source).not.toContain("Retired");
    expect(source).not.toContain("KBOFF00001");
    expect(source).toContain('"KBON000001"');
    expect(source).toContain('modelId: "eu.anthropic.claude-3-7-sonnet-20250219-v1:0"');
    const markdown = renderImportReport(report);
    expect(markdown).toContain(`${missing.size} item(s) could not be carried over`);
    expect(markdown).toContain("## Not carried over");
    expect(markdown).toContain("`agent.memoryConfiguration`");
  });

  it("a group Bedrock Agents would refuse is reported with ag-tools' reason, not generated", () => {
    const bundle = sampleAgentBundle();
    const leave = bundle.actionGroups?.[1] as { apiSchema: { payload: string } };
    const spec = JSON.parse(leave.apiSchema.payload);
    delete spec.paths["/employees/{employeeId}/leave-balance"].get.operationId;
    leave.apiSchema.payload = JSON.stringify(spec);
    const { files, report } = importAgentDefinition(parseAgentDefinition(bundle));
    const item = notCarried(report).find((entry) => entry.field === "actionGroups[LeaveApi]");
    expect(item?.detail).toMatch(/operationId/);
    expect(files["agent.ts"]).not.toContain("LeaveApi");
  });
});

describe("agentModel", () => {
  it("maps a profile-only base id to the profile of the agent region's geography that the catalogue has", () => {
    expect(agentModel("anthropic.claude-sonnet-4-20250514-v1:0", "eu-central-1").modelId).toBe(
      "eu.anthropic.claude-sonnet-4-20250514-v1:0",
    );
    expect(agentModel("anthropic.claude-sonnet-4-20250514-v1:0", "ap-south-1").modelId).toBe(
      "apac.anthropic.claude-sonnet-4-20250514-v1:0",
    );
    // Tokyo: the Japan profile (narrower) before Asia Pacific; Haiku 4.5 has jp, not apac.
    const tokyo = agentModel("anthropic.claude-haiku-4-5-20251001-v1:0", "ap-northeast-1");
    expect(tokyo.modelId).toBe("jp.anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(tokyo.mapped).toContain("the jp profile, for ap-northeast-1");
    // Claude 3.7 Sonnet has apac but no jp: Tokyo falls back to apac.
    expect(agentModel("anthropic.claude-3-7-sonnet-20250219-v1:0", "ap-northeast-1").modelId).toBe(
      "apac.anthropic.claude-3-7-sonnet-20250219-v1:0",
    );
  });

  it("falls back to the global profile, else keeps the id with a warning listing the profiles", () => {
    const saoPaulo = agentModel("anthropic.claude-sonnet-4-20250514-v1:0", "sa-east-1");
    expect(saoPaulo.modelId).toBe("global.anthropic.claude-sonnet-4-20250514-v1:0");
    expect(saoPaulo.mapped).toContain("global profile");
    // Claude Haiku 4.5 has no apac profile: Mumbai gets global.
    expect(agentModel("anthropic.claude-haiku-4-5-20251001-v1:0", "ap-south-1").modelId).toBe(
      "global.anthropic.claude-haiku-4-5-20251001-v1:0",
    );
    // Opus 4.1 has only the us profile: an eu agent cannot be mapped.
    const opus = agentModel("anthropic.claude-opus-4-1-20250805-v1:0", "eu-west-1");
    expect(opus.modelId).toBe("anthropic.claude-opus-4-1-20250805-v1:0");
    expect(opus.mapped).toBeUndefined();
    expect(opus.warning).toContain("eu-west-1");
    expect(opus.warning).toContain("us.anthropic.claude-opus-4-1-20250805-v1:0");
  });

  it("keeps on-demand ids, profiles, ARNs and unknown models, and flags a profile the model lacks", () => {
    expect(agentModel("amazon.nova-lite-v1:0", "us-east-1")).toEqual({ modelId: "amazon.nova-lite-v1:0" });
    expect(agentModel("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "us-west-2")).toEqual({
      modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    });
    const arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0";
    expect(agentModel(arn, "us-east-1")).toEqual({ modelId: arn });
    expect(agentModel("acme.future-model-v1:0", "us-east-1")).toEqual({ modelId: "acme.future-model-v1:0" });
    const wrong = agentModel("apac.anthropic.claude-opus-4-1-20250805-v1:0", "ap-south-1");
    expect(wrong.modelId).toBe("apac.anthropic.claude-opus-4-1-20250805-v1:0");
    expect(wrong.warning).toContain("us.anthropic.claude-opus-4-1-20250805-v1:0");
  });
});

describe("a generated module", () => {
  it("loads and builds its agent: return of control and AMAZON.UserInput as client tools, the enabled knowledge base", async () => {
    const src = join(import.meta.dirname, "../../src");
    const { files, factoryName } = importAgentDefinition(parseAgentDefinition(kitchenSinkBundle()), {
      importFrom: (entry) => pathToFileURL(join(src, entry, "index.ts")).href,
    });
    const dir = tempDir();
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const module = (await import(pathToFileURL(join(dir, "agent.ts")).href)) as Record<string, unknown>;
    expect(module.MODEL).toMatchObject({ modelId: "eu.anthropic.claude-3-7-sonnet-20250219-v1:0" });
    const create = module[factoryName] as (options: object) => {
      name: string;
      pauses: boolean;
      graph: unknown;
    };
    const agent = create({ endpoint: "http://127.0.0.1:9" });
    expect(agent.name).toBe("kitchen-sink");
    // RETURN_CONTROL and ask_user pause the run for the caller.
    expect(agent.pauses).toBe(true);
    const drawn = await (
      agent.graph as { getGraphAsync(): Promise<{ nodes: Record<string, unknown> }> }
    ).getGraphAsync();
    expect(Object.keys(drawn.nodes)).toEqual(
      expect.arrayContaining(["think", "act", "kb_search_KBON000001_sources"]),
    );
  });
});
