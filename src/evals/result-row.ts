import type { Step } from "../graph/state.ts";
import type { Usage } from "../model/usage.ts";
import type { EvaluationResult, ToolCall } from "./evaluator.ts";

/** A span of the evaluated run, as kept in the results (timing and ReAct phase; no content). */
export interface SpanSummary {
  name: string;
  spanId: string;
  parentSpanId?: string;
  startMs: number;
  durationMs: number;
  phase?: string;
  step?: number;
  status: "ok" | "error";
}

/** One line of `results.jsonl`: one (case, repetition, variant) of a run. */
export interface ResultRow {
  caseId: string;
  repetition: number;
  /** `original`, or the robustness perturbation applied to the input. */
  variant: string;
  status: "ok" | "error";
  /** Every scored evaluator passed its threshold (always false for errors). */
  passed: boolean;
  input: string;
  expectedAnswer?: string;
  answer?: string;
  outcome?: string;
  toolCalls?: ToolCall[];
  steps?: Step[];
  spans?: SpanSummary[];
  traceId?: string;
  retrievedIds?: string[];
  /** The retrieved passages (label, score, URI, the start of the text), for the report's RAG cases. */
  passages?: Array<{ id: string; score?: number; uri?: string; excerpt: string }>;
  citedIds?: string[];
  scores: EvaluationResult[];
  /** Evaluator keys whose result failed its threshold. */
  failedKeys: string[];
  latencyMs: number;
  usage?: Usage;
  costUsd?: number;
  judgeUsage?: Usage;
  judgeCostUsd?: number;
  attempts: number;
  cached: boolean;
  /** The model that answered (after a traffic split); a cached row keeps the model that made it. */
  modelId?: string;
  error?: { type: string; message: string };
  finishedAt: string;
}

/** The identity of a unit of work: one row per key in a finished run. */
export const unitKey = (row: Pick<ResultRow, "caseId" | "repetition" | "variant">) =>
  `${row.caseId}\u0000${row.repetition}\u0000${row.variant}`;
