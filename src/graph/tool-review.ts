import { AIMessage, ToolMessage } from "@langchain/core/messages";
import type { ToolCall } from "@langchain/core/messages/tool";
import { interrupt, type LangGraphRunnableConfig, type StateSnapshot } from "@langchain/langgraph";
import { trace } from "@opentelemetry/api";
import { z } from "zod";
import { formatIssues } from "../config/config-error.ts";
import { GlassboxError } from "../errors.ts";
import { ATTR, EVENT } from "../telemetry/attributes.ts";
import { pausesFor, type Tool } from "../tools/define-tool.ts";
import { pendingToolCalls } from "./act.ts";
import type { AgentNode } from "./build.ts";
import { lastAIMessage } from "./messages.ts";
import type { ActionStep, AgentStateUpdate, AgentStateValue, ObservationStep } from "./state.ts";
import { thoughtCount } from "./state.ts";

/** The name of the node that pauses for approvals and client-run tools (a breakpoint name in Studio). */
export const TOOL_REVIEW_NODE = "review_tools";

/** One tool call the run paused for. */
export const PendingToolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  args: z.unknown(),
  /** `approval`: approve, edit or reject it. `client`: run it yourself and send the result (or reject it). */
  reason: z.enum(["approval", "client"]),
  description: z.string().optional(),
  /** The agent that asked for the call, when it runs for another (a sub-agent's pause is its caller's). */
  agent: z.string().optional(),
});
export type PendingToolCall = z.infer<typeof PendingToolCallSchema>;

/** The value of the `interrupt()` a paused run reports (in `__interrupt__`, Studio and the SDK). */
export const ToolReviewRequestSchema = z.object({
  type: z.literal("tool_review"),
  calls: z.array(PendingToolCallSchema),
  /** Why the previous resume value was not accepted (the run stays paused until a valid one comes). */
  problem: z.string().optional(),
});
export type ToolReviewRequest = z.infer<typeof ToolReviewRequestSchema>;

/** What the caller decides for one paused call. */
export const ToolDecisionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("approve") }).strict(),
  z.object({ type: z.literal("edit"), args: z.record(z.string(), z.unknown()) }).strict(),
  z
    .object({ type: z.literal("reject"), reason: z.string().trim().min(1, "say why, the model reads it") })
    .strict(),
  z
    .object({
      type: z.literal("result"),
      content: z.unknown(),
      status: z.enum(["success", "error"]).default("success"),
    })
    .strict(),
]);
export type ToolDecision = z.input<typeof ToolDecisionSchema>;

/** The resume value: one decision per paused call, keyed by tool call id. */
export const ToolReviewResponseSchema = z
  .object({ decisions: z.record(z.string(), ToolDecisionSchema) })
  .strict();
export type ToolReviewResponse = z.input<typeof ToolReviewResponseSchema>;

/** The resume value's JSON Schema, shown to SDK and Studio clients as the interrupt's `response_schema`. */
const RESPONSE_JSON_SCHEMA = z.toJSONSchema(ToolReviewResponseSchema, { io: "input" }) as Record<
  string,
  unknown
>;

/** A tool review a paused run waits for: its request, and the interrupt's id. */
export interface PendingReview {
  id?: string;
  request: ToolReviewRequest;
}

/** The tool reviews a paused thread waits for (several when sub-agents run at once paused together). */
export function pendingReviews(snapshot: Pick<StateSnapshot, "tasks">): PendingReview[] {
  const seen = new Set<string>();
  return snapshot.tasks.flatMap((task) =>
    (task.interrupts ?? []).flatMap((pending) => {
      const request = ToolReviewRequestSchema.safeParse(pending.value);
      if (!request.success || (pending.id && seen.has(pending.id))) return [];
      if (pending.id) seen.add(pending.id);
      return [{ ...(pending.id ? { id: pending.id } : {}), request: request.data }];
    }),
  );
}

/**
 * The value to resume with: the decisions themselves when one review waits; when several do, one value
 * per interrupt id (LangGraph's resume map), each with the decisions for that review's calls.
 */
export function resumeValueFor(reviews: readonly PendingReview[], response: ToolReviewResponse): unknown {
  if (reviews.length < 2 || reviews.some((review) => !review.id)) return response;
  return Object.fromEntries(
    reviews.map((review) => [
      review.id,
      {
        decisions: Object.fromEntries(
          review.request.calls.flatMap((call) =>
            call.id in response.decisions ? [[call.id, response.decisions[call.id]]] : [],
          ),
        ),
      },
    ]),
  );
}

/** A resume value that does not fit the paused calls. */
export class ToolReviewError extends GlassboxError {
  constructor(message: string) {
    super(message, { code: "TOOL_REVIEW_INVALID" });
  }
}

const ALLOWED: Record<PendingToolCall["reason"], ReadonlySet<string>> = {
  approval: new Set(["approve", "edit", "reject"]),
  client: new Set(["result", "reject"]),
};

/**
 * Checks a resume value against the paused calls: every call needs a decision of a kind its reason
 * allows (approve/edit/reject for approvals, result/reject for client tools), and nothing else.
 */
export function parseToolReviewResponse(
  value: unknown,
  pending: readonly PendingToolCall[],
): Map<string, z.output<typeof ToolDecisionSchema>> {
  const parsed = ToolReviewResponseSchema.safeParse(value);
  if (!parsed.success) throw new ToolReviewError(formatIssues(parsed.error, "resume"));
  const decisions = new Map(Object.entries(parsed.data.decisions));
  const known = new Set(pending.map((call) => call.id));
  for (const id of decisions.keys()) {
    if (!known.has(id))
      throw new ToolReviewError(
        `resume.decisions.${id}: no paused call has this id; paused: ${[...known].join(", ")}`,
      );
  }
  for (const call of pending) {
    const decision = decisions.get(call.id);
    if (!decision)
      throw new ToolReviewError(`resume.decisions.${call.id}: missing a decision for ${call.name}`);
    if (!ALLOWED[call.reason].has(decision.type))
      throw new ToolReviewError(
        `resume.decisions.${call.id}: "${decision.type}" does not fit a call paused for ${call.reason}; expected ${[...ALLOWED[call.reason]].join(" or ")}`,
      );
  }
  return decisions;
}

/** The calls of the model's last turn that must pause the run, in the order the model asked. */
export function callsToReview(state: AgentStateValue, tools: ReadonlyMap<string, Tool>): PendingToolCall[] {
  return pendingToolCalls(state.messages).flatMap((call) => {
    const tool = tools.get(call.name);
    const reason = pausesFor(tool);
    if (!reason) return [];
    return [
      {
        id: call.id ?? "",
        name: call.name,
        args: call.args,
        reason,
        ...(tool?.description ? { description: tool.description } : {}),
      },
    ];
  });
}

/**
 * The review node, placed right before *act*: when the model's turn calls tools that need approval
 * or that the client runs, it pauses the run once with all of them (`interrupt()` in its own node,
 * so no tool of the turn runs twice). On resume, edits replace the call's arguments, rejections and
 * client results become the call's tool message (the model reads the reason or the result), and
 * approved calls are left to *act*.
 */
export function createToolReviewNode(
  tools: readonly Tool[] | { readonly tools: readonly Tool[] },
  agent?: string,
): AgentNode {
  // Read per step when live: a tool source (an MCP server) may change its tools while the agent lives.
  const current = () => ("tools" in tools ? tools.tools : tools);
  return {
    name: TOOL_REVIEW_NODE,
    run(state: AgentStateValue, config: LangGraphRunnableConfig): AgentStateUpdate {
      const byName = new Map(current().map((tool) => [tool.name, tool]));
      const calls = callsToReview(state, byName);
      if (calls.length === 0) return {};
      // Nested in a caller's run (the node's namespace is under the caller's node), the pause is the
      // caller's: say whose calls these are.
      const nested = agent !== undefined && String(config.configurable?.checkpoint_ns ?? "").includes("|");
      const pending = nested ? calls.map((call) => ({ ...call, agent })) : calls;
      // A resume value that does not fit pauses again with the problem, rather than failing the run:
      // LangGraph keeps resume values, so a failed node would meet the same bad value on every retry.
      let problem: string | undefined;
      for (;;) {
        const request: ToolReviewRequest = {
          type: "tool_review",
          calls: pending,
          ...(problem ? { problem } : {}),
        };
        const answer = interrupt(request, { responseSchema: RESPONSE_JSON_SCHEMA });
        try {
          return applyDecisions(state, parseToolReviewResponse(answer, pending), config);
        } catch (error) {
          if (!(error instanceof ToolReviewError)) throw error;
          problem = error.message;
        }
      }
    },
  };
}

function applyDecisions(
  state: AgentStateValue,
  decisions: ReturnType<typeof parseToolReviewResponse>,
  config: LangGraphRunnableConfig,
): AgentStateUpdate {
  const ai = lastAIMessage(state.messages);
  if (!ai) return {};
  recordDecisions(ai.tool_calls ?? [], decisions);
  const step = thoughtCount(state.steps);
  const calls: ToolCall[] = (ai.tool_calls ?? []).map((call) => {
    const decision = decisions.get(call.id ?? "");
    return decision?.type === "edit" ? { ...call, args: decision.args } : call;
  });
  const messages = [];
  const steps: Array<ActionStep | ObservationStep> = [];
  if (calls.some((call, i) => call !== ai.tool_calls?.[i])) {
    // Same id: the messages reducer replaces the turn in place, so history shows the edited call.
    messages.push(
      new AIMessage({
        id: ai.id,
        content: ai.content,
        tool_calls: calls,
        response_metadata: ai.response_metadata,
        usage_metadata: ai.usage_metadata,
      }),
    );
  }
  for (const call of calls) {
    const decision = decisions.get(call.id ?? "");
    if (decision?.type !== "reject" && decision?.type !== "result") continue;
    const toolCallId = call.id ?? "";
    const status = decision.type === "reject" ? "error" : decision.status;
    const content =
      decision.type === "reject"
        ? `The user rejected this call of ${call.name}: ${decision.reason}`
        : typeof decision.content === "string"
          ? decision.content
          : JSON.stringify(decision.content ?? null);
    const by = decision.type === "reject" ? "rejected" : "client";
    const action: ActionStep = { kind: "action", step, toolCallId, tool: call.name, input: call.args, by };
    const observation: ObservationStep = {
      kind: "observation",
      step,
      toolCallId,
      tool: call.name,
      status,
      content,
      sizeBytes: Buffer.byteLength(content),
      durationMs: 0,
    };
    config.writer?.({ type: "action", step: action });
    config.writer?.({ type: "observation", step: observation });
    steps.push(action, observation);
    messages.push(new ToolMessage({ content, tool_call_id: toolCallId, name: call.name, status }));
  }
  return { messages, steps };
}

/**
 * One event per decision on the run's active span (`invoke_agent`), so the trace shows who let which
 * call through. Rejection reasons and client results are content: they stay off the span.
 */
function recordDecisions(
  calls: readonly ToolCall[],
  decisions: ReturnType<typeof parseToolReviewResponse>,
): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  for (const call of calls) {
    const decision = decisions.get(call.id ?? "");
    if (!decision) continue;
    span.addEvent(EVENT.toolReview, {
      [ATTR.toolName]: call.name,
      [ATTR.toolCallId]: call.id ?? "",
      [ATTR.reviewDecision]: decision.type,
    });
  }
}
