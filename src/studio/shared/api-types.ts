/**
 * What the Studio's API sends the browser: plain JSON shapes shared by the server (src/studio/*) and
 * the UI (src/studio/ui). Step shapes mirror src/graph/state.ts without its zod schemas, so the UI
 * bundle stays small.
 */
import type { GuardrailCheck, RetrievalReport } from "../../graph/step-events.ts";
import type { CheckpointEntry } from "./checkpoint-tree.ts";
import type { GraphStructure } from "./graph-layout.ts";
import type { TraceSpan } from "./trace-model.ts";

export type { GuardrailCheck, RetrievalReport };

export interface UsageView {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface ThoughtView {
  kind: "thought";
  step: number;
  text: string;
  toolCalls: Array<{ id: string; name: string; args: unknown }>;
  stopReason: string;
  modelId: string;
  usage: UsageView;
  costUsd?: number;
  latencyMs: number;
  attempts: number;
  reasoning?: string;
}

export interface ActionView {
  kind: "action";
  step: number;
  toolCallId: string;
  tool: string;
  input: unknown;
  by?: "approved" | "edited" | "rejected" | "client";
  requested?: unknown;
}

export interface ObservationView {
  kind: "observation";
  step: number;
  toolCallId: string;
  tool: string;
  status: "success" | "error";
  content: string;
  sizeBytes: number;
  durationMs: number;
  truncated?: boolean;
}

export type StepView = ThoughtView | ActionView | ObservationView;

/** A tool of a graph: what the schema form is generated from. */
export interface ToolInfo {
  name: string;
  description: string;
  jsonSchema: Record<string, unknown>;
  /** `approval` or `client` when calls of it pause the run. */
  pauses?: "approval" | "client";
}

export interface GraphInfo {
  id: string;
  title: string;
  description?: string;
  /** `shipped` (Glassbox's samples) or `langgraph.json` (the project's own). */
  origin: string;
  structure: GraphStructure;
  tools: ToolInfo[];
}

/** A call the run paused on. */
export interface PendingCallView {
  id: string;
  name: string;
  args: unknown;
  reason: "approval" | "client";
  description?: string;
  /** The sub-agent that asked for the call (its pause is the run's). */
  agent?: string;
}

export interface CitationView {
  text: string;
  sources: Array<{ id: string; uri?: string }>;
}

export interface SourceView {
  id: string;
  score?: number;
  uri?: string;
  text: string;
}

/** One event of a run, in the order it happened. */
export type RunEvent =
  | { type: "input"; text: string }
  | { type: "token"; step: number; text: string }
  | { type: "thought"; step: ThoughtView }
  | { type: "action"; step: ActionView }
  | { type: "observation"; step: ObservationView }
  | { type: "guardrail"; check: GuardrailCheck }
  | { type: "retrieval"; retrieval: RetrievalReport }
  | { type: "retry"; step: number; attempt: number; delayMs: number; errorType: string }
  | { type: "node"; node: string }
  | { type: "decision"; text: string }
  | {
      type: "paused";
      next: string[];
      calls: PendingCallView[];
      checkpointId?: string;
      problem?: string;
    }
  | {
      type: "done";
      answer: string;
      outcome: string;
      outcomeDetail?: string;
      usage: UsageView;
      costUsd?: number;
      latencyMs: number;
      citations?: CitationView[];
      sources?: SourceView[];
    }
  | { type: "error"; message: string; code?: string };

export type RunStatus = "running" | "paused" | "done" | "error";

export interface RunInfo {
  id: string;
  graphId: string;
  threadId: string;
  status: RunStatus;
  startedAt: string;
  /** `studio` for runs started here, `thread` for a thread followed in the store. */
  origin: "studio" | "thread";
  question?: string;
}

/** A thread of the shared store. */
export interface ThreadInfo {
  threadId: string;
  checkpoints: number;
  updatedAt?: string;
}

/** A checkpoint as the tree endpoint lists it. */
export type CheckpointView = CheckpointEntry;

export interface CheckpointDetail extends CheckpointEntry {
  conversation: Array<{ role: string; text: string }>;
  steps: StepView[];
  outcome: unknown;
  interrupts: unknown[];
}

export interface SpansPayload {
  spans: TraceSpan[];
  source?: string;
}
