import { useEffect, useMemo, useState } from "preact/hooks";
import type {
  GraphInfo,
  PendingCallView,
  RunEvent,
  RunInfo,
  ThreadInfo,
  ToolInfo,
} from "../../shared/api-types.ts";
import type { JsonSchema } from "../../shared/schema-form.ts";
import type { TraceSpan } from "../../shared/trace-model.ts";
import { api, type Breakpoints, followBatched } from "../api.ts";
import { GraphSelect } from "../components/graph-select.tsx";
import { GraphView } from "../components/graph-view.tsx";
import { SchemaForm } from "../components/schema-form.tsx";
import { cardsOf, StepCard } from "../components/step-cards.tsx";
import { Waterfall } from "../components/waterfall.tsx";

type Decision =
  | { type: "approve" }
  | { type: "edit"; args: Record<string, unknown> }
  | { type: "reject"; reason: string }
  | { type: "result"; content: unknown };

const statusOf = (events: readonly RunEvent[], fallback: string) => {
  for (let i = events.length - 1; i >= 0; i--) {
    const type = events[i]?.type;
    if (type === "paused" || type === "done" || type === "error") return type === "done" ? "done" : type;
    if (type === "decision" || type === "input") return "running";
  }
  return fallback;
};

/** Start runs, watch them (or a thread run elsewhere) step by step, decide and step at pauses. */
export function RunsView(props: {
  graphs: GraphInfo[];
  breakpoints: Record<string, Breakpoints>;
  onToggle: (graphId: string, node: string, where: "before" | "after") => void;
  runId?: string;
  watch?: { threadId: string; graphId: string };
  navigate: (hash: string) => void;
}) {
  const [graphId, setGraphId] = useState(
    props.graphs.find((g) => g.tools.some((t) => t.pauses))?.id ?? props.graphs[0]?.id ?? "",
  );
  const [message, setMessage] = useState("");
  const [threadId, setThreadId] = useState("");
  const [runs, setRuns] = useState<RunInfo[]>([]);
  const [threads, setThreads] = useState<ThreadInfo[]>([]);
  const [problem, setProblem] = useState<string>();
  const graph = props.graphs.find((g) => g.id === graphId);

  const refresh = () => {
    api.runs().then(setRuns, () => {});
    api.threads().then(setThreads, () => {});
  };
  useEffect(refresh, [props.runId]);

  const start = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      const bp = props.breakpoints[graphId] ?? { interruptBefore: [], interruptAfter: [] };
      const run = await api.startRun({
        graphId,
        message,
        ...(threadId.trim() ? { threadId: threadId.trim() } : {}),
        ...bp,
      });
      setMessage("");
      props.navigate(`#/runs/${run.id}`);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <div class="split">
      <aside class="list wide">
        <form class="start" onSubmit={start}>
          <h3>Start a run</h3>
          <GraphSelect
            id="run-graph"
            label="graph"
            graphs={props.graphs}
            value={graphId}
            onChange={setGraphId}
          />
          <label for="run-message">message</label>
          <textarea
            id="run-message"
            rows={3}
            value={message}
            onInput={(e) => setMessage((e.target as HTMLTextAreaElement).value)}
          />
          <label for="run-thread">thread id (empty: a new thread)</label>
          <input
            id="run-thread"
            value={threadId}
            onInput={(e) => setThreadId((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="primary" disabled={!message.trim()}>
            Start
          </button>
          {problem && <p class="error-text">{problem}</p>}
        </form>
        {graph && (
          <details class="mini-graph" open>
            <summary>breakpoints of {graph.title} (click a node)</summary>
            <GraphView
              structure={graph.structure}
              breakpoints={props.breakpoints[graph.id]}
              onToggle={(node, where) => props.onToggle(graph.id, node, where)}
            />
          </details>
        )}
        <h3>Runs</h3>
        {runs.map((run) => (
          <button
            type="button"
            key={run.id}
            class={`list-item${run.id === props.runId ? " selected" : ""}`}
            onClick={() => props.navigate(`#/runs/${run.id}`)}
          >
            <b>{run.question ?? run.id}</b>
            <span class="muted">
              {run.graphId} · {run.status} · thread {run.threadId.slice(0, 8)}
            </span>
          </button>
        ))}
        <h3>Threads in the store</h3>
        {threads.slice(0, 20).map((thread) => (
          <button
            type="button"
            key={thread.threadId}
            class="list-item"
            data-watch={thread.threadId}
            onClick={() =>
              props.navigate(`#/watch/${encodeURIComponent(graphId)}/${encodeURIComponent(thread.threadId)}`)
            }
          >
            <b>{thread.threadId}</b>
            <span class="muted">
              watch · {thread.checkpoints} checkpoints
              {thread.updatedAt ? ` · ${new Date(thread.updatedAt).toLocaleString()}` : ""}
            </span>
          </button>
        ))}
      </aside>
      <section class="main">
        {props.runId ? (
          <RunPanel
            key={props.runId}
            runId={props.runId}
            graphs={props.graphs}
            breakpoints={props.breakpoints}
            onChange={refresh}
          />
        ) : props.watch ? (
          <WatchPanel key={props.watch.threadId} {...props.watch} />
        ) : (
          <p class="muted">Start a run, pick one, or watch a thread that the CLI or another server runs.</p>
        )}
      </section>
    </div>
  );
}

function WatchPanel(props: { threadId: string; graphId: string }) {
  const [events, setEvents] = useState<RunEvent[]>([]);
  useEffect(
    () =>
      followBatched(
        `threads/${encodeURIComponent(props.threadId)}/watch?graph=${encodeURIComponent(props.graphId)}`,
        (batch) => setEvents((list) => [...list, ...batch]),
      ),
    [props.threadId, props.graphId],
  );
  return (
    <div class="run" data-watching={props.threadId}>
      <h2>
        Watching thread <code>{props.threadId}</code>
      </h2>
      <p class="muted">Steps appear as the run that owns this thread checkpoints them.</p>
      <div class="cards">
        {cardsOf(events).map((event, i) => (
          <StepCard key={i} event={event} />
        ))}
      </div>
    </div>
  );
}

function RunPanel(props: {
  runId: string;
  graphs: GraphInfo[];
  breakpoints: Record<string, Breakpoints>;
  onChange: () => void;
}) {
  const [info, setInfo] = useState<RunInfo>();
  const [events, setEvents] = useState<RunEvent[]>([]);
  const [spans, setSpans] = useState<TraceSpan[]>([]);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    api.runs().then(
      (list) => setInfo(list.find((run) => run.id === props.runId)),
      () => {},
    );
    return followBatched(`runs/${encodeURIComponent(props.runId)}/events`, (batch) =>
      setEvents((list) => [...list, ...batch]),
    );
  }, [props.runId]);
  const status = statusOf(events, info?.status ?? "running");
  useEffect(() => {
    if (status === "running") return;
    api.runSpans(props.runId).then(
      (payload) => setSpans(payload.spans),
      () => {},
    );
    props.onChange();
  }, [status, events.length]);
  const graph = props.graphs.find((g) => g.id === info?.graphId);
  const paused =
    status === "paused"
      ? (events.findLast((event) => event.type === "paused") as Extract<RunEvent, { type: "paused" }>)
      : undefined;
  const lastNode = events.findLast((event) => event.type === "node") as
    | Extract<RunEvent, { type: "node" }>
    | undefined;
  const cards = useMemo(() => cardsOf(events), [events]);

  const act = async (work: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await work();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const bp = (info && props.breakpoints[info.graphId]) ?? { interruptBefore: [], interruptAfter: [] };

  return (
    <div class="run" data-run={props.runId} data-status={status}>
      <h2>
        {info?.question ?? "run"} <span class={`status ${status}`}>{status}</span>
      </h2>
      <p class="muted">
        {info?.graphId} · thread <code>{info?.threadId}</code>
        {paused ? ` · paused before ${paused.next.join(", ")}` : ""}
      </p>
      {graph && (
        <details class="mini-graph">
          <summary>graph</summary>
          <GraphView
            structure={graph.structure}
            breakpoints={bp}
            active={paused?.next[0] ?? lastNode?.node}
          />
        </details>
      )}
      <div class="cards">
        {cards.map((event, i) => (
          <StepCard key={i} event={event} />
        ))}
      </div>
      {problem && (
        <p class="error-text" role="alert">
          {problem}
        </p>
      )}
      {paused && graph && (
        <PausePanel
          paused={paused}
          events={events}
          tools={graph.tools}
          onDecide={(decisions) => act(() => api.resume(props.runId, { action: "decide", decisions, ...bp }))}
          onStep={() => act(() => api.resume(props.runId, { action: "step", ...bp }))}
          onContinue={() => act(() => api.resume(props.runId, { action: "continue", ...bp }))}
          onEdit={(toolCallId, args) => act(() => api.editCall(props.runId, { toolCallId, args }))}
        />
      )}
      {status === "running" && (
        <button type="button" onClick={() => act(() => api.cancel(props.runId))}>
          Cancel
        </button>
      )}
      {spans.length > 0 && (
        <>
          <h3>Spans</h3>
          <Waterfall spans={spans} />
        </>
      )}
    </div>
  );
}

/** Tool calls of the last thought that have no observation yet (what a breakpoint before the tools holds). */
function pendingCalls(events: readonly RunEvent[]) {
  const thought = events.findLast((event) => event.type === "thought") as
    | Extract<RunEvent, { type: "thought" }>
    | undefined;
  if (!thought) return [];
  const done = new Set(
    events.flatMap((event) => (event.type === "observation" ? [event.step.toolCallId] : [])),
  );
  return thought.step.toolCalls.filter((call) => !done.has(call.id));
}

function PausePanel(props: {
  paused: Extract<RunEvent, { type: "paused" }>;
  events: readonly RunEvent[];
  tools: ToolInfo[];
  onDecide: (decisions: Record<string, Decision>) => void;
  onStep: () => void;
  onContinue: () => void;
  onEdit: (toolCallId: string, args: Record<string, unknown>) => void;
}) {
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [editing, setEditing] = useState<string>();
  const schemaOf = (name: string) =>
    (props.tools.find((tool) => tool.name === name)?.jsonSchema ?? { type: "object" }) as JsonSchema;
  if (props.paused.calls.length) {
    const all = props.paused.calls.every((call) => decisions[call.id]);
    const decide = (call: PendingCallView, decision: Decision) => {
      setDecisions({ ...decisions, [call.id]: decision });
      setEditing(undefined);
    };
    return (
      <div class="pause-panel" data-testid="decisions">
        <h3>Decide</h3>
        {props.paused.calls.map((call) => (
          <CallDecision
            key={call.id}
            call={call}
            schema={schemaOf(call.name)}
            decision={decisions[call.id]}
            editing={editing === call.id}
            onEdit={() => setEditing(call.id)}
            onCancel={() => setEditing(undefined)}
            onDecide={(decision) => decide(call, decision)}
          />
        ))}
        <button
          type="button"
          class="primary"
          data-testid="send-decisions"
          disabled={!all}
          onClick={() => props.onDecide(decisions)}
        >
          Send decisions and resume
        </button>
      </div>
    );
  }
  const calls = pendingCalls(props.events);
  return (
    <div class="pause-panel" data-testid="breakpoint">
      <h3>Breakpoint before {props.paused.next.join(", ")}</h3>
      <div class="buttons">
        <button type="button" class="primary" data-testid="step" onClick={props.onStep}>
          Step
        </button>
        <button type="button" data-testid="continue" onClick={props.onContinue}>
          Continue
        </button>
      </div>
      {calls.map((call) => (
        <div key={call.id} class="pending-call">
          <p>
            pending <code>{call.name}</code>({JSON.stringify(call.args)})
          </p>
          {editing === call.id ? (
            <SchemaForm
              schema={schemaOf(call.name)}
              args={call.args}
              submitLabel="Save arguments"
              onCancel={() => setEditing(undefined)}
              onSubmit={(args) => {
                setEditing(undefined);
                props.onEdit(call.id, args);
              }}
            />
          ) : (
            <button type="button" onClick={() => setEditing(call.id)}>
              Edit arguments
            </button>
          )}
        </div>
      ))}
    </div>
  );
}

function CallDecision(props: {
  call: PendingCallView;
  schema: JsonSchema;
  decision?: Decision;
  editing: boolean;
  onEdit: () => void;
  onCancel: () => void;
  onDecide: (decision: Decision) => void;
}) {
  const [reason, setReason] = useState("");
  const [result, setResult] = useState("");
  const { call, decision } = props;
  const args = decision?.type === "edit" ? decision.args : call.args;
  return (
    <div class="call-decision" data-call={call.name}>
      <p>
        {call.agent && <span class="tag">{call.agent}</span>} <code>{call.name}</code>({JSON.stringify(args)}){" "}
        <span class="tag">{call.reason === "approval" ? "needs approval" : "run it yourself"}</span>
        {decision && <span class={`tag decided ${decision.type}`}>{decision.type}</span>}
      </p>
      {call.description && <p class="muted small">{call.description}</p>}
      {props.editing ? (
        <SchemaForm
          schema={props.schema}
          args={args}
          submitLabel="Use these arguments"
          onCancel={props.onCancel}
          onSubmit={(edited) => props.onDecide({ type: "edit", args: edited })}
        />
      ) : call.reason === "approval" ? (
        <div class="buttons">
          <button type="button" data-testid="approve" onClick={() => props.onDecide({ type: "approve" })}>
            Approve
          </button>
          <button type="button" data-testid="edit" onClick={props.onEdit}>
            Edit
          </button>
          <input
            placeholder="why not (the model reads it)"
            value={reason}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          />
          <button
            type="button"
            data-testid="reject"
            disabled={!reason.trim()}
            onClick={() => props.onDecide({ type: "reject", reason })}
          >
            Reject
          </button>
        </div>
      ) : (
        <div class="buttons">
          <textarea
            rows={2}
            placeholder="the tool's result (JSON or text)"
            value={result}
            onInput={(e) => setResult((e.target as HTMLTextAreaElement).value)}
          />
          <button
            type="button"
            data-testid="send-result"
            disabled={!result.trim()}
            onClick={() => {
              let content: unknown = result;
              try {
                content = JSON.parse(result);
              } catch {
                // plain text result
              }
              props.onDecide({ type: "result", content });
            }}
          >
            Use this result
          </button>
          <input
            placeholder="or reject: why"
            value={reason}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          />
          <button
            type="button"
            disabled={!reason.trim()}
            onClick={() => props.onDecide({ type: "reject", reason })}
          >
            Reject
          </button>
        </div>
      )}
    </div>
  );
}
