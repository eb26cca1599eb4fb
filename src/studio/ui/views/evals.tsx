import { useEffect, useMemo, useState } from "preact/hooks";
import { type ReportModel, reportModel } from "../../../evals/reports/report-model.ts";
import type { RunEvent } from "../../shared/api-types.ts";
import type { TraceSpan } from "../../shared/trace-model.ts";
import { api, type ComparisonView, type EvalRunDetail, type EvalRunEntry } from "../api.ts";
import { StepCard } from "../components/step-cards.tsx";
import { Waterfall } from "../components/waterfall.tsx";

/** Past evaluation runs: pick one to read its report, or two to compare. */
export function EvalsView(props: { navigate: (hash: string) => void }) {
  const [runs, setRuns] = useState<EvalRunEntry[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    api.evals().then(setRuns, (error: Error) => setProblem(error.message));
  }, []);
  const key = (run: EvalRunEntry) => `${run.suite}/${run.runId}`;
  const toggle = (ref: string) =>
    setChosen(chosen.includes(ref) ? chosen.filter((c) => c !== ref) : [...chosen, ref].slice(-2));
  return (
    <section class="main">
      <h2>Evaluation runs</h2>
      {problem && <p class="error-text">{problem}</p>}
      {!runs.length && (
        <p class="muted">No runs under the evaluation folder yet (glassbox eval &lt;suite&gt;).</p>
      )}
      {runs.length > 0 && (
        <table class="eval-list">
          <thead>
            <tr>
              <th>compare</th>
              <th>suite</th>
              <th>run</th>
              <th>started</th>
              <th>verdict</th>
              <th>pass rate</th>
              <th>rows</th>
              <th>model</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={key(run)} data-eval={key(run)}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`compare ${key(run)}`}
                    checked={chosen.includes(key(run))}
                    onChange={() => toggle(key(run))}
                  />
                </td>
                <td>{run.suite}</td>
                <td>
                  <button
                    type="button"
                    class="link"
                    onClick={() =>
                      props.navigate(
                        `#/evals/${encodeURIComponent(run.suite)}/${encodeURIComponent(run.runId)}`,
                      )
                    }
                  >
                    {run.runId}
                  </button>
                </td>
                <td>{new Date(run.createdAt).toLocaleString()}</td>
                <td>
                  {run.passed === undefined ? (
                    <span class="muted">unfinished</span>
                  ) : (
                    <span class={`badge ${run.passed ? "pass" : "fail"}`}>
                      {run.passed ? "passed" : "failed"}
                    </span>
                  )}
                </td>
                <td>
                  {run.passRate === undefined ? "not applicable" : `${(run.passRate * 100).toFixed(1)}%`}
                </td>
                <td>{run.units ?? "not applicable"}</td>
                <td>{run.model}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        class="primary"
        data-testid="compare"
        disabled={chosen.length !== 2}
        onClick={() =>
          props.navigate(
            `#/compare/${encodeURIComponent(chosen[0] ?? "")}/${encodeURIComponent(chosen[1] ?? "")}`,
          )
        }
      >
        Compare the two selected (older → newer)
      </button>
    </section>
  );
}

const spansOfRow = (
  spans: NonNullable<ReportModel["cases"][number]["spans"]>,
  traceId = "trace",
): TraceSpan[] =>
  spans.map((span) => ({
    traceId,
    spanId: span.spanId,
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    name: span.name,
    kind: "internal",
    startMs: span.startMs,
    endMs: span.startMs + span.durationMs,
    attributes: {
      ...(span.phase ? { "glassbox.react.phase": span.phase } : {}),
      ...(span.step !== undefined ? { "glassbox.react.step": span.step } : {}),
    },
    events: [],
    status: { code: span.status === "error" ? "error" : "ok" },
  }));

/** One run's report, from the same model as the HTML file. */
export function EvalReportView(props: { suite: string; runId: string }) {
  const [detail, setDetail] = useState<EvalRunDetail>();
  const [problem, setProblem] = useState<string>();
  const [filter, setFilter] = useState({ error: true, fail: true, pass: true });
  useEffect(() => {
    api.evalRun(props.suite, props.runId).then(setDetail, (error: Error) => setProblem(error.message));
  }, [props.suite, props.runId]);
  const model = useMemo(
    () => (detail?.summary ? reportModel(detail.summary, detail.rows, detail.manifest as never) : undefined),
    [detail],
  );
  if (problem) return <p class="error-text">{problem}</p>;
  if (!detail) return <p class="muted">Loading…</p>;
  if (!model)
    return (
      <p class="muted">
        This run has no summary yet (unfinished, or stopped before the end): {detail.rows.length} rows so far.
      </p>
    );
  return (
    <section class="main report" data-testid="eval-report">
      <h2>
        {model.suite}{" "}
        <span class={`badge ${model.passed ? "pass" : "fail"}`}>{model.passed ? "PASSED" : "FAILED"}</span>
      </h2>
      <p class="muted">
        run {model.runId} · dataset {model.datasetSha256.slice(0, 12)} · started {model.startedAt} · wall{" "}
        {model.wallSeconds}
      </p>
      <p data-testid="verdict">
        <b>Why:</b> {model.verdict}
      </p>
      <p data-testid="answered-by">{model.answeredBy.label}</p>
      <p data-testid="cache">
        <b>Cache:</b> {model.cache.note}
      </p>
      <h3>Thresholds</h3>
      <table>
        <thead>
          <tr>
            <th>threshold</th>
            <th>required</th>
            <th>this run</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {model.thresholds.map((t) => (
            <tr key={t.name}>
              <td>{t.name}</td>
              <td>{t.required}</td>
              <td>{t.actual}</td>
              <td class={t.ok ? "ok" : "failkey"}>{t.ok ? "met" : "not met"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="cards-row">
        {model.cards.map((card) => (
          <div key={card.title} class="stat">
            <b>{card.title}</b>
            <div>{card.value}</div>
            {card.detail && <div class="muted small">{card.detail}</div>}
          </div>
        ))}
      </div>
      {model.metrics.length > 0 && (
        <>
          <h3>Evaluators</h3>
          <table>
            <thead>
              <tr>
                <th>metric</th>
                <th>mean</th>
                <th>95% CI</th>
                <th>pass rate</th>
                <th>n</th>
                <th>better</th>
              </tr>
            </thead>
            <tbody>
              {model.metrics.map((m) => (
                <tr key={m.key}>
                  <td>{m.key}</td>
                  <td>{m.mean}</td>
                  <td>{m.ci}</td>
                  <td>{m.passRate}</td>
                  <td>{m.n}</td>
                  <td>{m.better}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {model.robustness && (
        <>
          <h3>Robustness</h3>
          <table>
            <thead>
              <tr>
                <th>perturbation</th>
                <th>metric</th>
                <th>mean</th>
                <th>Δ vs original</th>
                <th>n</th>
              </tr>
            </thead>
            <tbody>
              {model.robustness.map((r) => (
                <tr key={`${r.variant}-${r.metric}`}>
                  <td>{r.variant}</td>
                  <td>{r.metric}</td>
                  <td>{r.mean}</td>
                  <td class={r.worse ? "failkey" : ""}>{r.delta}</td>
                  <td>{r.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>Cases (failures first)</h3>
      <div class="filter">
        {(["error", "fail", "pass"] as const).map((state) => (
          <label key={state}>
            <input
              type="checkbox"
              checked={filter[state]}
              onChange={() => setFilter({ ...filter, [state]: !filter[state] })}
            />{" "}
            {state}
          </label>
        ))}
      </div>
      {model.cases
        .filter((item) => filter[item.state])
        .map((item) => (
          <details key={item.title} class="case" data-state={item.state} open={item.state !== "pass"}>
            <summary>
              <span class={`badge ${item.state}`}>{item.state}</span> <b>{item.title}</b>{" "}
              <span class="muted">{item.input.slice(0, 100)}</span>
              {item.failedKeys.length > 0 && <span class="failkey"> {item.failedKeys.join(", ")}</span>}
            </summary>
            <p>
              <b>Input</b> {item.input}
            </p>
            {item.expected !== undefined && (
              <p>
                <b>Expected</b> {item.expected}
              </p>
            )}
            {item.answer !== undefined && (
              <p>
                <b>Answer</b> {item.answer}
              </p>
            )}
            {item.error && <p class="error-text">{item.error}</p>}
            <p class="muted">
              {item.latency}
              {item.tokens ? ` · ${item.tokens}` : ""}
              {item.cost ? ` · ${item.cost}` : ""} · attempts {item.attempts}
            </p>
            <table>
              <tbody>
                {item.scores.map((score) => (
                  <tr key={score.key}>
                    <td class={score.failed ? "failkey" : ""}>{score.key}</td>
                    <td>{score.score}</td>
                    <td>{score.label ?? ""}</td>
                    <td>{score.comment}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {item.passages && (
              <>
                <h4>Retrieved passages (cited: {item.cited?.join(", ") || "none"})</h4>
                {item.passages.map((p) => (
                  <div key={p.id} class={`passage${p.cited ? " cited" : ""}`}>
                    <b>{p.id}</b>{" "}
                    <span class="muted">
                      score {p.score ?? "not applicable"} · {p.uri ?? "no URI"}
                    </span>
                    <div>{p.excerpt}</div>
                  </div>
                ))}
              </>
            )}
            {item.steps.map((step, i) => (
              <StepCard key={i} event={{ type: step.kind, step } as RunEvent} />
            ))}
            {item.spans && <Waterfall spans={spansOfRow(item.spans, item.traceId)} />}
          </details>
        ))}
    </section>
  );
}

const runLabel = (run: { suite: string; runId: string }) => `${run.suite}/${run.runId}`;

/** Two runs side by side: regressions first, then the paired deltas, then improvements. */
export function CompareView(props: { a: string; b: string }) {
  const [comparison, setComparison] = useState<ComparisonView>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    api.compare(props.a, props.b).then(setComparison, (error: Error) => setProblem(error.message));
  }, [props.a, props.b]);
  if (problem) return <p class="error-text">{problem}</p>;
  if (!comparison) return <p class="muted">Loading…</p>;
  const metrics = [comparison.passRate, ...comparison.metrics].sort(
    (x, y) => Number(y.verdict === "worse") - Number(x.verdict === "worse"),
  );
  return (
    <section class="main compare" data-testid="comparison">
      <h2>
        {runLabel(comparison.a)} → {runLabel(comparison.b)}
      </h2>
      {!comparison.comparable ? (
        <p class="error-text">not comparable: {comparison.reason}</p>
      ) : (
        <>
          <p class="muted">
            {comparison.aligned} aligned rows · only in A {comparison.onlyInA} · only in B{" "}
            {comparison.onlyInB}
          </p>
          <h3 class={comparison.regressions.length ? "failkey" : ""} data-testid="regressions">
            Regressions ({comparison.regressions.length})
          </h3>
          {comparison.regressions.length ? (
            <table>
              <tbody>
                {comparison.regressions.map((r) => (
                  <tr key={`${r.caseId}-${r.repetition}-${r.variant}`} class="regression">
                    <td>{r.caseId}</td>
                    <td>{r.variant}</td>
                    <td>{r.status === "error" ? "error" : `failed ${r.failedKeys.join(", ")}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">No case that passed in A fails in B.</p>
          )}
          <h3>Metrics (paired bootstrap, worse first)</h3>
          <table>
            <thead>
              <tr>
                <th>metric</th>
                <th>A</th>
                <th>B</th>
                <th>Δ</th>
                <th>95% CI</th>
                <th>verdict</th>
              </tr>
            </thead>
            <tbody>
              {metrics.map((m) => (
                <tr key={m.key} class={m.verdict}>
                  <td>{m.key}</td>
                  <td>{m.meanA.toFixed(3)}</td>
                  <td>{m.meanB.toFixed(3)}</td>
                  <td>
                    {m.delta >= 0 ? "+" : ""}
                    {m.delta.toFixed(3)}
                  </td>
                  <td>
                    [{m.low.toFixed(3)}, {m.high.toFixed(3)}]
                  </td>
                  <td class={m.verdict === "worse" ? "failkey" : m.verdict === "better" ? "ok" : ""}>
                    {m.verdict}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Improvements ({comparison.improvements.length})</h3>
          <p>{comparison.improvements.map((r) => r.caseId).join(", ") || "none"}</p>
        </>
      )}
    </section>
  );
}
