import type { EvalRunDetail, EvalRunEntry } from "../eval-store.ts";
import type {
  CheckpointDetail,
  CheckpointView,
  GraphInfo,
  RunEvent,
  RunInfo,
  SpansPayload,
  ThreadInfo,
} from "../shared/api-types.ts";

export type { EvalRunDetail, EvalRunEntry };

/** An API error with the server's message (it names the field that is wrong). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const value = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok)
    throw new ApiError(value.error ?? `${response.status} ${response.statusText}`, response.status);
  return value;
}

export interface Breakpoints {
  interruptBefore: string[];
  interruptAfter: string[];
}

export interface StudioInfo {
  store: string;
  evalsDir: string;
  traceFile?: string;
  langgraph?: { url: string; studioUrl: string };
}

const q = encodeURIComponent;

export const api = {
  info: () => call<StudioInfo>("GET", "info"),
  graphs: () => call<GraphInfo[]>("GET", "graphs"),
  runs: () => call<RunInfo[]>("GET", "runs"),
  startRun: (body: { graphId: string; message: string; threadId?: string } & Breakpoints) =>
    call<RunInfo>("POST", "runs", body),
  resume: (id: string, body: Record<string, unknown>) => call<RunInfo>("POST", `runs/${q(id)}/resume`, body),
  editCall: (id: string, body: { toolCallId: string; args: Record<string, unknown> }) =>
    call<RunInfo>("POST", `runs/${q(id)}/edit`, body),
  cancel: (id: string) => call<RunInfo>("POST", `runs/${q(id)}/cancel`, {}),
  runSpans: (id: string) => call<SpansPayload>("GET", `runs/${q(id)}/spans`),
  threads: () => call<ThreadInfo[]>("GET", "threads"),
  checkpoints: (threadId: string, graph: string) =>
    call<CheckpointView[]>("GET", `threads/${q(threadId)}/checkpoints?graph=${q(graph)}`),
  checkpoint: (threadId: string, checkpointId: string, graph: string) =>
    call<CheckpointDetail>("GET", `threads/${q(threadId)}/checkpoints/${q(checkpointId)}?graph=${q(graph)}`),
  fork: (threadId: string, body: { graphId: string; checkpointId: string; message?: string }) =>
    call<RunInfo>("POST", `threads/${q(threadId)}/fork`, body),
  traceFile: () => call<SpansPayload>("GET", "traces"),
  evals: () => call<EvalRunEntry[]>("GET", "evals"),
  evalRun: (suite: string, runId: string) => call<EvalRunDetail>("GET", `evals/${q(suite)}/${q(runId)}`),
  compare: (a: string, b: string) => call<ComparisonView>("GET", `evals/compare?a=${q(a)}&b=${q(b)}`),
};

/** Follows a run's (or a watched thread's) events; returns the function that stops. */
export function follow(path: string, onEvent: (event: RunEvent) => void): () => void {
  const source = new EventSource(`/api/${path}`);
  source.onmessage = (message) => onEvent(JSON.parse(message.data) as RunEvent);
  return () => source.close();
}

/**
 * Follows events in batches, one per animation frame: a long run replays thousands of events at once,
 * and rendering once per frame instead of once per event keeps the timeline fast.
 */
export function followBatched(path: string, onEvents: (events: RunEvent[]) => void): () => void {
  let pending: RunEvent[] = [];
  let frame: number | undefined;
  const flush = () => {
    frame = undefined;
    const batch = pending;
    pending = [];
    if (batch.length) onEvents(batch);
  };
  const stop = follow(path, (event) => {
    pending.push(event);
    frame ??= requestAnimationFrame(flush);
  });
  return () => {
    stop();
    if (frame !== undefined) cancelAnimationFrame(frame);
  };
}

export type ComparisonView = import("../../evals/compare.ts").Comparison;
