/** Small inline SVG charts for the HTML report (no scripts, no network). */

const esc = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (value: number) =>
  Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(1) : value.toFixed(3);

/** Bins values into `bins` buckets between their min and max (0–1 when `unit`). */
export function binValues(
  values: readonly number[],
  bins: number,
  unit: boolean,
): { edges: number[]; counts: number[] } {
  const min = unit ? 0 : Math.min(...values);
  const max = unit ? 1 : Math.max(...values);
  const width = max > min ? (max - min) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const value of values) {
    const index = Math.min(bins - 1, Math.max(0, Math.floor((value - min) / width)));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => min + i * width), counts };
}

/** A histogram with labelled axes. */
export function histogram(
  values: readonly number[],
  options: { title: string; unit?: boolean; bins?: number },
): string {
  const width = 320;
  const height = 150;
  const pad = { left: 30, bottom: 28, top: 22, right: 8 };
  if (!values.length)
    return `<svg role="img" aria-label="${esc(options.title)}" width="${width}" height="40"><text x="4" y="24">${esc(options.title)}: no scores</text></svg>`;
  const { edges, counts } = binValues(values, options.bins ?? 10, options.unit ?? false);
  const peak = Math.max(...counts, 1);
  const barWidth = (width - pad.left - pad.right) / counts.length;
  const plotHeight = height - pad.top - pad.bottom;
  const bars = counts
    .map((count, i) => {
      const h = (count / peak) * plotHeight;
      const x = pad.left + i * barWidth;
      return `<rect x="${x.toFixed(1)}" y="${(pad.top + plotHeight - h).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${h.toFixed(1)}" class="bar"><title>${fmt(edges[i] ?? 0)}–${fmt(edges[i + 1] ?? 0)}: ${count}</title></rect>`;
    })
    .join("");
  return `<svg role="img" aria-label="${esc(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<text x="${pad.left}" y="14" class="title">${esc(options.title)}</text>
<line x1="${pad.left}" y1="${pad.top + plotHeight}" x2="${width - pad.right}" y2="${pad.top + plotHeight}" class="axis"/>
<text x="4" y="${pad.top + 8}" class="tick">${peak}</text><text x="4" y="${pad.top + plotHeight}" class="tick">0</text>
${bars}
<text x="${pad.left}" y="${height - 8}" class="tick">${fmt(edges[0] ?? 0)}</text>
<text x="${width - pad.right}" y="${height - 8}" class="tick" text-anchor="end">${fmt(edges.at(-1) ?? 0)}</text>
</svg>`;
}

/** A cumulative line (e.g. cost over cases in finishing order). */
export function cumulativeLine(
  values: readonly number[],
  options: { title: string; prefix?: string },
): string {
  const width = 320;
  const height = 150;
  const pad = { left: 8, bottom: 20, top: 22, right: 8 };
  if (!values.length)
    return `<svg role="img" aria-label="${esc(options.title)}" width="${width}" height="40"><text x="4" y="24">${esc(options.title)}: none</text></svg>`;
  let sum = 0;
  const totals = values.map((value) => (sum += value));
  const max = Math.max(sum, Number.MIN_VALUE);
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  const points = totals
    .map(
      (total, i) =>
        `${(pad.left + (totals.length === 1 ? plotWidth : (i / (totals.length - 1)) * plotWidth)).toFixed(1)},${(pad.top + plotHeight - (total / max) * plotHeight).toFixed(1)}`,
    )
    .join(" ");
  return `<svg role="img" aria-label="${esc(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<text x="${pad.left}" y="14" class="title">${esc(options.title)}: ${options.prefix ?? ""}${fmt(sum)}</text>
<line x1="${pad.left}" y1="${pad.top + plotHeight}" x2="${width - pad.right}" y2="${pad.top + plotHeight}" class="axis"/>
<polyline points="${pad.left},${pad.top + plotHeight} ${points}" class="line"/>
<text x="${pad.left}" y="${height - 4}" class="tick">${values.length} rows</text>
</svg>`;
}

/** A span for the waterfall: timing relative to the trace's start, and its parent for nesting. */
export interface WaterfallSpan {
  name: string;
  spanId?: string;
  parentSpanId?: string;
  startMs: number;
  durationMs: number;
  status: string;
  phase?: string;
}

/** Spans depth-first under their parents, in start order (a span whose parent is missing is a root). */
export function nestSpans<S extends WaterfallSpan>(spans: readonly S[]): Array<{ span: S; depth: number }> {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, S[]>();
  const roots: S[] = [];
  for (const span of [...spans].sort((a, b) => a.startMs - b.startMs)) {
    if (span.parentSpanId && ids.has(span.parentSpanId))
      children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
    else roots.push(span);
  }
  const out: Array<{ span: S; depth: number }> = [];
  const stack = roots.map((span) => ({ span, depth: 0 })).reverse();
  while (stack.length) {
    const item = stack.pop() as { span: S; depth: number };
    out.push(item);
    const kids = children.get(item.span.spanId ?? "") ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i] as S, depth: item.depth + 1 });
  }
  return out;
}

/**
 * A span waterfall: one row per span, nested under its parent (indented name), bars on a labelled time
 * axis, the duration beside each bar, and the full name and timing on hover.
 */
export function waterfall(spans: readonly WaterfallSpan[]): string {
  if (!spans.length) return "";
  const width = 760;
  const row = 18;
  const label = 260;
  const right = 64;
  const axis = 18;
  const end = Math.max(...spans.map((span) => span.startMs + span.durationMs), 1);
  const scale = (width - label - right) / end;
  const step = niceStep(end / 5);
  const ticks: string[] = [];
  for (let t = 0; t <= end + step / 1e6; t += step) {
    const x = (label + t * scale).toFixed(1);
    ticks.push(
      `<line x1="${x}" y1="${axis - 4}" x2="${x}" y2="${axis + spans.length * row}" class="grid"/><text x="${x}" y="${axis - 6}" class="tick" text-anchor="middle">${fmt(t)} ms</text>`,
    );
  }
  const bars = nestSpans(spans)
    .map(({ span, depth }, i) => {
      const y = axis + i * row + 2;
      const cls = span.status === "error" ? "span error" : `span ${esc(span.phase ?? "")}`;
      const name = span.name.length > 40 - depth * 2 ? `${span.name.slice(0, 39 - depth * 2)}…` : span.name;
      const x = label + span.startMs * scale;
      const w = Math.max(1, span.durationMs * scale);
      return `<g><title>${esc(span.name)}: ${fmt(span.durationMs)} ms, starting at +${fmt(span.startMs)} ms${span.status === "error" ? " (error)" : ""}</title><text x="${4 + depth * 12}" y="${y + 11}" class="tick name">${esc(name)}</text><rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${row - 5}" rx="2" class="${cls}"/><text x="${(x + w + 4).toFixed(1)}" y="${y + 11}" class="tick">${fmt(span.durationMs)} ms</text></g>`;
    })
    .join("");
  return `<svg role="img" aria-label="spans" width="${width}" height="${axis + spans.length * row + 6}" viewBox="0 0 ${width} ${axis + spans.length * row + 6}">${ticks.join("")}${bars}</svg>`;
}

function niceStep(raw: number): number {
  if (raw <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
}
