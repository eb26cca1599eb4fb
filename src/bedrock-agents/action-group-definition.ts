import { z } from "zod";
import { AGENT_VERSION_PATTERN, BEDROCK_ID_PATTERN, idRegExp } from "../bedrock-id-patterns.ts";
import { ActionGroupError, type ActionGroupProblem } from "./action-group-error.ts";

/** The `Name` pattern of the bedrock-agent service model (action groups, functions, parameters). */
export const BEDROCK_NAME = /^([0-9a-zA-Z][_-]?){1,100}$/;

const name = z.string().regex(BEDROCK_NAME, "must match ([0-9a-zA-Z][_-]?){1,100} (Bedrock's Name pattern)");
// The SDK returns timestamps as Date objects; a JSON file has them as ISO 8601 strings.
const timestamp = z.union([z.iso.datetime({ offset: true }), z.date()]);

/** `ParameterDetail`: one parameter of a function. */
export const ParameterDetailSchema = z.object({
  description: z.string().min(1).max(500).optional(),
  type: z.enum(["string", "number", "integer", "boolean", "array"], {
    error: "must be one of string, number, integer, boolean, array (Bedrock's parameter types)",
  }),
  required: z.boolean().optional(),
});
export type ParameterDetail = z.infer<typeof ParameterDetailSchema>;

/** `Function`: one action of a function-details action group. */
export const FunctionSchema = z.object({
  name,
  description: z.string().min(1).max(1200).optional(),
  parameters: z.record(z.string(), ParameterDetailSchema).optional(),
  requireConfirmation: z.enum(["ENABLED", "DISABLED"]).optional(),
});
export type ActionFunction = z.infer<typeof FunctionSchema>;

/** `FunctionSchema` (a union with one member): the functions of an action group. */
export const FunctionSchemaSchema = z.object({ functions: z.array(FunctionSchema) }).strict();

/** `APISchema` (a union): the OpenAPI schema inline (`payload`, JSON or YAML) or in S3. */
export const ApiSchemaSchema = z.union([
  z.object({ payload: z.string().min(1) }).strict(),
  z
    .object({
      s3: z.object({ s3BucketName: z.string().min(3).max(63), s3ObjectKey: z.string().min(1).max(1024) }),
    })
    .strict(),
]);

/** `ActionGroupExecutor` (a union): a Lambda function, or return of control to the caller. */
export const ActionGroupExecutorSchema = z.union([
  z.object({ lambda: z.string().max(2048) }).strict(),
  z.object({ customControl: z.literal("RETURN_CONTROL") }).strict(),
]);

const SIGNATURES = [
  "AMAZON.UserInput",
  "AMAZON.CodeInterpreter",
  "ANTHROPIC.Computer",
  "ANTHROPIC.Bash",
  "ANTHROPIC.TextEditor",
] as const;

const common = {
  actionGroupName: name,
  description: z.string().min(1).max(200).optional(),
  parentActionGroupSignatureParams: z.record(z.string().max(100), z.string().max(100)).optional(),
  actionGroupExecutor: ActionGroupExecutorSchema.optional(),
  apiSchema: ApiSchemaSchema.optional(),
  functionSchema: FunctionSchemaSchema.optional(),
};

/**
 * `AgentActionGroup` exactly as `GetAgentActionGroup` returns it (the `agentActionGroup` member), with
 * the service model's required members and patterns.
 */
export const AgentActionGroupSchema = z.object({
  ...common,
  agentId: z.string().regex(idRegExp(BEDROCK_ID_PATTERN), "must be 10 letters or digits"),
  agentVersion: z.string().regex(idRegExp(AGENT_VERSION_PATTERN), "must be DRAFT or a version number"),
  actionGroupId: z.string().regex(idRegExp(BEDROCK_ID_PATTERN), "must be 10 letters or digits"),
  clientToken: z.string().min(33).max(256).optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
  parentActionSignature: z.enum(SIGNATURES).optional(),
  actionGroupState: z.enum(["ENABLED", "DISABLED"]),
});
export type AgentActionGroup = z.infer<typeof AgentActionGroupSchema>;

/** The `GetAgentActionGroup` response. */
export const GetAgentActionGroupResponseSchema = z.object({ agentActionGroup: AgentActionGroupSchema });

/**
 * What {@link parseActionGroup} accepts: the `GetAgentActionGroup` response or its `agentActionGroup`,
 * or a definition written by hand in the same members (the `CreateAgentActionGroup` request's
 * `parentActionGroupSignature` is accepted for `parentActionSignature`).
 */
export const ActionGroupDefinitionSchema = z.object({
  ...common,
  agentId: z.string().optional(),
  agentVersion: z.string().optional(),
  actionGroupId: z.string().optional(),
  parentActionSignature: z.enum(SIGNATURES).optional(),
  parentActionGroupSignature: z.enum(SIGNATURES).optional(),
  actionGroupState: z.enum(["ENABLED", "DISABLED"]).optional(),
});
export type ActionGroupDefinition = z.input<typeof ActionGroupDefinitionSchema>;

/** An action group, checked: one kind of actions, and the members that kind needs. */
export interface ParsedActionGroup {
  name: string;
  description?: string;
  agentId?: string;
  agentVersion?: string;
  enabled: boolean;
  executor: { lambda: string } | { customControl: "RETURN_CONTROL" } | undefined;
  /** The inline OpenAPI schema (JSON or YAML text). */
  apiSchema?: string;
  functions?: ActionFunction[];
  /** `AMAZON.UserInput`: the agent may ask the user for what it is missing. */
  userInput: boolean;
}

function pathOf(issue: z.core.$ZodIssue): string {
  return issue.path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i ? "." : ""}${String(part)}`))
    .join("");
}

/**
 * Checks an action group definition against the bedrock-agent service model and the rules Bedrock
 * applies when an action group is created, and returns what the tools are built from.
 *
 * @throws ActionGroupError naming each member that does not fit.
 */
export function parseActionGroup(input: unknown): ParsedActionGroup {
  const record = input as { agentActionGroup?: unknown } | null;
  const value =
    record && typeof record === "object" && "agentActionGroup" in record ? record.agentActionGroup : input;
  const label = (value as { actionGroupName?: unknown } | null)?.actionGroupName;
  const group = typeof label === "string" ? label : "(unnamed)";
  const parsed = ActionGroupDefinitionSchema.safeParse(value);
  if (!parsed.success)
    throw new ActionGroupError(
      group,
      parsed.error.issues.map((issue) => ({ path: pathOf(issue) || "(definition)", reason: issue.message })),
      { cause: parsed.error },
    );
  const definition = parsed.data;
  const signature = definition.parentActionSignature ?? definition.parentActionGroupSignature;
  const problems: ActionGroupProblem[] = [];
  const base = {
    name: definition.actionGroupName,
    description: definition.description,
    agentId: definition.agentId,
    agentVersion: definition.agentVersion,
    enabled: definition.actionGroupState !== "DISABLED",
    executor: definition.actionGroupExecutor,
  };
  if (signature === "AMAZON.UserInput") {
    for (const member of ["description", "apiSchema", "functionSchema", "actionGroupExecutor"] as const)
      if (definition[member] !== undefined)
        problems.push({ path: member, reason: "must be blank for an AMAZON.UserInput action group" });
    if (problems.length) throw new ActionGroupError(group, problems);
    return { ...base, userInput: true };
  }
  if (signature)
    throw new ActionGroupError(group, [
      {
        path: "parentActionSignature",
        reason: `${signature} is a tool Bedrock runs itself; Glassbox has no twin of it (only AMAZON.UserInput carries over)`,
      },
    ]);
  if (definition.apiSchema && definition.functionSchema)
    problems.push({
      path: "functionSchema",
      reason: "an action group has apiSchema or functionSchema, not both",
    });
  if (!definition.apiSchema && !definition.functionSchema)
    problems.push({ path: "(definition)", reason: "needs an apiSchema or a functionSchema" });
  if (!definition.actionGroupExecutor)
    problems.push({
      path: "actionGroupExecutor",
      reason: "needs a lambda ARN or customControl RETURN_CONTROL",
    });
  if (definition.apiSchema && "s3" in definition.apiSchema) {
    const { s3BucketName, s3ObjectKey } = definition.apiSchema.s3;
    problems.push({
      path: "apiSchema.s3",
      reason: `the schema is in s3://${s3BucketName}/${s3ObjectKey}: Glassbox does not read S3; give its text as apiSchema.payload`,
    });
  }
  if (problems.length) throw new ActionGroupError(group, problems);
  return {
    ...base,
    userInput: false,
    ...(definition.apiSchema && "payload" in definition.apiSchema
      ? { apiSchema: definition.apiSchema.payload }
      : {}),
    ...(definition.functionSchema ? { functions: definition.functionSchema.functions } : {}),
  };
}
