import type { Step } from "../../graph/state.ts";
import { formatAnsweredBy } from "../answered-by.ts";
import type { ResultRow } from "../result-row.ts";
import type { RunSummary } from "../summary.ts";
import { cumulativeLine, histogram, waterfall } from "./svg.ts";

const esc = (value: unknown) =>
  String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
const num = (value: number | undefined | null, digits = 3) =>
  value === undefined || value === null || Number.isNaN(value) ? "–" : value.toFixed(digits);
const usd = (value: number | null | undefined) =>
  value === null || value === undefined ? "unknown" : `$${value.toFixed(4)}`;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#1d2330;background:#fafbfc}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde;padding-bottom:4px}
.badge{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;font-weight:600}
.pass{background:#1a7f37}.fail{background:#cf222e}.error{background:#9a6700}
.grid{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid #dde;border-radius:6px;padding:8px 12px}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #dde;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}details{background:#fff;border:1px solid #dde;border-radius:6px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer}pre{white-space:pre-wrap;word-break:break-word;margin:2px 0;background:#f5f6f8;padding:4px 6px;border-radius:4px}
.step{margin:4px 0 4px 8px;padding-left:8px;border-left:3px solid #8c959f}.thought{border-color:#0969da}.action{border-color:#bf8700}.observation{border-color:#1a7f37}
.observation.err{border-color:#cf222e}.muted{color:#57606a}.bar{fill:#0969da}.axis{stroke:#8c959f}.line{fill:none;stroke:#8250df;stroke-width:2}
.title{font-size:12px;font-weight:600}.tick{font-size:10px;fill:#57606a}.span{fill:#8c959f}.span.thought{fill:#0969da}.span.action,.span.observation{fill:#bf8700}.span.error{fill:#cf222e}
.failkey{color:#cf222e;font-weight:600}#filter{margin:8px 0}`;

function stepHtml(step: Step): string {
  switch (step.kind) {
    case "thought":
      return `<div class="step thought"><b>Thought ${step.step}</b> <span class="muted">${esc(step.modelId)} · ${num(step.latencyMs, 0)} ms · ${step.usage.inputTokens}→${step.usage.outputTokens} tokens · ${esc(step.stopReason)}</span>${step.text ? `<pre>${esc(step.text)}</pre>` : ""}${step.toolCalls.length ? `<div class="muted">asks for ${step.toolCalls.map((call) => esc(call.name)).join(", ")}</div>` : ""}</div>`;
    case "action":
      return `<div class="step action"><b>Action ${step.step}</b> ${esc(step.tool)}<pre>${esc(JSON.stringify(step.input))}</pre></div>`;
    case "observation":
      return `<div class="step observation${step.status === "error" ? " err" : ""}"><b>Observation ${step.step}</b> ${esc(step.tool)} <span class="muted">${esc(step.status)} · ${num(step.durationMs, 1)} ms</span><pre>${esc(step.content.slice(0, 2000))}</pre></div>`;
    case "context":
      return `<div class="step"><b>Context ${step.step}</b> ${esc(step.action)} <span class="muted">${esc(step.trigger)} · ${step.tokensBefore}→${step.tokensAfter} tokens · ${step.messagesOmitted} messages omitted</span></div>`;
  }
}

function caseHtml(row: ResultRow): string {
  const state = row.status === "error" ? "error" : row.passed ? "pass" : "fail";
  const title = `${row.caseId}${row.repetition > 1 ? ` #${row.repetition}` : ""}${row.variant !== "original" ? ` [${row.variant}]` : ""}`;
  const scores = row.scores
    .map(
      (score) =>
        `<tr><td class="${row.failedKeys.includes(score.key) ? "failkey" : ""}">${esc(score.key)}</td><td>${esc(typeof score.score === "number" ? num(score.score) : String(score.score))}</td><td>${esc(score.label ?? "")}</td><td>${esc(score.comment)}</td></tr>`,
    )
    .join("");
  const steps = (row.steps ?? []).map(stepHtml).join("");
  return `<details class="case" data-state="${state}"${state === "pass" ? "" : " open"}>
<summary><span class="badge ${state}">${state}</span> <b>${esc(title)}</b> <span class="muted">${esc(row.input.slice(0, 120))}</span>${row.failedKeys.length ? ` <span class="failkey">${esc(row.failedKeys.join(", "))}</span>` : ""}</summary>
<p><b>Input</b><pre>${esc(row.input)}</pre>${row.expectedAnswer !== undefined ? `<b>Expected</b><pre>${esc(row.expectedAnswer)}</pre>` : ""}${row.answer !== undefined ? `<b>Answer</b><pre>${esc(row.answer)}</pre>` : ""}${row.error ? `<b>Error</b><pre>${esc(`${row.error.type}: ${row.error.message}`)}</pre>` : ""}</p>
<p class="muted">${num(row.latencyMs, 0)} ms · ${row.usage ? `${row.usage.totalTokens} tokens` : "no usage"} · ${usd(row.costUsd)}${row.cached ? " · from cache" : ""} · attempts ${row.attempts}</p>
${scores ? `<table><tr><th>evaluator</th><th>score</th><th>label</th><th>comment</th></tr>${scores}</table>` : ""}
${steps ? `<h4>Steps</h4>${steps}` : ""}
${row.spans?.length ? `<h4>Spans <span class="muted">trace ${esc(row.traceId)}</span></h4>${waterfall(row.spans)}` : ""}
</details>`;
}

const ORDER = { error: 0, fail: 1, pass: 2 } as const;

/**
 * The run as one self-contained HTML file: verdict and totals, per-evaluator results with score
 * histograms, latency and cost charts, robustness and repetition tables, then every case (failures and
 * errors first) with its scores and its thought, action and observation steps and span waterfall.
 */
export function htmlReport(summary: RunSummary, rows: readonly ResultRow[]): string {
  const metrics = Object.values(summary.metrics);
  const metricRows = metrics
    .map(
      (metric) =>
        `<tr><td>${esc(metric.key)}</td><td>${num(metric.mean)}</td><td>[${num(metric.low)}, ${num(metric.high)}]</td><td>${metric.passRate === undefined ? "–" : `${(metric.passRate * 100).toFixed(1)}%`}</td><td>${metric.n}</td><td>${metric.lowerIsBetter ? "lower" : "higher"}</td></tr>`,
    )
    .join("");
  const charts = metrics
    .map(
      (metric) =>
        `<div class="card">${histogram(metric.histogram, { title: metric.key, unit: !metric.lowerIsBetter && metric.histogram.every((v) => v >= 0 && v <= 1) })}</div>`,
    )
    .join("");
  const ok = rows.filter((row) => row.status === "ok" && !row.cached);
  const latency = histogram(
    ok.map((row) => row.latencyMs),
    { title: "target latency (ms)" },
  );
  const costs = cumulativeLine(
    rows.map((row) => (row.cached ? 0 : (row.costUsd ?? 0)) + (row.judgeCostUsd ?? 0)),
    { title: "cumulative cost (USD)", prefix: "$" },
  );
  const robustness = summary.robustness
    ? `<h2>Robustness</h2><table><tr><th>perturbation</th><th>metric</th><th>mean</th><th>Δ vs original</th><th>n</th></tr>${Object.entries(
        summary.robustness,
      )
        .flatMap(([variant, keys]) =>
          Object.entries(keys).map(
            ([key, value]) =>
              `<tr><td>${esc(variant)}</td><td>${esc(key)}</td><td>${num(value.mean)}</td><td>${value.delta >= 0 ? "+" : ""}${num(value.delta)}</td><td>${value.n}</td></tr>`,
          ),
        )
        .join("")}</table>`
    : "";
  const repetitions = summary.repetitions
    ? `<h2>Repetitions</h2><table><tr><th>k</th><th>pass@k</th><th>pass^k</th></tr>${Object.keys(
        summary.repetitions.passAt,
      )
        .map(
          (k) =>
            `<tr><td>${k}</td><td>${num(summary.repetitions?.passAt[k])}</td><td>${num(summary.repetitions?.passHat[k])}</td></tr>`,
        )
        .join("")}</table>`
    : "";
  const state = (row: ResultRow) => (row.status === "error" ? "error" : row.passed ? "pass" : "fail");
  const sorted = [...rows].sort(
    (a, b) => ORDER[state(a)] - ORDER[state(b)] || a.caseId.localeCompare(b.caseId),
  );
  const verdict = summary.passed
    ? '<span class="badge pass">PASSED</span>'
    : '<span class="badge fail">FAILED</span>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(summary.suite)} · ${esc(summary.runId)} · Glassbox eval</title><style>${STYLE}</style></head>
<body>
<h1>${esc(summary.suite)} ${verdict}</h1>
<div class="muted">run ${esc(summary.runId)} · dataset sha256 ${esc(summary.datasetSha256.slice(0, 12))} · started ${esc(summary.startedAt)} · wall ${(summary.wallMs / 1000).toFixed(1)} s</div>
<div class="muted answered-by">${esc(formatAnsweredBy(summary.answeredBy, summary.target.cachedRows, summary.counts.units))}</div>
<div class="grid" style="margin-top:12px">
<div class="card"><b>pass rate</b><br>${(summary.passRate * 100).toFixed(1)}% <span class="muted">[${(summary.passRateCI.low * 100).toFixed(1)}, ${(summary.passRateCI.high * 100).toFixed(1)}]</span></div>
<div class="card"><b>rows</b><br>${summary.counts.units} · ${summary.counts.passed} passed · ${summary.counts.failed} failed · ${summary.counts.errors} errors</div>
<div class="card"><b>target</b><br>${summary.target.usage.totalTokens} tokens · ${usd(summary.target.costUsd)} · p50 ${num(summary.target.latencyMs.p50, 0)} ms · p95 ${num(summary.target.latencyMs.p95, 0)} ms</div>
<div class="card"><b>judge</b><br>${summary.judge.calls} calls · ${summary.judge.usage.totalTokens} tokens · ${usd(summary.judge.costUsd)}</div>
${summary.limiter ? `<div class="card"><b>rate limiter</b><br>${summary.limiter.requests} requests · ${summary.limiter.throttles} throttled</div>` : ""}
</div>
${summary.thresholds.failures.length ? `<h2>Threshold failures</h2><ul>${summary.thresholds.failures.map((failure) => `<li class="failkey">${esc(failure)}</li>`).join("")}</ul>` : ""}
<h2>Evaluators</h2>
<table><tr><th>metric</th><th>mean</th><th>95% CI</th><th>pass rate</th><th>n</th><th>better</th></tr>${metricRows}</table>
<h2>Score distributions</h2><div class="grid">${charts}</div>
<h2>Latency and cost</h2><div class="grid"><div class="card">${latency}</div><div class="card">${costs}</div></div>
${robustness}${repetitions}
<h2>Cases <span class="muted">(failures first)</span></h2>
<div id="filter">show: <label><input type="checkbox" value="error" checked> errors</label> <label><input type="checkbox" value="fail" checked> failed</label> <label><input type="checkbox" value="pass" checked> passed</label></div>
${sorted.map(caseHtml).join("\n")}
<script>
for (const box of document.querySelectorAll("#filter input")) {
  box.addEventListener("change", () => {
    for (const item of document.querySelectorAll("details.case")) {
      if (item.dataset.state === box.value) item.style.display = box.checked ? "" : "none";
    }
  });
}
</script>
</body></html>
`;
}
