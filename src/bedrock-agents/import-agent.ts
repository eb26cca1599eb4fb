import { DEFAULT_MODEL_ID, findModel } from "../model/catalog.ts";
import type { Tool } from "../tools/define-tool.ts";
import { type AgentActionGroup, AgentActionGroupSchema } from "./action-group-definition.ts";
import { ActionGroupError } from "./action-group-error.ts";
import { actionGroupTools } from "./action-group-tools.ts";
import type { AgentDefinition, BedrockAgent } from "./agent-definition.ts";
import { AgentKnowledgeBaseSchema, AgentSchema } from "./agent-definition.ts";
import { agentModel } from "./agent-model.ts";
import type { ImportReport, ImportReportItem } from "./import-report.ts";
import { USER_INPUT_TOOL } from "./user-input-tool.ts";

/** Options of {@link importAgentDefinition}. */
export interface ImportAgentOptions {
  /**
   * The module specifier of each Glassbox entry point the module imports (`""` is the main one, then
   * `"kb"`, `"guardrails"`, `"bedrock-agents"`). Default: the package (`glassbox`, `glassbox/kb`...).
   */
  importFrom?: (entry: "" | "kb" | "guardrails" | "bedrock-agents") => string;
}

/** An imported agent: the files to write (path relative to the output folder → text) and the report. */
export interface ImportedAgent {
  /** `agent.ts` (the module), the OpenAPI schemas it reads, `guardrail.json`, `definition.json`, overridden prompts. */
  files: Record<string, string>;
  /** The module's file name among `files`. */
  moduleFile: string;
  /** The factory the module exports (`createHrAssistant`). */
  factoryName: string;
  report: ImportReport;
}

/** The Converse model config the module gets, before region and endpoint. */
interface ModelPlan {
  modelId: string;
  inferenceConfig?: { temperature?: number; topP?: number; maxTokens?: number };
  additionalModelRequestFields?: Record<string, unknown>;
  guardrailConfig?: { guardrailIdentifier: string; guardrailVersion: string };
}

/**
 * Turns a Bedrock Agent definition into a Glassbox agent module and a report of every field: carried
 * over, carried with the nearest Glassbox equivalent, or not carried (with the reason). Nothing is
 * dropped without a report item. The module is plain TypeScript meant to be read and edited.
 *
 * @example
 * ```ts
 * import { importAgentDefinition, loadAgentDefinition, renderImportReport } from "glassbox/bedrock-agents";
 *
 * const { files, report } = importAgentDefinition(await loadAgentDefinition("agent.json"));
 * for (const [name, text] of Object.entries(files)) await writeFile(join("my-agent", name), text);
 * console.log(renderImportReport(report));
 * ```
 */
export function importAgentDefinition(
  definition: AgentDefinition,
  options: ImportAgentOptions = {},
): ImportedAgent {
  const { agent } = definition;
  const region = agent.agentArn.split(":")[3] || undefined;
  const items: ImportReportItem[] = [];
  const add = (field: string, status: ImportReportItem["status"], detail: string) =>
    items.push({ field, status, detail });
  const files: Record<string, string> = {};

  add(
    "agent.agentId, agentName, agentArn, agentVersion, agentStatus, description, timestamps",
    "carried",
    "the agent's name and description; the rest is identity, recorded in the module's header",
  );
  const systemPrompt = agentSystemPrompt(agent, add);
  const model = modelPlan(definition, region, add);
  for (const prompt of agent.promptOverrideConfiguration?.promptConfigurations ?? [])
    if (prompt.promptCreationMode === "OVERRIDDEN" && prompt.basePromptTemplate && prompt.promptType)
      files[`prompts/${prompt.promptType.toLowerCase()}.txt`] = prompt.basePromptTemplate;
  reportAgentSettings(agent, add);

  const groups = definition.actionGroups.map((group) => planGroup(group, add, files));
  const knowledgeBases = definition.knowledgeBases.flatMap((kb) => {
    const field = `knowledgeBases[${kb.knowledgeBaseId}]`;
    reportUnknown(kb, AgentKnowledgeBaseSchema.shape, field, add);
    if (kb.knowledgeBaseState === "DISABLED") {
      add(field, "not-carried", "disabled on the agent (knowledgeBaseState DISABLED)");
      return [];
    }
    const toolName = `kb_search_${kb.knowledgeBaseId}`;
    add(
      field,
      "carried",
      `the \`${toolName}\` tool (Retrieve on the knowledge base with createBedrockKnowledgeBase); its description tells the model when to search, as in Bedrock Agents`,
    );
    return [
      {
        knowledgeBaseId: kb.knowledgeBaseId,
        toolName,
        description: kbDescription(kb.description, kb.knowledgeBaseId),
      },
    ];
  });
  if (definition.guardrail?.config) {
    files["guardrail.json"] = `${JSON.stringify(definition.guardrail.config, null, 2)}\n`;
    add(
      "guardrail.config",
      "carried",
      "written to guardrail.json (a CreateGuardrail config): `glassbox local --guardrail guardrail.json` or LocalGuardrail run it offline",
    );
  }
  if (definition.guardrail?.configError)
    add(
      "guardrail.config",
      "not-carried",
      `the guardrail's policies could not be read (${definition.guardrail.configError}); the module still names the guardrail, so Bedrock applies it online, but no guardrail.json is written for offline runs: allow bedrock:GetGuardrail and import again`,
    );
  for (const member of definition.guardrail?.unmapped ?? [])
    add(
      `guardrail.${member}`,
      "not-carried",
      "a GetGuardrail member this version of Glassbox does not know: not in guardrail.json (Bedrock still applies it online)",
    );

  const factoryName = `create${pascal(agent.agentName)}`;
  const report: ImportReport = {
    agent: {
      agentId: agent.agentId,
      agentName: agent.agentName,
      agentVersion: agent.agentVersion,
      ...(region ? { region } : {}),
    },
    items,
  };
  files["agent.ts"] = moduleSource({
    definition,
    region,
    systemPrompt,
    model,
    groups: groups.flatMap((group) => (group ? [group] : [])),
    knowledgeBases,
    factoryName,
    importFrom: options.importFrom ?? ((entry) => (entry ? `glassbox/${entry}` : "glassbox")),
  });
  files["definition.json"] = `${JSON.stringify(definition, null, 2)}\n`;
  return { files, moduleFile: "agent.ts", factoryName, report };
}

type Add = (field: string, status: ImportReportItem["status"], detail: string) => void;

/** The instruction as the system prompt, with the prompt session attributes placed where Bedrock puts them. */
function agentSystemPrompt(agent: BedrockAgent, add: Add): string {
  if (!agent.instruction) {
    add(
      "agent.instruction",
      "not-carried",
      "the agent has no instruction; the module's system prompt holds only the session attributes",
    );
    return "$prompt_session_attributes$";
  }
  add(
    "agent.instruction",
    "carried",
    "the system prompt, as written; Bedrock's default orchestration prompt (its framing around the instruction, tool-use format and scratchpad) is not copied: Glassbox's loop uses Converse's native tool use",
  );
  add(
    "sessionState.promptSessionAttributes",
    "carried",
    "`$prompt_session_attributes$` at the end of the system prompt is replaced by the run's `sessionState.promptSessionAttributes`, as Bedrock's orchestration prompt does; `sessionAttributes` go to the action groups' Lambda events",
  );
  return `${agent.instruction}\n\n$prompt_session_attributes$`;
}

function modelPlan(definition: AgentDefinition, region: string | undefined, add: Add): ModelPlan {
  const { agent } = definition;
  let modelId: string;
  if (!agent.foundationModel) {
    add(
      "agent.foundationModel",
      "not-carried",
      `the agent names no foundation model; the module uses Glassbox's default ${DEFAULT_MODEL_ID}: set MODEL.modelId`,
    );
    modelId = DEFAULT_MODEL_ID;
  } else {
    const mapped = agentModel(agent.foundationModel, region);
    modelId = mapped.modelId;
    if (mapped.warning)
      add(
        "agent.foundationModel",
        "not-carried",
        `${agent.foundationModel}: kept as given, but ${mapped.warning}`,
      );
    else if (mapped.mapped) add("agent.foundationModel", "adapted", mapped.mapped);
    else add("agent.foundationModel", "carried", `the model (${modelId})`);
  }
  const plan: ModelPlan = { modelId };
  const prompts = agent.promptOverrideConfiguration;
  if (prompts?.overrideLambda)
    add(
      "agent.promptOverrideConfiguration.overrideLambda",
      "not-carried",
      `the parser Lambda ${prompts.overrideLambda} parses Bedrock's raw model output; Glassbox reads Converse's structured tool calls and runs no parser`,
    );
  (prompts?.promptConfigurations ?? []).forEach((prompt, index) => {
    const type = prompt.promptType ?? `[${index}]`;
    const field = `agent.promptOverrideConfiguration.promptConfigurations[${type}]`;
    const enabled = prompt.promptState !== "DISABLED";
    if (prompt.parserMode === "OVERRIDDEN")
      add(
        `${field}.parserMode`,
        "not-carried",
        "OVERRIDDEN: a custom parser Lambda reads this step's output; Glassbox has no such step to parse",
      );
    if (prompt.foundationModel && prompt.foundationModel !== agent.foundationModel)
      add(
        `${field}.foundationModel`,
        "not-carried",
        `this step's own model ${prompt.foundationModel}: the module calls one model (${modelId}) for every step`,
      );
    if (type === "ORCHESTRATION") {
      Object.assign(plan, orchestrationSettings(prompt, field, modelId, add));
      return;
    }
    if (!enabled) {
      add(field, "carried", "disabled on the agent; the module has no such step either");
      return;
    }
    const overridden =
      prompt.promptCreationMode === "OVERRIDDEN"
        ? ` (its overridden template is saved in prompts/${type.toLowerCase()}.txt, not used)`
        : "";
    const reasons: Record<string, string> = {
      PRE_PROCESSING: `Bedrock's pre-processing step classifies the input before orchestration; Glassbox has no such step (a guardrail input checkpoint is the nearest)${overridden}`,
      POST_PROCESSING: `Bedrock's post-processing step rewrites the final answer; Glassbox answers with the model's last turn${overridden}`,
      KNOWLEDGE_BASE_RESPONSE_GENERATION:
        prompt.promptCreationMode === "OVERRIDDEN"
          ? `the overridden template that turns retrieved passages into an answer is not used (saved in prompts/${type.toLowerCase()}.txt): the model reads the passages as the search tool's result`
          : "",
      MEMORY_SUMMARIZATION: `session summaries are not carried over (see memoryConfiguration)${overridden}`,
    };
    const reason = reasons[type];
    if (reason) add(field, "not-carried", reason);
    else
      add(
        field,
        "adapted",
        "the default template; the model reads the passages as the search tool's result and answers with citations",
      );
  });
  const guardrail = agent.guardrailConfiguration;
  if (guardrail?.guardrailIdentifier && guardrail.guardrailVersion) {
    plan.guardrailConfig = {
      guardrailIdentifier: guardrail.guardrailIdentifier,
      guardrailVersion: guardrail.guardrailVersion,
    };
    add(
      "agent.guardrailConfiguration",
      "carried",
      `Converse guardrailConfig (${guardrail.guardrailIdentifier} version ${guardrail.guardrailVersion}) on every model call, plus guardrail checkpoints on tool arguments and tool results, which Converse's guardrailConfig does not see`,
    );
  } else if (guardrail && (guardrail.guardrailIdentifier || guardrail.guardrailVersion)) {
    add("agent.guardrailConfiguration", "not-carried", "needs both guardrailIdentifier and guardrailVersion");
  }
  return plan;
}

/** The orchestration prompt's inference settings, as Converse settings. */
function orchestrationSettings(
  prompt: NonNullable<BedrockAgent["promptOverrideConfiguration"]>["promptConfigurations"][number],
  field: string,
  modelId: string,
  add: Add,
): Partial<ModelPlan> {
  if (prompt.promptCreationMode === "OVERRIDDEN")
    add(
      `${field}.basePromptTemplate`,
      "not-carried",
      "the overridden orchestration template is written for Bedrock's own prompt format ($tools$, $agent_scratchpad$...) and is not used; it is saved in prompts/orchestration.txt: move its instructions into SYSTEM_PROMPT",
    );
  else
    add(
      field,
      "adapted",
      "Bedrock's default orchestration template is replaced by Glassbox's ReAct loop over Converse (not copied)",
    );
  const settings: Partial<ModelPlan> = {};
  const config = prompt.inferenceConfiguration;
  if (!config) return settings;
  const inference: NonNullable<ModelPlan["inferenceConfig"]> = {};
  if (config.temperature !== undefined) inference.temperature = config.temperature;
  if (config.topP !== undefined) {
    // Claude 4.5-era models refuse temperature and topP together; the agent's temperature is kept.
    if (inference.temperature !== undefined && findModel(modelId)?.inference.temperatureTopPExclusive)
      add(
        `${field}.inferenceConfiguration.topP`,
        "adapted",
        `topP ${config.topP}: ${modelId} takes temperature or topP, not both; temperature ${inference.temperature} is kept`,
      );
    else inference.topP = config.topP;
  }
  if (config.maximumLength !== undefined && config.maximumLength > 0)
    inference.maxTokens = config.maximumLength;
  if (Object.keys(inference).length) {
    settings.inferenceConfig = inference;
    add(
      `${field}.inferenceConfiguration`,
      "carried",
      `Converse inferenceConfig ${JSON.stringify(inference)} (maximumLength → maxTokens)`,
    );
  }
  // With the default template these are Bedrock's own settings for its prompt format, not the user's
  // choice: the module uses the model's defaults (adapted). With an overridden template they were chosen.
  const chosen = prompt.promptCreationMode === "OVERRIDDEN";
  const unless = chosen ? "not-carried" : "adapted";
  const whose = chosen ? "" : "Bedrock's default for its template; ";
  if (config.topK !== undefined)
    add(
      `${field}.inferenceConfiguration.topK`,
      unless,
      `topK ${config.topK}: ${whose}Converse has no topK; add the model's own field to additionalModelRequestFields (Claude: top_k) if it matters`,
    );
  if (config.stopSequences?.length)
    add(
      `${field}.inferenceConfiguration.stopSequences`,
      unless,
      `${JSON.stringify(config.stopSequences)}: ${whose}they end Bedrock's text tool-use format; Converse's native tool use needs none`,
    );
  if (prompt.additionalModelRequestFields && Object.keys(prompt.additionalModelRequestFields).length) {
    settings.additionalModelRequestFields = prompt.additionalModelRequestFields;
    add(`${field}.additionalModelRequestFields`, "carried", "Converse additionalModelRequestFields");
  }
  return settings;
}

/** Agent-level settings Glassbox's loop has no counterpart for, and fields this importer does not know. */
function reportAgentSettings(agent: BedrockAgent, add: Add): void {
  if (agent.orchestrationType === "CUSTOM_ORCHESTRATION")
    add(
      "agent.orchestrationType",
      "not-carried",
      `CUSTOM_ORCHESTRATION: the orchestration Lambda ${agent.customOrchestration?.executor?.lambda ?? "(none named)"} is replaced by Glassbox's ReAct loop; its logic must be rewritten as graph nodes or extensions`,
    );
  else if (agent.customOrchestration)
    add(
      "agent.customOrchestration",
      "not-carried",
      "set while orchestrationType is DEFAULT, so Bedrock does not run it either",
    );
  if (agent.memoryConfiguration)
    add(
      "agent.memoryConfiguration",
      "not-carried",
      `${agent.memoryConfiguration.enabledMemoryTypes.join(", ")} memory (summaries of past sessions kept ${agent.memoryConfiguration.storageDays ?? 30} days) has no Glassbox equivalent; threads (a checkpointer and a thread id) keep one session's history`,
    );
  if (agent.agentCollaboration && agent.agentCollaboration !== "DISABLED")
    add(
      "agent.agentCollaboration",
      "not-carried",
      `${agent.agentCollaboration}: collaborator agents are not part of this definition; import each and join them with a Glassbox team (supervisor or handoff)`,
    );
  add(
    "agent.idleSessionTTLInSeconds",
    "adapted",
    `${agent.idleSessionTTLInSeconds} s: Glassbox threads last as long as their checkpointer keeps them; expire them in the thread store`,
  );
  add(
    "agent.agentResourceRoleArn",
    "adapted",
    `${agent.agentResourceRoleArn}: Glassbox calls AWS with the credentials of the process that runs it; grant that role what this one has (bedrock:InvokeModel, lambda:InvokeFunction, bedrock:Retrieve, bedrock:ApplyGuardrail)`,
  );
  if (agent.customerEncryptionKeyArn)
    add(
      "agent.customerEncryptionKeyArn",
      "not-carried",
      `Bedrock encrypts the agent's session data with ${agent.customerEncryptionKeyArn}; Glassbox keeps threads in your own store (encrypt it there)`,
    );
  reportUnknown(agent, AgentSchema.shape, "agent", add);
}

/** Fields the schemas do not name (a newer API's): kept in definition.json, reported as not carried over. */
function reportUnknown(value: object, shape: object, field: string, add: Add): void {
  const known = new Set(Object.keys(shape));
  for (const key of Object.keys(value).filter((name) => !known.has(name)))
    add(`${field}.${key}`, "not-carried", "a field this importer does not know");
}

/** An action group's part of the module, or undefined when it cannot be carried over. */
interface GroupPlan {
  key: string;
  group: AgentActionGroup;
  kind: "lambda" | "return-control" | "user-input";
  /** The OpenAPI schema's file, when the group has one. */
  schemaFile?: string;
}

function planGroup(group: AgentActionGroup, add: Add, files: Record<string, string>): GroupPlan | undefined {
  const field = `actionGroups[${group.actionGroupName}]`;
  reportUnknown(group, AgentActionGroupSchema.shape, field, add);
  if (group.actionGroupState === "DISABLED") {
    add(field, "not-carried", "disabled on the agent (actionGroupState DISABLED)");
    return undefined;
  }
  const signature = group.parentActionSignature;
  if (signature === "AMAZON.UserInput") {
    add(
      field,
      "carried",
      `AMAZON.UserInput: the \`${USER_INPUT_TOOL}\` client tool; the run pauses with the model's question and the caller resumes with the user's answer`,
    );
    return { key: group.actionGroupName, group, kind: "user-input" };
  }
  if (signature) {
    const what =
      signature === "AMAZON.CodeInterpreter"
        ? "Bedrock's managed code interpreter sandbox"
        : `Anthropic's ${signature} computer-use tool`;
    add(
      field,
      "not-carried",
      `${signature}: ${what} has no Glassbox equivalent; give the agent your own tool instead`,
    );
    return undefined;
  }
  if (s3Of(group)) {
    add(
      `${field}.apiSchema.s3`,
      "not-carried",
      `the OpenAPI schema is in s3://${s3Of(group)?.s3BucketName}/${s3Of(group)?.s3ObjectKey}: download it, put its text in apiSchema.payload and import again`,
    );
    return undefined;
  }
  if (!payloadOf(group) && !group.functionSchema) {
    add(field, "not-carried", "neither apiSchema nor functionSchema: no operations to turn into tools");
    return undefined;
  }
  const executor = group.actionGroupExecutor;
  let tools: Tool[];
  try {
    // The tools are built once here, so that what Bedrock Agents would refuse is reported now.
    tools = actionGroupTools(group, { executor: async () => ({ body: "" }) });
  } catch (error) {
    if (!ActionGroupError.isInstance(error)) throw error;
    add(field, "not-carried", (error as Error).message);
    return undefined;
  }
  const names = tools.map((tool) => `\`${tool.name}\``).join(", ");
  let kind: GroupPlan["kind"];
  if (executor && "lambda" in executor) {
    kind = "lambda";
    add(
      `${field}.actionGroupExecutor.lambda`,
      "carried",
      `tools ${names}, run by the Lambda function ${executor.lambda} (lambdaExecutor: the event Bedrock Agents sends)`,
    );
  } else if (executor && "customControl" in executor) {
    kind = "return-control";
    add(
      `${field}.actionGroupExecutor.customControl`,
      "carried",
      `RETURN_CONTROL: client tools ${names}; the run pauses and the caller returns the results`,
    );
  } else {
    add(
      field,
      "not-carried",
      "no actionGroupExecutor (lambda or customControl): nothing would run its operations",
    );
    return undefined;
  }
  let schemaFile: string | undefined;
  if (payloadOf(group)) {
    const payload = payloadOf(group) as string;
    const json = isJson(payload);
    schemaFile = `action-groups/${group.actionGroupName}.openapi.${json ? "json" : "yaml"}`;
    files[schemaFile] = json
      ? `${JSON.stringify(JSON.parse(payload), null, 2)}\n`
      : payload.endsWith("\n")
        ? payload
        : `${payload}\n`;
    add(
      `${field}.apiSchema`,
      "carried",
      `one tool per OpenAPI operation, inputs validated from ${schemaFile}`,
    );
  } else {
    const functions = group.functionSchema?.functions ?? [];
    add(
      `${field}.functionSchema`,
      "carried",
      `one tool per function (${functions.map((fn) => fn.name).join(", ")}), inputs validated from its parameters`,
    );
  }
  const confirmed = confirmedOperations(group);
  if (confirmed.length)
    add(
      `${field} requireConfirmation`,
      "carried",
      `${confirmed.join(", ")}: the run pauses for approval before each call`,
    );
  return { key: group.actionGroupName, group, kind, ...(schemaFile ? { schemaFile } : {}) };
}

function confirmedOperations(group: AgentActionGroup): string[] {
  const functions = (group.functionSchema?.functions ?? [])
    .filter((fn) => fn.requireConfirmation === "ENABLED")
    .map((fn) => fn.name);
  if (!payloadOf(group) || !isJson(payloadOf(group) as string)) return functions;
  const paths =
    (JSON.parse(payloadOf(group) as string) as { paths?: Record<string, Record<string, unknown>> }).paths ??
    {};
  for (const [path, operations] of Object.entries(paths))
    for (const [method, operation] of Object.entries(operations ?? {}))
      if ((operation as Record<string, unknown> | undefined)?.["x-requireConfirmation"] === "ENABLED")
        functions.push(`${method.toUpperCase()} ${path}`);
  return functions;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const payloadOf = (group: AgentActionGroup) =>
  group.apiSchema && "payload" in group.apiSchema ? group.apiSchema.payload : undefined;
const s3Of = (group: AgentActionGroup) =>
  group.apiSchema && "s3" in group.apiSchema ? group.apiSchema.s3 : undefined;

const kbDescription = (description: string | undefined, id: string) =>
  description ?? `Search the knowledge base ${id} for passages about a topic.`;

const pascal = (name: string) =>
  name
    .split(/[^0-9a-zA-Z]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("")
    .replace(/^[0-9]/, "Agent$&");

/** A TypeScript template literal holding `text` as is. */
const templateLiteral = (text: string) =>
  `\`${text.replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("${", "\\${")}\``;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A value as a TypeScript literal: unquoted keys where they can be, trailing commas. */
function literal(value: unknown, indent = 0): string {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    if (value.every((item) => typeof item !== "object" || item === null))
      return `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
    return `[\n${value.map((item) => `${pad}  ${literal(item, indent + 2)},`).join("\n")}\n${pad}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (!entries.length) return "{}";
    const key = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));
    return `{\n${entries.map(([name, item]) => `${pad}  ${key(name)}: ${literal(item, indent + 2)},`).join("\n")}\n${pad}}`;
  }
  return JSON.stringify(value);
}

/** `ACTION_GROUPS.Name`, or `ACTION_GROUPS["my-name"]` when the name is no identifier. */
const groupKey = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

const member = (object: string, name: string) =>
  IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;

interface ModuleParts {
  definition: AgentDefinition;
  region: string | undefined;
  systemPrompt: string;
  model: ModelPlan;
  groups: GroupPlan[];
  knowledgeBases: Array<{ knowledgeBaseId: string; toolName: string; description: string }>;
  factoryName: string;
  importFrom: NonNullable<ImportAgentOptions["importFrom"]>;
}

/** The agent module's source. */
function moduleSource(parts: ModuleParts): string {
  const { definition, groups, knowledgeBases } = parts;
  const { agent } = definition;
  const lambdaGroups = groups.filter((group) => group.kind === "lambda");
  const apiGroups = groups;
  const guardrail = parts.model.guardrailConfig;
  const main = ["type AgentOptions", "createAgent"];
  if (guardrail) main.push("createBedrockRuntimeClient");
  if (knowledgeBases.length) main.push("createCitationNode", "createKnowledgeBaseSearch");
  if (guardrail || knowledgeBases.length) main.push("surroundExtensions", "type GraphExtensions");
  main.sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", "")));
  const bedrockAgents = ["actionGroupTools", ...(lambdaGroups.length ? ["lambdaExecutor"] : [])];

  const out: string[] = [];
  out.push(
    "/**",
    ` * ${agent.agentName}: imported from the Amazon Bedrock Agent ${agent.agentId} (version ${agent.agentVersion}${parts.region ? `, ${parts.region}` : ""})`,
    " * by `glassbox agents import`. Edit it freely: import-report.md lists what was carried over and what was not.",
    " *",
    " * The instruction is the system prompt as written. Bedrock's default orchestration prompt (its framing around",
    " * the instruction) is not copied: Glassbox's ReAct loop calls the model through Converse with native tool use,",
    " * and every thought, tool call and observation is a step and a span.",
    " */",
  );
  if (apiGroups.some((group) => group.schemaFile)) out.push('import { readFileSync } from "node:fs";');
  const imports: Array<[string, string[]]> = [[parts.importFrom(""), main]];
  if (apiGroups.length) imports.push([parts.importFrom("bedrock-agents"), bedrockAgents]);
  if (guardrail) imports.push([parts.importFrom("guardrails"), ["BedrockGuardrail", "guardrailCheckpoints"]]);
  if (knowledgeBases.length) imports.push([parts.importFrom("kb"), ["createBedrockKnowledgeBase"]]);
  // Sorted by specifier, as Biome and most import sorters keep them.
  imports.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [from, names] of imports) out.push(`import { ${names.join(", ")} } from "${from}";`);
  out.push("");
  out.push(
    "/** The agent's region (from its ARN): where its model, Lambda functions, knowledge bases and guardrail live. */",
    `export const REGION = ${JSON.stringify(parts.region ?? "us-east-1")};`,
    "",
    "/**",
    " * The agent's instruction. `$prompt_session_attributes$` is replaced on each run by the run's",
    " * `sessionState.promptSessionAttributes`, where Bedrock's orchestration prompt puts them.",
    " */",
    `export const SYSTEM_PROMPT = ${templateLiteral(parts.systemPrompt)};`,
    "",
    `/** The model (agent.foundationModel)${guardrail ? ", the agent's guardrail on every Converse call" : ""} and the orchestration prompt's inference settings. */`,
    `export const MODEL = ${literal(parts.model)} as const;`,
    "",
  );
  if (apiGroups.length) {
    if (apiGroups.some((group) => group.schemaFile))
      out.push(
        'const schemaFile = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");',
        "",
      );
    out.push(
      "/** The action groups, in GetAgentActionGroup's shape; OpenAPI schemas are the files next to this module. */",
    );
    out.push("export const ACTION_GROUPS = {");
    for (const plan of apiGroups) {
      const { group } = plan;
      const fields: string[] = [`    actionGroupName: ${JSON.stringify(group.actionGroupName)},`];
      if (plan.kind === "user-input") {
        fields.push('    parentActionSignature: "AMAZON.UserInput",', '    actionGroupState: "ENABLED",');
        out.push(`  ${groupKey(group.actionGroupName)}: {`, ...fields, "  },");
        continue;
      }
      if (group.description) fields.push(`    description: ${JSON.stringify(group.description)},`);
      fields.push(`    actionGroupExecutor: ${literal(group.actionGroupExecutor, 4)},`);
      if (plan.schemaFile)
        fields.push(`    apiSchema: { payload: schemaFile(${JSON.stringify(`./${plan.schemaFile}`)}) },`);
      else fields.push(`    functionSchema: ${literal(group.functionSchema, 4)},`);
      fields.push('    actionGroupState: "ENABLED",');
      out.push(`  ${groupKey(group.actionGroupName)}: {`, ...fields, "  },");
    }
    out.push("} as const;", "");
  }
  if (knowledgeBases.length)
    out.push(
      "/** The agent's enabled knowledge bases; the model reads each description to decide when to search it. */",
      `export const KNOWLEDGE_BASES = ${literal(knowledgeBases)} as const;`,
      "",
    );
  if (guardrail)
    out.push(
      "/** The agent's guardrail (agent.guardrailConfiguration). */",
      `export const GUARDRAIL = ${literal(guardrail)} as const;`,
      "",
    );
  const optionsName = `${parts.factoryName.slice("create".length)}Options`;
  out.push(
    `/** Options of {@link ${parts.factoryName}}. */`,
    `export interface ${optionsName} extends Pick<AgentOptions, "telemetry" | "checkpointer" | "limits"> {`,
    "  /** Default {@link REGION}. */",
    "  region?: string;",
    "  /** One endpoint for every Bedrock, Lambda and knowledge-base call (the local Bedrock, a VPC endpoint). */",
    "  endpoint?: string;",
    "  /** The connection `glassbox serve` and `glassbox agents compare` hand a factory; it wins over the two above. */",
    "  model?: { endpoint?: string; region?: string; profile?: string };",
    "}",
    "",
    "/**",
    ` * The ${agent.agentName} agent as a Glassbox agent. Credentials come from the default AWS chain.`,
    " *",
    " * @example",
    " * ```ts",
    ` * const agent = ${parts.factoryName}();`,
    ' * const result = await agent.invoke("…", { sessionState: { promptSessionAttributes: { name: "Ana" } } });',
    " * ```",
    " */",
    `export function ${parts.factoryName}(options: ${optionsName} = {}) {`,
    "  const { region: regionOption, endpoint: endpointOption, model: connection, ...rest } = options;",
    "  if (connection?.profile)",
    `    throw new Error("${parts.factoryName}: set AWS_PROFILE instead of a profile option; it must reach the Lambda and knowledge-base clients too");`,
    "  const region = connection?.region ?? regionOption ?? REGION;",
    "  const endpoint = connection?.endpoint ?? endpointOption;",
    "  const aws = { region, ...(endpoint ? { endpoint } : {}) };",
  );
  const toolLines: string[] = [];
  for (const plan of apiGroups) {
    const ref = member("ACTION_GROUPS", plan.key);
    if (plan.kind === "lambda")
      toolLines.push(
        `    ...actionGroupTools(${ref}, {`,
        `      executor: lambdaExecutor({ functionName: ${ref}.actionGroupExecutor.lambda, ...aws }),`,
        "    }),",
      );
    else if (plan.kind === "user-input")
      toolLines.push(
        "    // AMAZON.UserInput: the ask_user client tool; the run pauses with the model's question.",
        `    ...actionGroupTools(${ref}),`,
      );
    else
      toolLines.push(
        "    // RETURN_CONTROL: client tools; the run pauses and the caller returns the results.",
        `    ...actionGroupTools(${ref}),`,
      );
  }
  if (knowledgeBases.length) {
    out.push(
      "  const searches = KNOWLEDGE_BASES.map((kb) =>",
      "    createKnowledgeBaseSearch({",
      "      retriever: createBedrockKnowledgeBase({ knowledgeBaseId: kb.knowledgeBaseId, ...aws }),",
      "      toolName: kb.toolName,",
      "      description: kb.description,",
      "      telemetry: rest.telemetry,",
      "    }),",
      "  );",
      "  const retrieval: GraphExtensions = { afterAct: searches.map((search) => search.node), onAnswer: [createCitationNode()] };",
    );
    toolLines.push("    ...searches.map((search) => search.tool),");
  }
  if (guardrail)
    out.push(
      "  const guardrail = new BedrockGuardrail({ client: createBedrockRuntimeClient(aws), ...GUARDRAIL });",
      "  // Converse's guardrailConfig checks the model's input and answer; these checkpoints add the tool traffic.",
      "  const checkpoints = guardrailCheckpoints(guardrail, { input: false, answer: false, telemetry: rest.telemetry });",
    );
  const extensions =
    guardrail && knowledgeBases.length
      ? "surroundExtensions(checkpoints, retrieval)"
      : guardrail
        ? "checkpoints"
        : knowledgeBases.length
          ? "retrieval"
          : undefined;
  out.push(
    "  return createAgent({",
    "    ...rest,",
    `    name: ${JSON.stringify(agent.agentName)},`,
    ...(agent.description ? [`    description: ${JSON.stringify(agent.description)},`] : []),
    "    systemPrompt: SYSTEM_PROMPT,",
    "    model: { ...MODEL, ...aws },",
    ...(toolLines.length ? ["    tools: [", ...toolLines, "    ],"] : []),
    ...(extensions ? [`    extensions: ${extensions},`] : []),
    "  });",
    "}",
    "",
  );
  return out.join("\n");
}
