import { randomUUID } from "node:crypto";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { type BaseCheckpointSaver, Command, Overwrite } from "@langchain/langgraph";
import { formatIssues } from "../config/config-error.ts";
import { lastAIMessage } from "../graph/messages.ts";
import { NESTED_BREAKPOINTS_KEY, splitBreakpoints } from "../graph/nested-breakpoints.ts";
import {
  parseToolReviewResponse,
  pendingReviews,
  resumeValueFor,
  ToolReviewError,
  type ToolReviewResponse,
} from "../graph/tool-review.ts";
import { summarize, threadCheckpoint } from "../threads/history.ts";
import { doneEvent, pausedEvent } from "./run-state.ts";
import type { PendingCallView, RunEvent, RunInfo, RunStatus } from "./shared/api-types.ts";
import { forkKindOf } from "./shared/checkpoint-tree.ts";
import type { TraceSpan } from "./shared/trace-model.ts";
import type { SpanStore } from "./span-store.ts";
import { StudioRequestError } from "./studio-error.ts";
import type { StudioGraph } from "./studio-graph.ts";
import { checkpointIds, deleteCheckpoints } from "./thread-store.ts";

/** Nodes to pause before and after, as set by clicking the graph. */
export interface Breakpoints {
  interruptBefore?: string[];
  interruptAfter?: string[];
}

type Listener = (event: RunEvent, index: number) => void;

interface RunRecord {
  info: RunInfo;
  graph: StudioGraph;
  events: RunEvent[];
  listeners: Set<Listener>;
  startedMs: number;
  /** Wall time of the run's segments so far (pauses excluded). */
  activeMs: number;
  paused?: Extract<RunEvent, { type: "paused" }>;
  controller?: AbortController;
  /** The last segment, for tests and for `settled`. */
  segment: Promise<void>;
}

/** How a paused run goes on. */
export type ResumeRequest =
  | ({ action: "continue" | "step" } & Breakpoints)
  | ({ action: "decide"; decisions: ToolReviewResponse["decisions"] } & Breakpoints);

/** What a run manager needs: the graphs and the one thread store they all use. */
export interface RunManagerOptions {
  graphs: ReadonlyMap<string, StudioGraph>;
  saver: BaseCheckpointSaver;
  spans?: SpanStore;
  /** LangGraph's superstep limit for a run (default 500). */
  recursionLimit?: number;
}

/**
 * Starts, pauses, resumes and forks runs of the Studio's graphs on the shared thread store, and keeps
 * every run's events (thought, action, observation, guardrail and retrieval cards, pauses, the answer)
 * for the browser to replay and follow.
 */
export function createRunManager(options: RunManagerOptions) {
  const runs = new Map<string, RunRecord>();
  const recursionLimit = options.recursionLimit ?? 500;

  const graphOf = (id: string): StudioGraph => {
    const graph = options.graphs.get(id);
    if (!graph)
      throw new StudioRequestError(`no graph "${id}"; graphs: ${[...options.graphs.keys()].join(", ")}`, 404);
    return graph;
  };

  const recordOf = (id: string): RunRecord => {
    const record = runs.get(id);
    if (!record) throw new StudioRequestError(`no run "${id}"`, 404);
    return record;
  };

  const emit = (record: RunRecord, event: RunEvent) => {
    const index = record.events.push(event) - 1;
    for (const listener of record.listeners) listener(event, index);
  };

  const setStatus = (record: RunRecord, status: RunStatus) => {
    record.info.status = status;
  };

  /** The graph input of a new message: Glassbox's agents also reset their per-run channels. */
  const messageInput = (graph: StudioGraph, text: string) => {
    const message = new HumanMessage(text);
    if (graph.graph.channels && "steps" in graph.graph.channels)
      return { messages: [message], steps: new Overwrite([]), sources: new Overwrite([]), outcome: null };
    return { messages: [message] };
  };

  async function drive(
    record: RunRecord,
    input: unknown,
    run: Breakpoints & { step?: boolean; checkpointId?: string; onFailure?: () => Promise<void> },
  ): Promise<void> {
    const controller = new AbortController();
    record.controller = controller;
    setStatus(record, "running");
    record.paused = undefined;
    const started = performance.now();
    const threadId = record.info.threadId;
    // Sub-agents' nodes (`act:think`) are not the graph's: their runs read them from `configurable`.
    const { own, nested } = splitBreakpoints(run);
    const before = run.step ? "*" : own.interruptBefore;
    const after = run.step ? undefined : own.interruptAfter;
    try {
      const stream = await record.graph.graph.stream(input, {
        configurable: {
          thread_id: threadId,
          ...(run.checkpointId ? { checkpoint_id: run.checkpointId } : {}),
          ...(nested && !run.step ? { [NESTED_BREAKPOINTS_KEY]: nested } : {}),
        },
        streamMode: ["custom", "updates"],
        recursionLimit,
        signal: controller.signal,
        ...(before ? { interruptBefore: before } : {}),
        ...(after ? { interruptAfter: after } : {}),
      });
      for await (const chunk of stream as AsyncIterable<[string, unknown]>) {
        const [mode, data] = chunk;
        if (mode === "custom") {
          const event = customEvent(data);
          if (event) emit(record, event);
        } else if (mode === "updates" && data && typeof data === "object") {
          for (const node of Object.keys(data))
            if (node !== "__interrupt__") emit(record, { type: "node", node });
        }
      }
      record.activeMs += performance.now() - started;
      const snapshot = await record.graph.graph.getState({ configurable: { thread_id: threadId } });
      const paused = pausedEvent(snapshot);
      if (paused) {
        record.paused = paused;
        setStatus(record, "paused");
        emit(record, paused);
      } else {
        setStatus(record, "done");
        emit(record, doneEvent(snapshot, record.activeMs));
      }
    } catch (error) {
      record.activeMs += performance.now() - started;
      await run.onFailure?.().catch(() => {});
      setStatus(record, "error");
      const failure = error as Error & { code?: string };
      emit(record, {
        type: "error",
        message: failure.message || String(error),
        ...(failure.code ? { code: failure.code } : {}),
      });
    } finally {
      record.controller = undefined;
    }
  }

  function newRecord(graph: StudioGraph, threadId: string, question?: string): RunRecord {
    const record: RunRecord = {
      info: {
        id: randomUUID(),
        graphId: graph.id,
        threadId,
        status: "running",
        startedAt: new Date().toISOString(),
        origin: "studio",
        ...(question ? { question } : {}),
      },
      graph,
      events: [],
      listeners: new Set(),
      startedMs: Date.now(),
      activeMs: 0,
      segment: Promise.resolve(),
    };
    runs.set(record.info.id, record);
    return record;
  }

  return {
    /** Runs of this Studio, newest first. */
    list(): RunInfo[] {
      return [...runs.values()].map((record) => ({ ...record.info })).reverse();
    },

    info(id: string): RunInfo {
      return { ...recordOf(id).info };
    },

    /** Starts a run with a new user message (a new thread unless one is given). */
    async start(
      request: { graphId: string; message: string; threadId?: string } & Breakpoints,
    ): Promise<RunInfo> {
      const graph = graphOf(request.graphId);
      const message = request.message?.trim();
      if (!message) throw new StudioRequestError("message: say what the agent should do");
      await checkBreakpoints(graph, request);
      const record = newRecord(graph, request.threadId?.trim() || randomUUID(), message);
      emit(record, { type: "input", text: message });
      record.segment = drive(record, messageInput(graph, message), request);
      return { ...record.info };
    },

    /** Continues, steps or decides a paused run. Decisions are checked before anything is sent. */
    async resume(id: string, request: ResumeRequest): Promise<RunInfo> {
      const record = recordOf(id);
      if (record.info.status !== "paused" || !record.paused)
        throw new StudioRequestError(`run ${id} is ${record.info.status}, not paused`);
      await checkBreakpoints(record.graph, request);
      const paused = record.paused;
      if (request.action === "decide") {
        const resume = { decisions: request.decisions };
        try {
          parseToolReviewResponse(resume, paused.calls);
        } catch (error) {
          if (error instanceof ToolReviewError) throw new StudioRequestError(error.message);
          throw error;
        }
        for (const [callId, decision] of Object.entries(request.decisions)) {
          if (decision.type !== "edit") continue;
          const call = paused.calls.find((candidate) => candidate.id === callId) as PendingCallView;
          checkArgs(record.graph, call.name, decision.args, `decisions.${callId}.args`);
        }
        emit(record, { type: "decision", text: describeDecisions(paused.calls, request.decisions) });
        // Sub-agents that paused together take one value each (by interrupt id).
        const snapshot = await record.graph.graph.getState({
          configurable: { thread_id: record.info.threadId },
        });
        const value = resumeValueFor(pendingReviews(snapshot), resume);
        record.segment = drive(record, new Command({ resume: value }), request);
      } else {
        if (paused.calls.length)
          throw new StudioRequestError(
            `run ${id} waits for decisions on ${paused.calls.map((call) => call.name).join(", ")}; approve, edit or reject them`,
          );
        emit(record, { type: "decision", text: request.action === "step" ? "step" : "continue" });
        record.segment = drive(record, null, { ...request, step: request.action === "step" });
      }
      return { ...record.info };
    },

    /**
     * Edits a pending tool call's arguments at a breakpoint (before the tools run): the model's turn is
     * replaced in place (same message id) as if `think` had written it, so routing is recomputed.
     */
    async editCall(
      id: string,
      request: { toolCallId: string; args: Record<string, unknown> },
    ): Promise<RunInfo> {
      const record = recordOf(id);
      if (record.info.status !== "paused") throw new StudioRequestError(`run ${id} is not paused`);
      const config = { configurable: { thread_id: record.info.threadId } };
      const snapshot = await record.graph.graph.getState(config);
      const ai = lastAIMessage(((snapshot.values as { messages?: [] }).messages ?? []) as never);
      const call = ai?.tool_calls?.find((candidate) => candidate.id === request.toolCallId);
      if (!ai || !call) throw new StudioRequestError(`no pending tool call "${request.toolCallId}"`, 404);
      checkArgs(record.graph, call.name, request.args, "args");
      const edited = new AIMessage({
        id: ai.id,
        content: ai.content,
        tool_calls: (ai.tool_calls ?? []).map((each) =>
          each.id === call.id ? { ...each, args: request.args } : each,
        ),
        response_metadata: ai.response_metadata,
        usage_metadata: ai.usage_metadata,
      });
      await record.graph.graph.updateState(config, { messages: [edited] }, "think");
      emit(record, { type: "decision", text: `edited ${call.name}(${JSON.stringify(request.args)})` });
      const paused = pausedEvent(await record.graph.graph.getState(config));
      if (paused) {
        record.paused = paused;
        emit(record, paused);
      }
      return { ...record.info };
    },

    /**
     * Forks a thread at a checkpoint: a new message where a run ended, or a rerun (time travel) where it
     * went on. Checked before anything is written; a fork whose run fails removes what it wrote.
     */
    async fork(
      request: { graphId: string; threadId: string; checkpointId: string; message?: string } & Breakpoints,
    ): Promise<RunInfo> {
      const graph = graphOf(request.graphId);
      const snapshot = await threadCheckpoint(graph.graph, request.threadId, request.checkpointId);
      if (!snapshot)
        throw new StudioRequestError(
          `thread "${request.threadId}" has no checkpoint "${request.checkpointId}"`,
          404,
        );
      const kind = forkKindOf(summarize(snapshot));
      const message = request.message?.trim();
      if (kind === "none") throw new StudioRequestError("the thread's input checkpoint is no fork point");
      if (message && kind !== "message")
        throw new StudioRequestError(
          `checkpoint ${request.checkpointId} is mid-run (next: ${snapshot.next.join(", ")}); rerun from it, or send a message from a checkpoint where a run ended`,
        );
      if (!message && kind !== "rerun")
        throw new StudioRequestError(
          `the run ended at checkpoint ${request.checkpointId}: a fork from it needs a message`,
        );
      const existing = await checkpointIds(options.saver, request.threadId);
      const record = newRecord(graph, request.threadId, message ?? `rerun from ${request.checkpointId}`);
      emit(record, { type: "input", text: message ?? `rerun from checkpoint ${request.checkpointId}` });
      const onFailure = async () => {
        const now = await checkpointIds(options.saver, request.threadId);
        await deleteCheckpoints(
          options.saver,
          request.threadId,
          [...now].filter((id) => !existing.has(id)),
        );
      };
      record.segment = drive(record, message ? messageInput(graph, message) : null, {
        ...request,
        checkpointId: request.checkpointId,
        onFailure,
      });
      return { ...record.info };
    },

    cancel(id: string): RunInfo {
      const record = recordOf(id);
      record.controller?.abort(new Error("cancelled from the Studio"));
      return { ...record.info };
    },

    /** Replays a run's events from `from`, then follows it; returns the unsubscribe function. */
    subscribe(id: string, from: number, listener: Listener): () => void {
      const record = recordOf(id);
      for (const [i, event] of record.events.slice(from).entries()) listener(event, from + i);
      record.listeners.add(listener);
      return () => record.listeners.delete(listener);
    },

    /** The spans of the run's traces (every segment), oldest first. */
    spansOf(id: string): TraceSpan[] {
      const record = recordOf(id);
      if (!options.spans) return [];
      return options.spans.ofTraces(options.spans.tracesOfThread(record.info.threadId, record.startedMs));
    },

    /** Resolves when the run's current segment has finished (tests, benchmarks). */
    settled(id: string): Promise<void> {
      return recordOf(id).segment;
    },
  };
}

export type RunManager = ReturnType<typeof createRunManager>;

/** A stream chunk a Glassbox node wrote (an `agent.stream()` event) as a run event. */
function customEvent(data: unknown): RunEvent | undefined {
  if (!data || typeof data !== "object") return undefined;
  const event = data as { type?: string };
  switch (event.type) {
    case "token":
    case "thought":
    case "action":
    case "observation":
    case "guardrail":
    case "retrieval":
    case "retry":
      return data as RunEvent;
    default:
      return undefined;
  }
}

/** Checks edited arguments with the tool's own zod schema; the error names the field. */
function checkArgs(graph: StudioGraph, toolName: string, args: unknown, where: string): void {
  const tool = graph.tools?.find((candidate) => candidate.name === toolName);
  if (!tool) return;
  const parsed = tool.input.safeParse(args);
  if (!parsed.success) throw new StudioRequestError(formatIssues(parsed.error, where));
}

function describeDecisions(
  calls: readonly PendingCallView[],
  decisions: ToolReviewResponse["decisions"],
): string {
  return calls
    .map((call) => {
      const decision = decisions[call.id];
      if (!decision) return "";
      if (decision.type === "edit")
        return `edited and approved ${call.name}(${JSON.stringify(decision.args)})`;
      if (decision.type === "reject") return `rejected ${call.name}: ${decision.reason}`;
      if (decision.type === "result") return `answered ${call.name} with ${JSON.stringify(decision.content)}`;
      return `approved ${call.name}`;
    })
    .filter(Boolean)
    .join("; ");
}

/**
 * Refuses breakpoints on nodes the graph does not have (LangGraph would silently never stop there): its
 * own nodes and its sub-agents' (`act:think`, as Studio draws them) are the names it takes.
 */
async function checkBreakpoints(graph: StudioGraph, breakpoints: Breakpoints): Promise<void> {
  const wanted = [
    ...(breakpoints.interruptBefore ?? []).map((node, i) => [`interruptBefore.${i}`, node] as const),
    ...(breakpoints.interruptAfter ?? []).map((node, i) => [`interruptAfter.${i}`, node] as const),
  ];
  if (!wanted.length) return;
  // Its own nodes (xray replaces a node that runs sub-agents by theirs) and its sub-agents'.
  const drawn = await Promise.all([graph.graph.getGraphAsync(), graph.graph.getGraphAsync({ xray: true })]);
  const ids = new Set(drawn.flatMap((view) => Object.keys(view.nodes)));
  const nodes = [...ids].filter((id) => !/(^|:)__(start|end)__$/.test(id));
  for (const [field, node] of wanted)
    if (node !== "*" && !nodes.includes(node))
      throw new StudioRequestError(
        `${field}: "${node}" is not a node of ${graph.id}; its nodes: ${nodes.join(", ")}`,
      );
}
