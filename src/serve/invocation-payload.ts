import { z } from "zod";
import { InvocationResultSchema } from "../bedrock-agents/return-control.ts";
import { ToolReviewResponseSchema } from "../graph/tool-review.ts";
import { RequestMetadataSchema } from "../model/request-fields.ts";
import { type FieldProblem, PayloadError } from "./invocation-errors.ts";

/** Span attributes a caller may add to every span of its run (team, tenant, cost centre...). */
const AttributesSchema = z
  .record(z.string().min(1).max(128), z.union([z.string().max(1024), z.number(), z.boolean()]))
  .refine((entries) => Object.keys(entries).length <= 32, "at most 32 attributes");

const SessionAttributesSchema = z.record(
  z.string().min(1, "expected a non-empty attribute name"),
  z.string(),
  {
    error: "expected an object of string values",
  },
);

/**
 * InvokeAgent's `sessionState`, as a client migrating from Bedrock Agents sends it: `sessionAttributes`
 * (kept by the session) and `promptSessionAttributes` (this turn) with a `prompt`; or, instead of a
 * `resume`, `returnControlInvocationResults` (1-5, as the service model bounds them) answering the
 * `returnControl` a paused run returned, with its `invocationId`.
 */
export const InvocationSessionStateSchema = z.strictObject({
  sessionAttributes: SessionAttributesSchema.optional(),
  promptSessionAttributes: SessionAttributesSchema.optional(),
  invocationId: z.string().min(1).optional(),
  returnControlInvocationResults: z.array(InvocationResultSchema).min(1).max(5).optional(),
});

/**
 * The JSON body of `POST /invocations` (and of a `/ws` message): exactly one of
 * - `prompt`: a new user message on the session's thread;
 * - `resume`: the decisions for the tool calls the thread is paused on (approve / edit / reject, or the
 *   result of a client-run tool);
 * - `continue: true`: finish a run that stopped mid-way (its worker died or shut down), from its last
 *   checkpoint, without re-running finished tool calls;
 * - `sessionState.returnControlInvocationResults`: a resume in Bedrock Agents' return-of-control shape.
 * `sessionState` also carries session attributes (see {@link InvocationSessionStateSchema}).
 */
export const InvocationPayloadSchema = z
  .object({
    prompt: z.string().trim().min(1, "expected a non-empty string").optional(),
    resume: ToolReviewResponseSchema.optional(),
    continue: z.literal(true).optional(),
    /** The session (thread) id, when the `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id` header is not used. */
    sessionId: z.string().optional(),
    attributes: AttributesSchema.optional(),
    requestMetadata: RequestMetadataSchema.optional(),
    sessionState: InvocationSessionStateSchema.optional(),
  })
  .strict()
  .superRefine((payload, context) => {
    const returned = payload.sessionState?.returnControlInvocationResults !== undefined;
    const given = [
      ...(["prompt", "resume", "continue"] as const).filter((key) => payload[key] !== undefined),
      ...(returned ? ["sessionState.returnControlInvocationResults"] : []),
    ];
    if (given.length !== 1)
      context.addIssue({
        code: "custom",
        path: given.length ? (given[1] ?? "").split(".") : ["prompt"],
        message:
          given.length === 0
            ? 'required: send one of "prompt" (a message), "resume" (decisions), "continue": true or "sessionState.returnControlInvocationResults"'
            : `send only one of "prompt", "resume", "continue" and "sessionState.returnControlInvocationResults" (got ${given.join(" and ")})`,
      });
    const attributes = (["sessionAttributes", "promptSessionAttributes"] as const).filter(
      (key) => payload.sessionState?.[key] !== undefined,
    );
    if (payload.prompt === undefined && attributes.length)
      context.addIssue({
        code: "custom",
        path: ["sessionState", attributes[0] ?? ""],
        message:
          "give session attributes with a new prompt; a resumed or continued run keeps the session's attributes",
      });
  });
export type InvocationPayload = z.output<typeof InvocationPayloadSchema>;

/** Parses a request body: JSON, then the schema; every problem names its field. */
export function parseInvocationPayload(body: Buffer | string): InvocationPayload {
  const text = typeof body === "string" ? body : body.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PayloadError([{ name: "body", message: `not valid JSON (${(error as Error).message})` }]);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new PayloadError([
      { name: "body", message: 'expected a JSON object such as {"prompt": "What is 17% of 2,340?"}' },
    ]);
  const parsed = InvocationPayloadSchema.safeParse(json);
  if (!parsed.success) throw new PayloadError(fieldProblems(parsed.error));
  return parsed.data;
}

/** zod issues as AgentCore-style field problems (`resume.decisions.t1.type: ...`). */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const unknown = issue.code === "unrecognized_keys" ? issue.keys : undefined;
    const name = unknown?.length ? [path, unknown[0]].filter(Boolean).join(".") : path || "body";
    return { name, message: issue.message };
  });
}
