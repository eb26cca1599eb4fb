import { MessagesValue, ReducedValue, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { type ContextStep, ContextStepSchema } from "../context/context-step.ts";
import { RunOutcomeSchema } from "../model/stop-reasons.ts";
import { addUsage, emptyUsage, type Usage, UsageSchema } from "../model/usage.ts";
import { ToolResultBlockSchema } from "../tools/tool-result-block.ts";
import { RunBudgetSchema } from "./run-budget.ts";
import {
  applySessionState,
  emptySessionState,
  type SessionState,
  type SessionStateUpdate,
} from "./session-state.ts";

const ToolCallSchema = z.object({ id: z.string(), name: z.string(), args: z.unknown() });
/** Which agent of a team took a step; absent for the agent whose run it is. */
const agentField = { agent: z.string().optional() };

/** The model's turn: its text, the tool calls it asked for, and what the call cost. */
export const ThoughtStepSchema = z.object({
  kind: z.literal("thought"),
  step: z.number().int().positive(),
  text: z.string(),
  toolCalls: z.array(ToolCallSchema),
  stopReason: z.string(),
  modelId: z.string(),
  usage: UsageSchema,
  costUsd: z.number().optional(),
  latencyMs: z.number(),
  attempts: z.number().int().positive(),
  ...agentField,
  /** The model's reasoning text (extended thinking), when it reasoned; `[redacted]` parts are encrypted. */
  reasoning: z.string().optional(),
  /** Why this answer did not match the run's output schema (it was sent back for a correction). */
  outputIssues: z.array(z.string()).optional(),
});

/** One tool call about to run, with its (validated) input. */
export const ActionStepSchema = z.object({
  kind: z.literal("action"),
  step: z.number().int().positive(),
  toolCallId: z.string(),
  tool: z.string(),
  input: z.unknown(),
  /**
   * Who let the call through when it was not simply run: a person approved, edited or rejected it, or the
   * client ran it.
   */
  by: z.enum(["approved", "edited", "rejected", "client"]).optional(),
  /** What the model asked for, when a person edited the arguments before the call ran (`input` is what ran). */
  requested: z.unknown().optional(),
  ...agentField,
});

/** What a tool call returned, as the model will read it. */
export const ObservationStepSchema = z.object({
  kind: z.literal("observation"),
  step: z.number().int().positive(),
  toolCallId: z.string(),
  tool: z.string(),
  status: z.enum(["success", "error"]),
  content: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  durationMs: z.number(),
  truncated: z.boolean().optional(),
  /** Converse tool-result blocks (text, json, image) when the result is more than text; `content` is their text. */
  blocks: z.array(ToolResultBlockSchema).optional(),
  ...agentField,
});

export const StepSchema = z.discriminatedUnion("kind", [
  ThoughtStepSchema,
  ActionStepSchema,
  ObservationStepSchema,
  ContextStepSchema,
]);

export type ThoughtStep = z.infer<typeof ThoughtStepSchema>;
export type ActionStep = z.infer<typeof ActionStepSchema>;
export type ObservationStep = z.infer<typeof ObservationStepSchema>;
export type { ContextStep };
/** A thought, action, observation or context step of a ReAct run. */
export type Step = z.infer<typeof StepSchema>;

/**
 * A passage retrieved for the current run (knowledge-base chunk, search result). The answer checkpoint
 * grounds against these, and citations point at them by `id`.
 */
export const SourceSchema = z.object({
  id: z.string(),
  text: z.string(),
  /** Bedrock `RetrievalResultLocation` (s3, web, custom...) as returned by Retrieve. */
  location: z.record(z.string(), z.unknown()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  score: z.number().optional(),
  /** The knowledge base (or other data source) it came from. */
  dataSourceId: z.string().optional(),
});
/** A retrieved passage the run may cite and ground against. */
export type Source = z.infer<typeof SourceSchema>;

/** How a run ended and why, in words a person can act on. */
export const OutcomeSchema = z.object({ status: RunOutcomeSchema, detail: z.string().optional() });
export type Outcome = z.infer<typeof OutcomeSchema>;

/**
 * The agent's graph state. `messages` is the conversation (kept across runs of a thread); `steps`,
 * `sources` and `outcome` describe the current run and are reset when a run starts; `session` holds the
 * session and prompt session attributes (see `session-state.ts`). Usage and cost are not channels:
 * each thought step carries its own, and `runUsage` / `runCost` add them up.
 *
 * LangGraph validates every node update against these schemas. Like `MessagesValue`, `steps` (filled
 * only by our nodes, with typed data) uses `z.custom`, so a step costs no re-validation; `StepSchema`
 * remains exported for anyone who reads steps from outside.
 */
export const AgentState = new StateSchema({
  messages: MessagesValue,
  steps: new ReducedValue(
    z.custom<Step[]>().default(() => []),
    {
      inputSchema: z.custom<Step[]>(),
      reducer: (current: Step[], update: Step[]) => current.concat(update),
      jsonSchemaExtra: { description: "Thought, action and observation steps of the current run" },
    },
  ),
  sources: new ReducedValue(
    z.custom<Source[]>().default(() => []),
    {
      inputSchema: z.custom<Source[]>(),
      reducer: (current: Source[], update: Source[]) => current.concat(update),
      jsonSchemaExtra: { description: "Passages retrieved during the current run" },
    },
  ),
  outcome: OutcomeSchema.nullable().default(null),
  session: new ReducedValue(z.custom<SessionState>().default(emptySessionState), {
    inputSchema: z.custom<SessionStateUpdate>(),
    reducer: applySessionState,
    jsonSchemaExtra: { description: "Session and prompt session attributes (Bedrock Agents' sessionState)" },
  }),
});

export type AgentStateValue = typeof AgentState.State;
export type AgentStateUpdate = typeof AgentState.Update;

/** Per-run values a caller passes with `context` (Studio shows them as a form). */
export const RunContextSchema = z.object({
  /** Extra span attributes for every span of the run (team, cost centre, tenant...). */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** Converse `requestMetadata` tags for invocation-log filtering and cost attribution. */
  requestMetadata: z.record(z.string(), z.string()).optional(),
  /** What is left of a team's limits when this agent runs for another (see `agent.asTool`). */
  budget: RunBudgetSchema.optional(),
});
export type RunContext = z.infer<typeof RunContextSchema>;

/** How many thoughts (model calls) this run has made. */
export function thoughtCount(steps: readonly Step[]): number {
  let count = 0;
  for (const step of steps) if (step.kind === "thought") count++;
  return count;
}

/** Token usage of the run so far: its thoughts plus the summaries context management paid for. */
export function runUsage(steps: readonly Step[]): Usage {
  let usage = emptyUsage();
  for (const step of steps) {
    if (step.kind === "thought") usage = addUsage(usage, step.usage);
    else if (step.kind === "context" && step.usage) usage = addUsage(usage, step.usage);
  }
  return usage;
}

/** Cost of the run so far in USD, or undefined when some model call had no known price. */
export function runCost(steps: readonly Step[]): number | undefined {
  let cost = 0;
  for (const step of steps) {
    if (step.kind === "context" && step.usage) {
      if (step.costUsd === undefined) return undefined;
      cost += step.costUsd;
    }
    if (step.kind !== "thought") continue;
    if (step.costUsd === undefined) return undefined;
    cost += step.costUsd;
  }
  return cost;
}
