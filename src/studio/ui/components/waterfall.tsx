import { useMemo, useState } from "preact/hooks";
import { axisTicks, type TraceSpan, waterfallRows } from "../../shared/trace-model.ts";

const phaseOf = (span: TraceSpan) => {
  const operation = span.attributes["gen_ai.operation.name"];
  const phase = span.attributes["glassbox.react.phase"];
  if (span.status.code === "error") return "error";
  if (typeof phase === "string") return phase;
  if (operation === "chat") return "thought";
  if (operation === "execute_tool") return "action";
  if (operation === "apply_guardrail") return "guardrail";
  if (operation === "retrieval") return "retrieval";
  if (operation === "invoke_agent") return "agent";
  return "other";
};

const fmtMs = (ms: number) =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;

/**
 * Spans as a waterfall: one row per span nested under its parent, bars on a time axis, the full name and
 * timing on hover; a click shows the span's attributes and events.
 */
export function Waterfall(props: { spans: readonly TraceSpan[] }) {
  const { rows, totalMs } = useMemo(() => waterfallRows(props.spans), [props.spans]);
  const [selected, setSelected] = useState<string | undefined>();
  if (!rows.length) return <p class="muted">No spans.</p>;
  const ticks = axisTicks(totalMs);
  const span = rows.find((row) => row.span.spanId === selected)?.span;
  const pct = (ms: number) => `${totalMs > 0 ? (ms / totalMs) * 100 : 0}%`;
  return (
    <div class="waterfall" data-testid="waterfall">
      <div class="wf-axis">
        <div class="wf-label">span</div>
        <div class="wf-track">
          {ticks.map((tick) => (
            <span key={tick} class="wf-tick" style={{ left: pct(tick) }}>
              {fmtMs(tick)}
            </span>
          ))}
        </div>
      </div>
      {rows.map((row) => (
        // biome-ignore lint/a11y/useSemanticElements: a row of the waterfall holds block content
        <div
          key={row.span.spanId}
          class={`wf-row${row.span.spanId === selected ? " selected" : ""}`}
          data-span={row.span.name}
          title={`${row.span.name}\n${fmtMs(row.durationMs)} at +${fmtMs(row.offsetMs)}${row.span.status.code === "error" ? `\nerror: ${row.span.status.message ?? ""}` : ""}`}
          role="button"
          tabIndex={0}
          onClick={() => setSelected(row.span.spanId === selected ? undefined : row.span.spanId)}
          onKeyDown={(event) => {
            if (event.key === "Enter")
              setSelected(row.span.spanId === selected ? undefined : row.span.spanId);
          }}
        >
          <div class="wf-label" style={{ paddingLeft: `${row.depth * 14 + 4}px` }}>
            {row.span.name}
          </div>
          <div class="wf-track">
            <div
              class={`wf-bar ${phaseOf(row.span)}`}
              style={{ left: pct(row.offsetMs), width: `max(2px, ${pct(row.durationMs)})` }}
            />
            <span
              class="wf-duration"
              style={{ left: `min(calc(${pct(row.offsetMs + row.durationMs)} + 4px), 88%)` }}
            >
              {fmtMs(row.durationMs)}
            </span>
          </div>
        </div>
      ))}
      {span && (
        <div class="wf-detail" data-testid="span-detail">
          <h4>{span.name}</h4>
          <p class="muted">
            {span.kind} · {fmtMs(span.endMs - span.startMs)} · status {span.status.code}
            {span.status.message ? ` (${span.status.message})` : ""} · trace {span.traceId} · span{" "}
            {span.spanId}
          </p>
          <table>
            <tbody>
              {Object.entries(span.attributes).map(([key, value]) => (
                <tr key={key}>
                  <td>{key}</td>
                  <td>{typeof value === "string" ? value : JSON.stringify(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {span.events.length > 0 && (
            <>
              <h5>events</h5>
              <ul>
                {span.events.map((event, i) => (
                  <li key={`${event.name}-${i}`}>
                    <b>{event.name}</b> +{fmtMs(event.timeMs - span.startMs)}{" "}
                    {JSON.stringify(event.attributes)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
