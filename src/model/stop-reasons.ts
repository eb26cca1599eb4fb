import { z } from "zod";

/** How a run ended. */
export const RunOutcomeSchema = z.enum([
  "answered",
  "max_tokens",
  "guardrail_intervened",
  "content_filtered",
  "malformed_model_output",
  "malformed_tool_use",
  "context_window_exceeded",
  "step_limit",
  "token_budget",
  "cost_budget",
  "cancelled",
  "error",
  "interrupted",
  "handed_off",
]);
export type RunOutcome = z.infer<typeof RunOutcomeSchema>;

/** What the loop does after a model turn: answer, run the tools, ask again, or end the run. */
export interface StopReasonHandling {
  action: "answer" | "act" | "retry" | "end";
  outcome: RunOutcome;
  note: string;
}

/** Every Converse stop reason and how the loop handles it. */
export const STOP_REASONS: Readonly<Record<string, StopReasonHandling>> = {
  end_turn: { action: "answer", outcome: "answered", note: "the model finished its answer" },
  stop_sequence: { action: "answer", outcome: "answered", note: "the answer stopped at a stop sequence" },
  tool_use: { action: "act", outcome: "answered", note: "the model asked for tools" },
  max_tokens: {
    action: "end",
    outcome: "max_tokens",
    note: "the answer hit the output token limit and is cut short; raise model.inferenceConfig.maxTokens",
  },
  guardrail_intervened: {
    action: "end",
    outcome: "guardrail_intervened",
    note: "a Bedrock guardrail intervened; the answer is the guardrail's blocked message",
  },
  content_filtered: {
    action: "end",
    outcome: "content_filtered",
    note: "the model's content filter stopped the answer",
  },
  malformed_model_output: {
    action: "retry",
    outcome: "malformed_model_output",
    note: "the model's output could not be parsed, twice",
  },
  malformed_tool_use: {
    action: "retry",
    outcome: "malformed_tool_use",
    note: "the model's tool call could not be parsed, twice",
  },
  model_context_window_exceeded: {
    action: "end",
    outcome: "context_window_exceeded",
    note: "the conversation no longer fits the model's context window; give the agent a context manager (context: slidingWindow() or summarizing())",
  },
};

/** The handling of a stop reason; unknown future values are treated as an answer. */
export function handleStopReason(reason: string | undefined): StopReasonHandling {
  return (
    STOP_REASONS[reason ?? "end_turn"] ?? {
      action: "answer",
      outcome: "answered",
      note: `unknown stop reason "${reason}", treated as the end of the answer`,
    }
  );
}

const OUTCOME_TEXT: Record<RunOutcome, string> = {
  answered: "the model answered",
  max_tokens: STOP_REASONS.max_tokens?.note ?? "",
  guardrail_intervened: STOP_REASONS.guardrail_intervened?.note ?? "",
  content_filtered: STOP_REASONS.content_filtered?.note ?? "",
  malformed_model_output: STOP_REASONS.malformed_model_output?.note ?? "",
  malformed_tool_use: STOP_REASONS.malformed_tool_use?.note ?? "",
  context_window_exceeded: STOP_REASONS.model_context_window_exceeded?.note ?? "",
  step_limit: "the run reached its step limit before an answer; raise limits.maxSteps",
  token_budget: "the run spent its token budget before an answer; raise limits.maxTokens",
  cost_budget: "the run spent its cost budget before an answer; raise limits.maxCostUsd",
  cancelled: "the run was cancelled",
  error: "the run failed",
  handed_off: "the agent handed the conversation to another agent of its team",
  interrupted: "the run is paused (a breakpoint, an approval or a client-run tool); resume it on its thread",
};

/** One line on an outcome, for people. */
export function describeOutcome(outcome: RunOutcome): string {
  return OUTCOME_TEXT[outcome];
}
