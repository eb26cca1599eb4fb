import type { BaseMessage } from "@langchain/core/messages";
import type { SessionState } from "../graph/session-state.ts";
import type { ActionStep, ContextStep, ObservationStep, Source, Step, ThoughtStep } from "../graph/state.ts";
import type { GuardrailCheck, RetrievalReport } from "../graph/step-events.ts";
import type { PendingToolCall } from "../graph/tool-review.ts";
import type { Citation } from "../kb/citations.ts";
import type { RunOutcome } from "../model/stop-reasons.ts";
import type { Usage } from "../model/usage.ts";
import type { RunMetrics } from "../telemetry/run-metrics.ts";

/** What `agent.invoke()` returns and `agent.stream()` ends with; `Output` is the structured answer's type. */
export interface AgentResult<Output = unknown> {
  /** The final answer text (empty when the run ended without one, e.g. at the step limit). */
  answer: string;
  /** The answer validated against the run's output schema (`output`), when one was asked for. */
  output?: Output;
  outcome: RunOutcome;
  /** Why the run ended, when it did not simply answer. */
  outcomeDetail?: string;
  /** Thought, action and observation steps of this run, in order. */
  steps: Step[];
  usage: Usage;
  /** USD at the configured prices; undefined when a model's price is unknown. */
  costUsd?: number;
  latencyMs: number;
  /** The run's numbers, equal to what the OTel metrics record for it (model calls, tokens, tools, retries, cost). */
  metrics: RunMetrics;
  /** The run's trace and root span, when tracing is on: join logs, metrics and your own records to it. */
  trace?: { traceId: string; spanId: string };
  /** The model that answered (the traffic split may pick one per thread). */
  modelId: string;
  threadId?: string;
  /** The whole conversation after this run. */
  messages: BaseMessage[];
  /** Citations of the answer (RetrieveAndGenerate's shape): from a knowledge base, or from documents sent with Converse citations. */
  citations?: Citation[];
  /** Passages retrieved during the run (`state.sources`), in rank order; absent when none were. */
  sources?: Source[];
  /** Set when `outcome` is `interrupted`: where the run stopped and the calls waiting for a decision. */
  paused?: PausedRun;
  /** The session and prompt session attributes after the run (see `RunOptions.sessionState`). */
  sessionState?: SessionState;
}

/** Where a paused run stopped: the nodes it runs next, and the tool calls waiting for the caller. */
export interface PausedRun {
  next: string[];
  /** Calls to approve, edit or reject, or to run on the client (empty at a plain breakpoint). */
  calls: PendingToolCall[];
  /** The checkpoint the run paused at. */
  checkpointId?: string;
  /** Why the last resume value was not accepted, when it was not. */
  problem?: string;
}

/** Events `agent.stream()` yields while a run happens. */
export type AgentEvent<Output = unknown> =
  | { type: "token"; text: string; step: number }
  /** Reasoning text (extended thinking) as it streams, before the thought's answer or tool calls. */
  | { type: "reasoning"; text: string; step: number }
  | { type: "thought"; step: ThoughtStep }
  | { type: "action"; step: ActionStep }
  | { type: "observation"; step: ObservationStep }
  /** A guardrail checkpoint finished: its verdict and the policies that fired (passing checks too). */
  | { type: "guardrail"; check: GuardrailCheck }
  /** A retrieval node fetched passages (ids, scores, URIs). */
  | { type: "retrieval"; retrieval: RetrievalReport }
  /** A value a generator tool yielded while running, before its observation. */
  | {
      type: "tool_progress";
      step: number;
      toolCallId: string;
      tool: string;
      index: number;
      progress: unknown;
    }
  /** The thread was trimmed or summarised before a model call. */
  | { type: "context"; step: ContextStep }
  /** A model call failed and will be tried again; tokens streamed for that call should be discarded. */
  | { type: "retry"; step: number; attempt: number; delayMs: number; errorType: string }
  | { type: "done"; result: AgentResult<Output> };
