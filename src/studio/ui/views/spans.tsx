import { useEffect, useMemo, useState } from "preact/hooks";
import type { RunInfo } from "../../shared/api-types.ts";
import { parseTraceFile, type TraceSpan, tracesOf } from "../../shared/trace-model.ts";
import { api } from "../api.ts";
import { Waterfall } from "../components/waterfall.tsx";

/** Spans from a trace file (given with --trace-file or opened here) or from the Studio's runs. */
export function SpansView(props: { traceFile?: string }) {
  const [spans, setSpans] = useState<TraceSpan[]>([]);
  const [source, setSource] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [runs, setRuns] = useState<RunInfo[]>([]);
  const [traceId, setTraceId] = useState<string>();
  useEffect(() => {
    api.runs().then(setRuns, () => {});
    if (props.traceFile)
      api.traceFile().then(
        (payload) => {
          setSpans(payload.spans);
          setSource(payload.source);
        },
        (error: Error) => setProblem(error.message),
      );
  }, [props.traceFile]);
  const traces = useMemo(() => tracesOf(spans), [spans]);
  const shown = traceId
    ? spans.filter((span) => span.traceId === traceId)
    : spans.filter((span) => span.traceId === traces.at(-1)?.traceId);

  const open = async (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      const parsed = parseTraceFile(await file.text());
      setSpans(parsed);
      setSource(file.name);
      setTraceId(undefined);
      setProblem(undefined);
    } catch (error) {
      setProblem(`${file.name}: ${(error as Error).message}`);
    }
  };
  const fromRun = async (id: string) => {
    const payload = await api.runSpans(id);
    setSpans(payload.spans);
    setSource(`run ${id}`);
    setTraceId(undefined);
  };

  return (
    <div class="split">
      <aside class="list">
        <label for="trace-open">open a JSONL or OTLP/JSON trace file</label>
        <input id="trace-open" type="file" accept=".jsonl,.json,application/json" onChange={open} />
        {runs.length > 0 && (
          <>
            <h3>Runs of this Studio</h3>
            {runs.map((run) => (
              <button type="button" key={run.id} class="list-item" onClick={() => fromRun(run.id)}>
                <b>{run.question ?? run.id}</b>
                <span class="muted">{run.status}</span>
              </button>
            ))}
          </>
        )}
        {traces.length > 0 && <h3>Traces</h3>}
        {traces.map((trace) => (
          <button
            type="button"
            key={trace.traceId}
            data-trace={trace.traceId}
            class={`list-item${(traceId ?? traces.at(-1)?.traceId) === trace.traceId ? " selected" : ""}`}
            onClick={() => setTraceId(trace.traceId)}
          >
            <b>{trace.rootName}</b>
            <span class="muted">
              {trace.spanCount} spans · {(trace.endMs - trace.startMs).toFixed(0)} ms
              {trace.errors ? ` · ${trace.errors} errors` : ""} ·{" "}
              {new Date(trace.startMs).toLocaleTimeString()}
            </span>
          </button>
        ))}
      </aside>
      <section class="main">
        <h2>Spans</h2>
        {source && (
          <p class="muted" data-testid="trace-source">
            {source} · {traces.length} traces · {spans.length} spans
          </p>
        )}
        {problem && (
          <p class="error-text" role="alert">
            {problem}
          </p>
        )}
        {shown.length ? <Waterfall spans={shown} /> : <p class="muted">Open a trace file or pick a run.</p>}
      </section>
    </div>
  );
}
