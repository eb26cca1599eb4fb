import { z } from "zod";
import { parseWith } from "../config/config-error.ts";
import type { PendingToolCall, ToolDecision } from "../graph/tool-review.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { ActionGroupParameter } from "./action-group-invocation.ts";
import { invocationFor, isActionGroupTool, requiresConfirmation } from "./action-group-tools.ts";

type ActionInvocationType = "RESULT" | "USER_CONFIRMATION" | "USER_CONFIRMATION_AND_RESULT";

/** One entry of `returnControl.invocationInputs`, as `InvokeAgent` streams it. */
export type InvocationInput =
  | {
      apiInvocationInput: {
        actionGroup: string;
        actionInvocationType: ActionInvocationType;
        apiPath: string;
        httpMethod: string;
        parameters: ActionGroupParameter[];
        requestBody?: { content: Record<string, { properties: ActionGroupParameter[] }> };
      };
    }
  | {
      functionInvocationInput: {
        actionGroup: string;
        actionInvocationType: ActionInvocationType;
        function: string;
        parameters: ActionGroupParameter[];
      };
    };

/** `InvokeAgent`'s `returnControl` event (`ReturnControlPayload`). */
export interface ReturnControlPayload {
  invocationId: string;
  invocationInputs: InvocationInput[];
}

const paused = (calls: readonly PendingToolCall[] | { calls: readonly PendingToolCall[] }) =>
  "calls" in calls ? calls.calls : calls;

/**
 * A paused run's action-group calls in the shape Bedrock Agents' `InvokeAgent` returns control in, so
 * an application written against `returnControl` keeps working: a call the caller runs (a
 * `RETURN_CONTROL` action group) has `actionInvocationType` `RESULT` (`USER_CONFIRMATION_AND_RESULT` when
 * the operation asks for confirmation too); a call paused only for confirmation has `USER_CONFIRMATION`.
 * Parameters are strings beside their types, as Bedrock sends them. `invocationId` defaults to the first
 * call's id; Glassbox resumes by call ids ({@link decisionsFromResults}), so it only labels the pause.
 *
 * @example
 * ```ts
 * const result = await agent.invoke("What is the status of claim 42?", { threadId });
 * if (result.paused) {
 *   const { invocationInputs } = returnControlOf(result.paused, tools);
 *   const results = await myApp.run(invocationInputs); // apiResult / functionResult, as for InvokeAgent
 *   await agent.invoke({ resume: { decisions: decisionsFromResults(result.paused, tools, results) } }, { threadId });
 * }
 * ```
 */
export function returnControlOf(
  calls: readonly PendingToolCall[] | { calls: readonly PendingToolCall[] },
  tools: readonly Tool[],
  options: { invocationId?: string } = {},
): ReturnControlPayload {
  const pending = paused(calls);
  const invocationInputs = pending.flatMap((call): InvocationInput[] => {
    const tool = tools.find((candidate) => candidate.name === call.name);
    // Calls of other tools (approvals of a plain tool) have no returnControl form.
    if (!tool || !isActionGroupTool(tool)) return [];
    const invocation = invocationFor(tool, call.args);
    const actionInvocationType: ActionInvocationType =
      call.reason === "approval"
        ? "USER_CONFIRMATION"
        : requiresConfirmation(tool)
          ? "USER_CONFIRMATION_AND_RESULT"
          : "RESULT";
    if (invocation.kind === "function")
      return [
        {
          functionInvocationInput: {
            actionGroup: invocation.actionGroup,
            actionInvocationType,
            function: invocation.function,
            parameters: invocation.parameters,
          },
        },
      ];
    return [
      {
        apiInvocationInput: {
          actionGroup: invocation.actionGroup,
          actionInvocationType,
          apiPath: invocation.apiPath,
          httpMethod: invocation.httpMethod,
          parameters: invocation.parameters,
          ...(invocation.requestBody ? { requestBody: invocation.requestBody } : {}),
        },
      },
    ];
  });
  return { invocationId: options.invocationId ?? pending[0]?.id ?? "", invocationInputs };
}

const ContentBodySchema = z.object({ body: z.string().optional() });
const common = {
  actionGroup: z.string(),
  agentId: z.string().optional(),
  confirmationState: z.enum(["CONFIRM", "DENY"]).optional(),
  responseState: z.enum(["FAILURE", "REPROMPT"]).optional(),
  responseBody: z.record(z.string(), ContentBodySchema).optional(),
};

/** One entry of `sessionState.returnControlInvocationResults` (`InvocationResultMember`). */
export const InvocationResultSchema = z.union([
  z.object({
    apiResult: z.object({
      ...common,
      apiPath: z.string(),
      httpMethod: z.string(),
      httpStatusCode: z.number().int().optional(),
    }),
  }),
  z.object({ functionResult: z.object({ ...common, function: z.string() }) }),
]);
export type InvocationResult = z.input<typeof InvocationResultSchema>;

/**
 * Turns `returnControlInvocationResults` (as an application sends them back to `InvokeAgent`) into the
 * decisions that resume the paused run: results are matched to calls by action group and operation (in
 * order, for two calls of one operation). `confirmationState: DENY` rejects the call; `CONFIRM` approves
 * a call paused for confirmation; a result's body is the observation, an error one when
 * `responseState` is `FAILURE` or `httpStatusCode` is 400 or more.
 */
export function decisionsFromResults(
  calls: readonly PendingToolCall[] | { calls: readonly PendingToolCall[] },
  tools: readonly Tool[],
  results: readonly InvocationResult[],
): Record<string, ToolDecision> {
  const parsed = parseWith(z.array(InvocationResultSchema), results, "returnControlInvocationResults");
  const queues = new Map<string, Array<(typeof parsed)[number]>>();
  for (const result of parsed) {
    const key =
      "apiResult" in result
        ? `api:${result.apiResult.actionGroup}:${result.apiResult.httpMethod.toLowerCase()}:${result.apiResult.apiPath}`
        : `function:${result.functionResult.actionGroup}:${result.functionResult.function}`;
    queues.set(key, [...(queues.get(key) ?? []), result]);
  }
  const decisions: Record<string, ToolDecision> = {};
  for (const call of paused(calls)) {
    const tool = tools.find((candidate) => candidate.name === call.name);
    if (!tool || !isActionGroupTool(tool)) continue;
    const invocation = invocationFor(tool, call.args);
    const key =
      invocation.kind === "api"
        ? `api:${invocation.actionGroup}:${invocation.httpMethod}:${invocation.apiPath}`
        : `function:${invocation.actionGroup}:${invocation.function}`;
    const result = queues.get(key)?.shift();
    if (!result) continue;
    const member = "apiResult" in result ? result.apiResult : result.functionResult;
    if (member.confirmationState === "DENY") {
      decisions[call.id] = { type: "reject", reason: "The user denied this action." };
      continue;
    }
    if (call.reason === "approval") {
      decisions[call.id] = { type: "approve" };
      continue;
    }
    const body = Object.values(member.responseBody ?? {})[0]?.body ?? "";
    const status = "httpStatusCode" in member ? member.httpStatusCode : undefined;
    const failed = member.responseState === "FAILURE" || (status !== undefined && status >= 400);
    decisions[call.id] = { type: "result", content: body, status: failed ? "error" : "success" };
  }
  return decisions;
}
