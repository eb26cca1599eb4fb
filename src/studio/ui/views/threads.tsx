import { useEffect, useMemo, useState } from "preact/hooks";
import type {
  CheckpointDetail,
  CheckpointView,
  GraphInfo,
  RunEvent,
  ThreadInfo,
} from "../../shared/api-types.ts";
import { buildCheckpointTree } from "../../shared/checkpoint-tree.ts";
import { api, follow } from "../api.ts";
import { CheckpointTreeView } from "../components/checkpoint-tree.tsx";
import { GraphSelect } from "../components/graph-select.tsx";
import { StepCard } from "../components/step-cards.tsx";

/** The shared thread store: threads, each thread's checkpoints as a tree, forks and time travel. */
export function ThreadsView(props: {
  graphs: GraphInfo[];
  threadId?: string;
  navigate: (hash: string) => void;
}) {
  const [threads, setThreads] = useState<ThreadInfo[]>([]);
  const [graphId, setGraphId] = useState(props.graphs[0]?.id ?? "");
  useEffect(() => {
    api.threads().then(setThreads, () => {});
  }, [props.threadId]);
  return (
    <div class="split">
      <aside class="list">
        <GraphSelect
          id="thread-graph"
          label="read threads with"
          graphs={props.graphs}
          value={graphId}
          onChange={setGraphId}
        />
        {threads.map((thread) => (
          <button
            type="button"
            key={thread.threadId}
            data-thread={thread.threadId}
            class={`list-item${thread.threadId === props.threadId ? " selected" : ""}`}
            onClick={() => props.navigate(`#/threads/${encodeURIComponent(thread.threadId)}`)}
          >
            <b>{thread.threadId}</b>
            <span class="muted">
              {thread.checkpoints} checkpoints
              {thread.updatedAt ? ` · ${new Date(thread.updatedAt).toLocaleString()}` : ""}
            </span>
          </button>
        ))}
        {!threads.length && <p class="muted">No threads yet.</p>}
      </aside>
      <section class="main">
        {props.threadId ? (
          <ThreadPanel
            key={`${props.threadId}-${graphId}`}
            threadId={props.threadId}
            graphId={graphId}
            navigate={props.navigate}
          />
        ) : (
          <p class="muted">Pick a thread.</p>
        )}
      </section>
    </div>
  );
}

function ThreadPanel(props: { threadId: string; graphId: string; navigate: (hash: string) => void }) {
  const [entries, setEntries] = useState<CheckpointView[]>([]);
  const [selected, setSelected] = useState<string>();
  const [detail, setDetail] = useState<CheckpointDetail>();
  const [problem, setProblem] = useState<string>();
  const [message, setMessage] = useState("");
  const [fork, setFork] = useState<{ id: string; events: RunEvent[] }>();
  const load = () =>
    api.checkpoints(props.threadId, props.graphId).then(
      (list) => {
        setEntries(list);
        setProblem(undefined);
      },
      (error: Error) => setProblem(error.message),
    );
  useEffect(() => {
    void load();
  }, [props.threadId, props.graphId]);
  const tree = useMemo(() => buildCheckpointTree(entries), [entries]);
  useEffect(() => {
    if (!selected) return;
    api
      .checkpoint(props.threadId, selected, props.graphId)
      .then(setDetail, (error: Error) => setProblem(error.message));
  }, [selected]);
  const row = tree.rows.find((r) => r.checkpointId === selected);
  const last = fork?.events.at(-1);
  const forkDone = last && (last.type === "done" || last.type === "error" || last.type === "paused");
  useEffect(() => {
    if (forkDone) void load();
  }, [forkDone]);

  const startFork = async (withMessage: boolean) => {
    if (!selected) return;
    setProblem(undefined);
    try {
      const run = await api.fork(props.threadId, {
        graphId: props.graphId,
        checkpointId: selected,
        ...(withMessage ? { message } : {}),
      });
      const state = { id: run.id, events: [] as RunEvent[] };
      setFork(state);
      const stop = follow(`runs/${encodeURIComponent(run.id)}/events`, (event) => {
        state.events = [...state.events, event];
        setFork({ ...state });
        if (event.type === "done" || event.type === "error" || event.type === "paused") stop();
      });
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <div class="thread">
      <h2>
        Thread <code>{props.threadId}</code>
      </h2>
      <p class="muted">
        {entries.length} checkpoints · {tree.branchPoints.length} branch point
        {tree.branchPoints.length === 1 ? "" : "s"}
      </p>
      {problem && (
        <p class="error-text" role="alert">
          {problem}
        </p>
      )}
      <div class="split inner">
        <CheckpointTreeView tree={tree} selected={selected} onSelect={setSelected} />
        {row && detail && (
          <div class="checkpoint-detail" data-testid="checkpoint-detail">
            <h3>
              step {row.step} · <code>{row.shortId}</code>
            </h3>
            <p class="muted">
              {row.source} · wrote {row.wrote.join(", ") || "nothing"} · next{" "}
              {row.next.join(", ") || "nothing (the run ended)"}
              {row.createdAt ? ` · ${new Date(row.createdAt).toLocaleString()}` : ""}
            </p>
            <h4>Conversation</h4>
            <ol class="conversation">
              {detail.conversation.map((line, i) => (
                <li key={i}>
                  <b>{line.role}</b> {line.text}
                </li>
              ))}
            </ol>
            {detail.steps.length > 0 && (
              <>
                <h4>Steps of that run</h4>
                {detail.steps.map((step, i) => (
                  <StepCard key={i} event={{ type: step.kind, step } as RunEvent} />
                ))}
              </>
            )}
            {row.fork === "message" && (
              <div class="fork">
                <h4>Fork from here</h4>
                <textarea
                  aria-label="fork message"
                  rows={2}
                  value={message}
                  placeholder="a new message from this point"
                  onInput={(e) => setMessage((e.target as HTMLTextAreaElement).value)}
                />
                <button
                  type="button"
                  class="primary"
                  data-testid="fork"
                  disabled={!message.trim()}
                  onClick={() => startFork(true)}
                >
                  Fork with this message
                </button>
              </div>
            )}
            {row.fork === "rerun" && (
              <div class="fork">
                <h4>Time travel</h4>
                <button type="button" class="primary" data-testid="rerun" onClick={() => startFork(false)}>
                  Rerun from here
                </button>
              </div>
            )}
            {row.fork === "none" && <p class="muted">The thread's input checkpoint: nothing to fork from.</p>}
          </div>
        )}
      </div>
      {fork && (
        <div class="fork-run" data-testid="fork-run" data-status={last?.type ?? "running"}>
          <h4>
            Fork run{" "}
            <button type="button" class="link" onClick={() => props.navigate(`#/runs/${fork.id}`)}>
              open
            </button>
          </h4>
          {fork.events
            .filter((event) => event.type === "done" || event.type === "error" || event.type === "paused")
            .map((event, i) => (
              <StepCard key={i} event={event} />
            ))}
        </div>
      )}
    </div>
  );
}
