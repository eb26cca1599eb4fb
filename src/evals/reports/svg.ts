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

/** A span waterfall: one bar per span, offset by its start. */
export function waterfall(
  spans: ReadonlyArray<{ name: string; startMs: number; durationMs: number; status: string; phase?: string }>,
): string {
  if (!spans.length) return "";
  const width = 560;
  const row = 16;
  const label = 220;
  const end = Math.max(...spans.map((span) => span.startMs + span.durationMs), 1);
  const scale = (width - label - 10) / end;
  const bars = spans
    .map((span, i) => {
      const y = i * row + 2;
      const cls = span.status === "error" ? "span error" : `span ${esc(span.phase ?? "")}`;
      return `<text x="0" y="${y + 11}" class="tick">${esc(span.name.slice(0, 34))}</text><rect x="${(label + span.startMs * scale).toFixed(1)}" y="${y}" width="${Math.max(1, span.durationMs * scale).toFixed(1)}" height="${row - 4}" class="${cls}"><title>${esc(span.name)}: ${fmt(span.durationMs)} ms at +${fmt(span.startMs)} ms</title></rect>`;
    })
    .join("");
  return `<svg role="img" aria-label="spans" width="${width}" height="${spans.length * row + 4}">${bars}</svg>`;
}
