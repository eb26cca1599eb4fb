import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { formatIssues } from "../config/config-error.ts";
import { ConfigError } from "../errors.ts";
import { GuardrailConfigSchema } from "../guardrails/config.ts";
import { AgentActionGroupSchema } from "./action-group-definition.ts";

/**
 * A Bedrock Agent definition as the `bedrock-agent` API returns it: `GetAgent`'s `agent`, each action
 * group's `GetAgentActionGroup` output, `ListAgentKnowledgeBases`' summaries and the guardrail. Fields are
 * validated with the service model's patterns and limits; fields the schemas do not name are kept, so an
 * import can report them instead of losing them.
 */

const Id = z.string().regex(/^[0-9a-zA-Z]{10}$/, "expected a 10-character id ([0-9a-zA-Z]{10})");
const Name = z.string().regex(/^([0-9a-zA-Z][_-]?){1,100}$/, "expected a name of letters, digits, _ and -");
const Version = z.string().regex(/^(DRAFT|[0-9]{0,4}[1-9][0-9]{0,4})$/, "expected DRAFT or a version number");
const LambdaArn = z
  .string()
  .regex(
    /^arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}(-gov)?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_.]+(:(\$LATEST|[a-zA-Z0-9-_]+))?$/,
    "expected a Lambda function ARN",
  );
/** Timestamps: ISO strings in the CLI's JSON, `Date`s from the SDK; kept as ISO strings. */
const Timestamp = z
  .union([z.iso.datetime({ offset: true, error: "expected an ISO 8601 timestamp" }), z.date()])
  .transform((value) => new Date(value).toISOString());
const Description = z.string().min(1).max(200);

const InferenceConfigurationSchema = z.looseObject({
  temperature: z.number().min(0).max(1).optional(),
  topP: z.number().min(0).max(1).optional(),
  topK: z.number().int().min(0).max(500).optional(),
  maximumLength: z.number().int().min(0).optional(),
  stopSequences: z.array(z.string()).max(4).optional(),
});

export const PromptConfigurationSchema = z.looseObject({
  promptType: z
    .enum([
      "PRE_PROCESSING",
      "ORCHESTRATION",
      "POST_PROCESSING",
      "KNOWLEDGE_BASE_RESPONSE_GENERATION",
      "MEMORY_SUMMARIZATION",
    ])
    .optional(),
  promptCreationMode: z.enum(["DEFAULT", "OVERRIDDEN"]).optional(),
  promptState: z.enum(["ENABLED", "DISABLED"]).optional(),
  basePromptTemplate: z.string().min(1).max(100_000).optional(),
  inferenceConfiguration: InferenceConfigurationSchema.optional(),
  parserMode: z.enum(["DEFAULT", "OVERRIDDEN"]).optional(),
  foundationModel: z.string().min(1).max(2048).optional(),
  additionalModelRequestFields: z.record(z.string(), z.unknown()).optional(),
});

export const GuardrailConfigurationSchema = z.looseObject({
  guardrailIdentifier: z
    .string()
    .regex(
      /^(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+))$/,
      "expected a guardrail id or ARN",
    )
    .optional(),
  guardrailVersion: z
    .string()
    .regex(/^(([0-9]{1,8})|(DRAFT))$/, "expected DRAFT or a version number")
    .optional(),
});

/** `GetAgent`'s `agent` (also `GetAgentVersion`'s `agentVersion`, whose version is a number). */
export const AgentSchema = z.looseObject({
  agentId: Id,
  agentName: Name,
  agentArn: z
    .string()
    .regex(/^arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:agent\/[0-9a-zA-Z]{10}$/, "expected an agent ARN"),
  agentVersion: Version,
  agentStatus: z.enum([
    "CREATING",
    "PREPARING",
    "PREPARED",
    "NOT_PREPARED",
    "DELETING",
    "FAILED",
    "VERSIONING",
    "UPDATING",
  ]),
  instruction: z.string().min(40).max(4000).optional(),
  foundationModel: z.string().min(1).max(2048).optional(),
  description: Description.optional(),
  orchestrationType: z.enum(["DEFAULT", "CUSTOM_ORCHESTRATION"]).optional(),
  customOrchestration: z
    .looseObject({ executor: z.looseObject({ lambda: LambdaArn.optional() }).optional() })
    .optional(),
  idleSessionTTLInSeconds: z.number().int().min(60).max(5400),
  agentResourceRoleArn: z.string().min(1),
  customerEncryptionKeyArn: z.string().optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  preparedAt: Timestamp.optional(),
  failureReasons: z.array(z.string()).optional(),
  recommendedActions: z.array(z.string()).optional(),
  promptOverrideConfiguration: z
    .looseObject({
      promptConfigurations: z.array(PromptConfigurationSchema).max(10),
      overrideLambda: LambdaArn.optional(),
    })
    .optional(),
  guardrailConfiguration: GuardrailConfigurationSchema.optional(),
  memoryConfiguration: z
    .looseObject({
      enabledMemoryTypes: z
        .array(z.enum(["SESSION_SUMMARY"]))
        .min(1)
        .max(1),
      storageDays: z.number().int().min(0).max(365).optional(),
      sessionSummaryConfiguration: z
        .looseObject({ maxRecentSessions: z.number().int().min(1).optional() })
        .optional(),
    })
    .optional(),
  agentCollaboration: z.enum(["SUPERVISOR", "SUPERVISOR_ROUTER", "DISABLED"]).optional(),
  clientToken: z.string().optional(),
});

/** One of `ListAgentKnowledgeBases`' `agentKnowledgeBaseSummaries` (or `GetAgentKnowledgeBase`'s output). */
export const AgentKnowledgeBaseSchema = z.looseObject({
  knowledgeBaseId: Id,
  description: Description.optional(),
  knowledgeBaseState: z.enum(["ENABLED", "DISABLED"]),
  updatedAt: Timestamp,
});

/** The agent's guardrail: its id/version, and its `CreateGuardrail` config (read with `GetGuardrail`, or given for offline runs). */
export const AgentGuardrailSchema = z
  .object({
    guardrailIdentifier: GuardrailConfigurationSchema.shape.guardrailIdentifier.unwrap(),
    guardrailVersion: GuardrailConfigurationSchema.shape.guardrailVersion.unwrap(),
    config: GuardrailConfigSchema.optional(),
    /** Why the config could not be read from the account (`GetGuardrail` denied or not found). */
    configError: z.string().min(1).optional(),
    /** `GetGuardrail` members the config cannot hold (a newer API), listed in the import report. */
    unmapped: z.array(z.string()).optional(),
  })
  .strict();

/** The bundle `glassbox agents import` reads and the local Bedrock serves. */
export const AgentDefinitionSchema = z
  .object({
    agent: AgentSchema,
    actionGroups: z
      .array(
        AgentActionGroupSchema.loose().transform((group) => ({
          ...group,
          createdAt: new Date(group.createdAt).toISOString(),
          updatedAt: new Date(group.updatedAt).toISOString(),
        })),
      )
      .max(20)
      .default([]),
    knowledgeBases: z.array(AgentKnowledgeBaseSchema).default([]),
    guardrail: AgentGuardrailSchema.optional(),
  })
  .strict()
  .superRefine((definition, ctx) => {
    const names = new Set<string>();
    definition.actionGroups.forEach((group, index) => {
      if (names.has(group.actionGroupName))
        ctx.addIssue({
          code: "custom",
          path: ["actionGroups", index, "actionGroupName"],
          message: `duplicate action group name "${group.actionGroupName}"`,
        });
      names.add(group.actionGroupName);
      if (group.agentId !== definition.agent.agentId)
        ctx.addIssue({
          code: "custom",
          path: ["actionGroups", index, "agentId"],
          message: `expected the agent's id ${definition.agent.agentId}`,
        });
      if (group.apiSchema && group.functionSchema)
        ctx.addIssue({
          code: "custom",
          path: ["actionGroups", index],
          message: "expected apiSchema or functionSchema, not both",
        });
    });
    const configured = definition.agent.guardrailConfiguration;
    if (
      definition.guardrail &&
      configured?.guardrailIdentifier &&
      configured.guardrailIdentifier !== definition.guardrail.guardrailIdentifier
    )
      ctx.addIssue({
        code: "custom",
        path: ["guardrail", "guardrailIdentifier"],
        message: `expected the agent's guardrailConfiguration.guardrailIdentifier ${configured.guardrailIdentifier}`,
      });
  });

export type AgentDefinition = z.output<typeof AgentDefinitionSchema>;
export type AgentDefinitionInput = z.input<typeof AgentDefinitionSchema>;
export type BedrockAgent = AgentDefinition["agent"];
export type AgentActionGroup = AgentDefinition["actionGroups"][number];
export type AgentKnowledgeBase = AgentDefinition["knowledgeBases"][number];

/** Validates a definition bundle; the error names `source` and each bad field. */
export function parseAgentDefinition(input: unknown, source = "definition"): AgentDefinition {
  const parsed = AgentDefinitionSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error, source), { cause: parsed.error });
  return parsed.data;
}

/**
 * Reads a definition: one JSON bundle (`{ agent, actionGroups, knowledgeBases, guardrail }`), or a folder of
 * the raw API outputs (`aws bedrock-agent get-agent > get-agent.json`, one `get-agent-action-group` output
 * per action group, `list-agent-knowledge-bases`, and a `guardrail.json` with `guardrailIdentifier`,
 * `guardrailVersion` and optionally `config`), told apart by their top-level keys. Errors name the file and field.
 *
 * @example
 * ```ts
 * const definition = await loadAgentDefinition("exported-agent/");
 * const { files, report } = importAgentDefinition(definition);
 * ```
 */
export async function loadAgentDefinition(path: string): Promise<AgentDefinition> {
  const info = await stat(path).catch(() => {
    throw new ConfigError(`${path}: no such file or folder`);
  });
  if (!info.isDirectory()) return parseAgentDefinition(await readJson(path), path);
  return loadFolder(path);
}

async function loadFolder(dir: string): Promise<AgentDefinition> {
  // The folder `glassbox agents import` writes holds the bundle as definition.json.
  const bundle = join(dir, "definition.json");
  if (
    await stat(bundle).then(
      (entry) => entry.isFile(),
      () => false,
    )
  )
    return parseAgentDefinition(await readJson(bundle), bundle);
  const files = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith(".json")).sort();
  let agent: { file: string; value: unknown } | undefined;
  const groups: Array<{ file: string; value: unknown }> = [];
  const knowledgeBases: Array<{ file: string; value: unknown }> = [];
  let guardrail: { file: string; value: unknown } | undefined;
  for (const name of files) {
    const file = join(dir, name);
    const json = await readJson(file);
    if (!json || typeof json !== "object" || Array.isArray(json))
      throw new ConfigError(`${file}: (file): expected a JSON object`);
    const value = json as Record<string, unknown>;
    if ("agent" in value || ("agentVersion" in value && typeof value.agentVersion === "object")) {
      if (agent)
        throw new ConfigError(`${file}: agent: a second GetAgent output (the first is ${agent.file})`);
      agent = { file, value: value.agent ?? value.agentVersion };
    } else if ("agentActionGroup" in value) groups.push({ file, value: value.agentActionGroup });
    else if ("agentKnowledgeBaseSummaries" in value) {
      const list = value.agentKnowledgeBaseSummaries;
      if (!Array.isArray(list))
        throw new ConfigError(`${file}: agentKnowledgeBaseSummaries: expected an array`);
      for (const item of list) knowledgeBases.push({ file, value: item });
    } else if ("agentKnowledgeBase" in value) knowledgeBases.push({ file, value: value.agentKnowledgeBase });
    else if ("guardrailIdentifier" in value) guardrail = { file, value };
    else if (!("actionGroupSummaries" in value))
      throw new ConfigError(
        `${file}: (file): expected a GetAgent, GetAgentActionGroup, ListAgentKnowledgeBases or guardrail output (keys agent, agentActionGroup, agentKnowledgeBaseSummaries or guardrailIdentifier)`,
      );
  }
  if (!agent)
    throw new ConfigError(`${dir}: no GetAgent output (a JSON file with an "agent" key) in the folder`);
  // Each part is checked against its own file, so errors name the file the field is in.
  const check = <S extends z.ZodType>(schema: S, part: { file: string; value: unknown }, prefix: string) => {
    const parsed = schema.safeParse(part.value);
    if (!parsed.success)
      throw new ConfigError(
        formatIssues(parsed.error, `${part.file}`).replaceAll(`${part.file}: `, `${part.file}: ${prefix}`),
        { cause: parsed.error },
      );
    return parsed.data as z.output<S>;
  };
  const definition = {
    agent: check(AgentSchema, agent, "agent."),
    actionGroups: groups.map((group) => check(AgentActionGroupSchema, group, "agentActionGroup.")),
    knowledgeBases: knowledgeBases.map((kb) => check(AgentKnowledgeBaseSchema, kb, "")),
    ...(guardrail ? { guardrail: check(AgentGuardrailSchema, guardrail, "") } : {}),
  };
  return parseAgentDefinition(definition, dir);
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}
