import type { BaseMessage } from "@langchain/core/messages";
import type { ActionStep, ObservationStep, Step, ThoughtStep } from "../graph/state.ts";
import type { Citation } from "../kb/citations.ts";
import type { RunOutcome } from "../model/stop-reasons.ts";
import type { Usage } from "../model/usage.ts";

/** What `agent.invoke()` returns and `agent.stream()` ends with. */
export interface AgentResult {
  /** The final answer text (empty when the run ended without one, e.g. at the step limit). */
  answer: string;
  outcome: RunOutcome;
  /** Why the run ended, when it did not simply answer. */
  outcomeDetail?: string;
  /** Thought, action and observation steps of this run, in order. */
  steps: Step[];
  usage: Usage;
  /** USD at the configured prices; undefined when a model's price is unknown. */
  costUsd?: number;
  latencyMs: number;
  /** The model that answered (the traffic split may pick one per thread). */
  modelId: string;
  threadId?: string;
  /** The whole conversation after this run. */
  messages: BaseMessage[];
  /** Citations of the answer (RetrieveAndGenerate's shape), when a knowledge base was consulted. */
  citations?: Citation[];
}

/** Events `agent.stream()` yields while a run happens. */
export type AgentEvent =
  | { type: "token"; text: string; step: number }
  | { type: "thought"; step: ThoughtStep }
  | { type: "action"; step: ActionStep }
  | { type: "observation"; step: ObservationStep }
  /** A model call failed and will be tried again; tokens streamed for that call should be discarded. */
  | { type: "retry"; step: number; attempt: number; delayMs: number; errorType: string }
  | { type: "done"; result: AgentResult };
