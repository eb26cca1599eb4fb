import type { Step } from "../../graph/state.ts";
import type { ResultRow } from "../result-row.ts";
import type { RunManifest } from "../runner.ts";
import type { RunSummary } from "../summary.ts";
import { type CaseView, fmt, type ReportModel, reportModel } from "./report-model.ts";
import { cumulativeLine, histogram, waterfall } from "./svg.ts";

const esc = (value: unknown) =>
  String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

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
.observation.err{border-color:#cf222e}.muted{color:#57606a}.bar{fill:#0969da}.axis{stroke:#8c959f}.grid{stroke:#eaeef2}.line{fill:none;stroke:#8250df;stroke-width:2}
.title{font-size:12px;font-weight:600}.tick{font-size:10px;fill:#57606a}.name{fill:#1d2330}.span{fill:#8c959f}.span.thought{fill:#0969da}.span.action,.span.observation{fill:#bf8700}.span.retrieval{fill:#8250df}.span.guardrail{fill:#1a7f37}.span.error{fill:#cf222e}
.failkey{color:#cf222e;font-weight:600}.ok{color:#1a7f37;font-weight:600}#filter{margin:8px 0}.verdict{font-size:15px;margin:8px 0}
.passage{margin:4px 0;padding:4px 8px;border-left:3px solid #8250df;background:#fff}.passage.cited{border-color:#1a7f37}.worse{color:#cf222e}`;

function stepHtml(step: Step): string {
  switch (step.kind) {
    case "thought":
      return `<div class="step thought"><b>Thought ${step.step}</b> <span class="muted">${esc(step.modelId)} · ${fmt(step.latencyMs, 0)} ms · ${step.usage.inputTokens}→${step.usage.outputTokens} tokens · ${esc(step.stopReason)}</span>${step.text ? `<pre>${esc(step.text)}</pre>` : ""}${step.toolCalls.length ? `<div class="muted">asks for ${step.toolCalls.map((call) => esc(call.name)).join(", ")}</div>` : ""}</div>`;
    case "action":
      return `<div class="step action"><b>Action ${step.step}</b> ${esc(step.tool)}${step.by ? ` <span class="muted">(${esc(step.by)})</span>` : ""}<pre>${esc(JSON.stringify(step.input))}</pre>${step.requested !== undefined ? `<div class="muted">the model asked for ${esc(JSON.stringify(step.requested))}</div>` : ""}</div>`;
    case "observation":
      return `<div class="step observation${step.status === "error" ? " err" : ""}"><b>Observation ${step.step}</b> ${esc(step.tool)} <span class="muted">${esc(step.status)} · ${fmt(step.durationMs, 1)} ms</span><pre>${esc(step.content.slice(0, 2000))}</pre></div>`;
    case "context":
      return `<div class="step"><b>Context ${step.step}</b> ${esc(step.action)} <span class="muted">${esc(step.trigger)} · ${step.tokensBefore}→${step.tokensAfter} tokens · ${step.messagesOmitted} messages omitted</span></div>`;
  }
}

function caseHtml(item: CaseView): string {
  const scores = item.scores
    .map(
      (score) =>
        `<tr><td class="${score.failed ? "failkey" : ""}">${esc(score.key)}</td><td>${esc(score.score)}</td><td>${esc(score.label ?? "")}</td><td>${esc(score.comment)}</td></tr>`,
    )
    .join("");
  const passages = item.passages?.length
    ? `<h4>Retrieved passages <span class="muted">(cited: ${esc(item.cited?.join(", ") || "none")})</span></h4>${item.passages
        .map(
          (p) =>
            `<div class="passage${p.cited ? " cited" : ""}"><b>${esc(p.id)}</b> <span class="muted">score ${esc(p.score ?? "not applicable")} · ${esc(p.uri ?? "no URI")}${p.cited ? " · cited" : ""}</span><div>${esc(p.excerpt)}</div></div>`,
        )
        .join("")}`
    : "";
  const steps = item.steps.map(stepHtml).join("");
  return `<details class="case" data-state="${item.state}"${item.state === "pass" ? "" : " open"}>
<summary><span class="badge ${item.state}">${item.state}</span> <b>${esc(item.title)}</b> <span class="muted">${esc(item.input.slice(0, 120))}</span>${item.failedKeys.length ? ` <span class="failkey">${esc(item.failedKeys.join(", "))}</span>` : ""}${item.cached ? ' <span class="muted">· from cache</span>' : ""}</summary>
<p><b>Input</b><pre>${esc(item.input)}</pre>${item.expected !== undefined ? `<b>Expected</b><pre>${esc(item.expected)}</pre>` : ""}${item.answer !== undefined ? `<b>Answer</b><pre>${esc(item.answer)}</pre>` : ""}${item.error ? `<b>Error</b><pre>${esc(item.error)}</pre>` : ""}</p>
<p class="muted">${esc(item.latency)}${item.tokens ? ` · ${esc(item.tokens)}` : ""}${item.cost ? ` · ${esc(item.cost)}` : ""} · attempts ${item.attempts}</p>
${scores ? `<table><tr><th>evaluator</th><th>score</th><th>label</th><th>comment</th></tr>${scores}</table>` : ""}
${passages}
${steps ? `<h4>Steps</h4>${steps}` : ""}
${item.spans?.length ? `<h4>Spans <span class="muted">trace ${esc(item.traceId)}</span></h4>${waterfall(item.spans)}` : ""}
</details>`;
}

/** The header, verdict with its reasons, who answered, and the cache note. */
function headerHtml(model: ReportModel): string {
  const verdict = model.passed
    ? '<span class="badge pass">PASSED</span>'
    : '<span class="badge fail">FAILED</span>';
  const thresholds = model.thresholds
    .map(
      (t) =>
        `<tr><td>${esc(t.name)}</td><td>${esc(t.required)}</td><td>${esc(t.actual)}</td><td class="${t.ok ? "ok" : "failkey"}">${t.ok ? "met" : "not met"}</td></tr>`,
    )
    .join("");
  return `<h1>${esc(model.suite)} ${verdict}</h1>
<div class="muted">run ${esc(model.runId)} · dataset sha256 ${esc(model.datasetSha256.slice(0, 12))} · started ${esc(model.startedAt)} · wall ${esc(model.wallSeconds)}</div>
<p class="verdict" id="verdict"><b>Why:</b> ${esc(model.verdict)}</p>
<p id="answered-by" class="answered-by">${esc(model.answeredBy.label)}</p>
<p id="cache"><b>Cache:</b> ${esc(model.cache.note)}</p>
<h2>Thresholds</h2>
<table id="thresholds"><tr><th>threshold</th><th>required</th><th>this run</th><th></th></tr>${thresholds}</table>
<div class="grid" style="margin-top:12px">${model.cards.map((card) => `<div class="card"><b>${esc(card.title)}</b><br>${esc(card.value)}${card.detail ? ` <span class="muted">${esc(card.detail)}</span>` : ""}</div>`).join("")}</div>`;
}

/**
 * The run as one self-contained HTML file: verdict and why, who answered (the local rule-based model
 * spelled out), thresholds, cache use, the summary cards that apply, per-evaluator results with score
 * histograms, latency and cost charts, robustness deltas and repetition tables, then every case
 * (failures and errors first) with its scores, retrieved passages and citations, steps and span waterfall.
 */
export function htmlReport(
  summary: RunSummary,
  rows: readonly ResultRow[],
  manifest?: Partial<RunManifest>,
): string {
  const model = reportModel(summary, rows, manifest);
  const metrics = Object.values(summary.metrics);
  const metricRows = model.metrics
    .map(
      (metric) =>
        `<tr><td>${esc(metric.key)}</td><td>${esc(metric.mean)}</td><td>${esc(metric.ci)}</td><td>${esc(metric.passRate)}</td><td>${metric.n}</td><td>${metric.better}</td></tr>`,
    )
    .join("");
  const charts = metrics
    .filter((metric) => (metric.histogram ?? []).length)
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
  const spent = rows.some((row) => (row.costUsd ?? 0) > 0 || (row.judgeCostUsd ?? 0) > 0);
  const costs = spent
    ? `<div class="card">${cumulativeLine(
        rows.map((row) => (row.cached ? 0 : (row.costUsd ?? 0)) + (row.judgeCostUsd ?? 0)),
        { title: "cumulative cost (USD)", prefix: "$" },
      )}</div>`
    : "";
  const robustness = model.robustness
    ? `<h2>Robustness</h2><table id="robustness"><tr><th>perturbation</th><th>metric</th><th>mean</th><th>Δ vs original</th><th>n</th></tr>${model.robustness
        .map(
          (r) =>
            `<tr><td>${esc(r.variant)}</td><td>${esc(r.metric)}</td><td>${esc(r.mean)}</td><td class="${r.worse ? "worse" : ""}">${esc(r.delta)}</td><td>${r.n}</td></tr>`,
        )
        .join("")}</table>`
    : "";
  const repetitions = model.repetitions
    ? `<h2>Repetitions</h2><table><tr><th>k</th><th>pass@k</th><th>pass^k</th></tr>${model.repetitions
        .map((r) => `<tr><td>${r.k}</td><td>${r.passAt}</td><td>${r.passHat}</td></tr>`)
        .join("")}</table>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(summary.suite)} · ${esc(summary.runId)} · Glassbox eval</title><style>${STYLE}</style></head>
<body>
${headerHtml(model)}
${metricRows ? `<h2>Evaluators</h2><table><tr><th>metric</th><th>mean</th><th>95% CI</th><th>pass rate</th><th>n</th><th>better</th></tr>${metricRows}</table>` : ""}
${charts ? `<h2>Score distributions</h2><div class="grid">${charts}</div>` : ""}
<h2>Latency${costs ? " and cost" : ""}</h2><div class="grid"><div class="card">${latency}</div>${costs}</div>
${robustness}${repetitions}
<h2>Cases <span class="muted">(failures first)</span></h2>
<div id="filter">show: <label><input type="checkbox" value="error" checked> errors</label> <label><input type="checkbox" value="fail" checked> failed</label> <label><input type="checkbox" value="pass" checked> passed</label></div>
${model.cases.map(caseHtml).join("\n")}
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
