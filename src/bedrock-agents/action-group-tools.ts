import { trace } from "@opentelemetry/api";
import { ConfigError } from "../errors.ts";
import { bedrockInputSchema, compileInputSchema, zodFromValidator } from "../mcp/input-schema.ts";
import { ATTR } from "../telemetry/attributes.ts";
import type { Tool, ToolContext } from "../tools/define-tool.ts";
import { ToolOutput } from "../tools/tool-output.ts";
import { type ParsedActionGroup, parseActionGroup } from "./action-group-definition.ts";
import { ActionGroupError } from "./action-group-error.ts";
import type {
  ActionGroupExecutor,
  ActionGroupInvocation,
  ActionGroupOutcome,
  ActionGroupParameter,
  ActionGroupSession,
} from "./action-group-invocation.ts";
import { actionGroupToolName } from "./action-group-tool-name.ts";
import type { ActionGroupQuotas, ActionOperation } from "./action-operation.ts";
import { functionOperations } from "./function-operations.ts";
import { openApiOperations, parseOpenApiText } from "./openapi-operations.ts";
import { applySessionUpdate, sessionOf } from "./session-of.ts";
import { userInputTool } from "./user-input-tool.ts";

/** Options of {@link actionGroupTools}. */
export interface ActionGroupToolsOptions {
  /**
   * Runs the calls: a Lambda function, a local handler, {@link httpExecutor}, or your own function.
   * Required for an action group whose executor is a Lambda function. For a `RETURN_CONTROL` action
   * group it is optional: without it the tools are client tools (the run pauses for the caller); with
   * it, Glassbox runs the calls itself.
   */
  executor?: ActionGroupExecutor;
  /** The agent the Lambda event names; defaults: the group's agentId and agentVersion, alias `TSTALIASID`. */
  agent?: Partial<ActionGroupSession["agent"]>;
  /** Bedrock Agents' adjustable quotas, when your account's differ from the defaults. */
  quotas?: ActionGroupQuotas;
  /** Per-tool timeout in milliseconds (the executor's signal aborts when it passes). */
  timeoutMs?: number;
}

/** What a tool of an action group calls, kept for {@link invocationFor}. */
interface Binding {
  group: string;
  operation: ActionOperation;
}
const bindings = new WeakMap<Tool, Binding>();

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Turns a Bedrock Agents action group into Glassbox tools: one tool per OpenAPI operation or function,
 * inputs validated against the schema built from its parameters and request body.
 *
 * Tool names are Bedrock's: `<httpMethod>__<actionGroupName>__<operationId>` for an OpenAPI operation
 * (`get__ClaimManagement__getClaims`) and `<actionGroupName>__<functionName>` for a function; a name
 * over Bedrock's 64 characters is refused. A call builds the {@link ActionGroupInvocation} (every value
 * a string beside its declared type, as Bedrock sends them) and the session ({@link sessionOf}), runs the
 * executor, and the model reads its outcome: the body on success; an error observation for an HTTP status
 * of 400 or more, a `FAILURE` response state, or an executor that throws; for `REPROMPT`, an error
 * observation that tells the model to correct its call and try again.
 *
 * `requireConfirmation: ENABLED` (`x-requireConfirmation` in OpenAPI) pauses each call for approval;
 * `customControl: RETURN_CONTROL` makes client tools (see {@link returnControlOf});
 * `AMAZON.UserInput` gives the `ask_user` client tool; a `DISABLED` action group gives no tools, as
 * Bedrock Agents does not call it.
 *
 * @throws ActionGroupError naming every part of the definition Bedrock Agents would refuse.
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { createAgent } from "glassbox";
 * import { actionGroupTools, httpExecutor } from "glassbox/bedrock-agents";
 *
 * const { agentActionGroup } = JSON.parse(readFileSync("claims-action-group.json", "utf8"));
 * const tools = actionGroupTools(agentActionGroup, {
 *   executor: httpExecutor({ baseUrl: "https://claims.internal.example.com" }),
 * });
 * const agent = createAgent({ model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", tools });
 * ```
 */
export function actionGroupTools(definition: unknown, options: ActionGroupToolsOptions = {}): Tool[] {
  const { timeoutMs } = options;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw new ConfigError(
      `actionGroupTools: timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`,
    );
  const group = parseActionGroup(definition);
  if (!group.enabled) return [];
  if (group.userInput) return [userInputTool()];
  const operations = operationsOf(group, options.quotas);
  const executor = options.executor;
  const returnsControl = !executor && group.executor !== undefined && "customControl" in group.executor;
  if (!executor && !returnsControl) {
    const arn = group.executor && "lambda" in group.executor ? group.executor.lambda : "";
    throw new ActionGroupError(group.name, [
      {
        path: "actionGroupExecutor",
        reason: `runs Lambda function ${arn}: pass an executor (lambdaExecutor, localHandlerExecutor, httpExecutor, or a function of your own)`,
      },
    ]);
  }
  const agent: ActionGroupSession["agent"] = {
    name: options.agent?.name ?? "glassbox-agent",
    id: options.agent?.id ?? group.agentId ?? "GLASSBOX00",
    alias: options.agent?.alias ?? "TSTALIASID",
    version: options.agent?.version ?? group.agentVersion ?? "DRAFT",
  };
  return operations.map((operation, index) => {
    const where = whereOf(operation, index);
    const name = toolNameOf(group.name, operation, where);
    const jsonSchema = inputSchemaOf(operation);
    const check = compileInputSchema(jsonSchema);
    if (check.problem !== undefined)
      throw new ActionGroupError(group.name, [{ path: where, reason: check.problem }]);
    const tool: Tool = {
      name,
      description: descriptionOf(group, operation),
      input: zodFromValidator(check.validate),
      jsonSchema: bedrockInputSchema(jsonSchema),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(operation.requireConfirmation ? { requiresApproval: true } : {}),
      ...(returnsControl ? { executor: "client" as const } : {}),
      run: returnsControl
        ? () => {
            throw new Error(
              `tool "${name}" returns control to the caller; the run should have paused for it`,
            );
          }
        : (input, context) =>
            runOperation(
              executor as ActionGroupExecutor,
              invocationOf(group.name, operation, input as Record<string, unknown>),
              agent,
              context,
            ),
    };
    bindings.set(tool, { group: group.name, operation });
    return tool;
  });
}

function operationsOf(group: ParsedActionGroup, quotas: ActionGroupQuotas | undefined): ActionOperation[] {
  if (group.functions) return functionOperations(group.name, group.functions, quotas);
  const document = parseOpenApiText(group.name, group.apiSchema as string);
  return openApiOperations(group.name, document, quotas);
}

const whereOf = (operation: ActionOperation, index: number) =>
  operation.kind === "api"
    ? `paths.${operation.apiPath}.${operation.httpMethod}`
    : `functionSchema.functions[${index}]`;

function toolNameOf(group: string, operation: ActionOperation, where: string): string {
  const name = actionGroupToolName(
    group,
    operation.kind === "api"
      ? { httpMethod: operation.httpMethod, operationId: operation.id }
      : { function: operation.id },
  );
  if (!TOOL_NAME.test(name))
    throw new ActionGroupError(group, [
      {
        path: where,
        reason: `tool name "${name}" has ${name.length} characters; Bedrock's tool names have at most 64 (shorten the action group's name or the ${operation.kind === "api" ? "operationId" : "function's name"})`,
      },
    ]);
  return name;
}

function descriptionOf(group: ParsedActionGroup, operation: ActionOperation): string {
  if (operation.description) return operation.description;
  return group.description
    ? `${operation.id} (${group.description})`
    : `Function ${operation.id} of action group ${group.name}.`;
}

/** The tool's input: its parameters and the request body's properties, side by side. */
function inputSchemaOf(operation: ActionOperation): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const parameter of operation.parameters) {
    properties[parameter.name] = parameter.schema;
    if (parameter.required) required.push(parameter.name);
  }
  if (operation.kind === "api" && operation.requestBody) {
    for (const property of operation.requestBody.properties) {
      properties[property.key] = property.schema;
      if (property.required && operation.requestBody.required) required.push(property.key);
    }
  }
  return {
    type: "object",
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

/** A value as Bedrock Agents passes it: strings as they are, everything else as JSON text. */
const asString = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** The invocation Bedrock Agents would send for a call with this (validated) input. */
function invocationOf(
  group: string,
  operation: ActionOperation,
  input: Record<string, unknown>,
): ActionGroupInvocation {
  const parameters: ActionGroupParameter[] = operation.parameters
    .filter((parameter) => input[parameter.name] !== undefined)
    .map((parameter) => ({
      name: parameter.name,
      type: parameter.type,
      value: asString(input[parameter.name]),
    }));
  if (operation.kind === "function")
    return { kind: "function", actionGroup: group, function: operation.id, parameters };
  const body = (operation.requestBody?.properties ?? [])
    .filter((property) => input[property.key] !== undefined)
    .map((property) => ({ name: property.name, type: property.type, value: asString(input[property.key]) }));
  return {
    kind: "api",
    actionGroup: group,
    apiPath: operation.apiPath,
    httpMethod: operation.httpMethod,
    parameters,
    ...(operation.requestBody
      ? { requestBody: { content: { "application/json": { properties: body } } } }
      : {}),
    locations: Object.fromEntries(
      operation.parameters.map((parameter) => [parameter.name, parameter.in ?? "query"]),
    ),
  };
}

/** The invocation a call of an action-group tool stands for (for return of control). */
export function invocationFor(tool: Tool, args: unknown): ActionGroupInvocation {
  const binding = bindings.get(tool);
  if (!binding)
    throw new ConfigError(`tool "${tool.name}" was not made by actionGroupTools`, {
      code: "TOOL_DEFINITION_INVALID",
    });
  return invocationOf(binding.group, binding.operation, (args ?? {}) as Record<string, unknown>);
}

/** Whether `actionGroupTools` made this tool (other tools of an agent have no action-group operation). */
export function isActionGroupTool(tool: Tool): boolean {
  return bindings.has(tool);
}

/** Whether the operation behind an action-group tool asks for the user's confirmation. */
export function requiresConfirmation(tool: Tool): boolean {
  return bindings.get(tool)?.operation.requireConfirmation ?? false;
}

async function runOperation(
  executor: ActionGroupExecutor,
  invocation: ActionGroupInvocation,
  agent: ActionGroupSession["agent"],
  context: ToolContext,
): Promise<ToolOutput> {
  // The tool's execute_tool span is active: it names the operation, never the values (content is opt-in).
  const span = trace.getActiveSpan();
  span?.setAttributes({
    [ATTR.actionGroup]: invocation.actionGroup,
    [ATTR.actionGroupOperation]:
      invocation.kind === "api" ? `${invocation.httpMethod} ${invocation.apiPath}` : invocation.function,
  });
  const outcome = await executor(invocation, sessionOf(context, agent), context);
  if (outcome.httpStatusCode !== undefined)
    span?.setAttribute(ATTR.actionGroupHttpStatus, outcome.httpStatusCode);
  if (outcome.responseState) span?.setAttribute(ATTR.actionGroupResponseState, outcome.responseState);
  applySessionUpdate(context, outcome);
  return observationOf(outcome);
}

/** What the model reads of an executor's outcome. */
export function observationOf(outcome: ActionGroupOutcome): ToolOutput {
  const body = outcome.body;
  if (outcome.responseState === "REPROMPT")
    return new ToolOutput({
      text: `The action asks you to try again: ${body || "(no details)"}\nCorrect the arguments and call it again, or ask the user for what is missing.`,
      error: { type: "REPROMPT" },
    });
  if (outcome.responseState === "FAILURE")
    return new ToolOutput({
      text: `The action failed: ${body || "(no details)"}`,
      error: { type: "FAILURE" },
    });
  if (outcome.httpStatusCode !== undefined && outcome.httpStatusCode >= 400)
    return new ToolOutput({
      text: `HTTP ${outcome.httpStatusCode}: ${body || "(empty body)"}`,
      error: { type: `HTTP ${outcome.httpStatusCode}` },
    });
  return new ToolOutput({ blocks: [{ text: body || "(empty response)" }] });
}
