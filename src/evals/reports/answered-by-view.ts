import type { ResultRow } from "../result-row.ts";
import type { RunManifest } from "../runner.ts";
import type { RunSummary } from "../summary.ts";

/**
 * Which endpoint and models answered a run, read from what the run recorded: `summary.answeredBy` and
 * `manifest.endpoint` where the runner writes them, else the rows themselves (the local model signs its
 * answers), else "not recorded". The one place the reports read these fields from.
 */
export interface AnsweredByView {
  endpoint: string;
  models: Array<{ modelId: string; rows: number }>;
  /** The local Bedrock's rule-based model answered (not an LLM). */
  local: boolean;
  /** One line for people. */
  label: string;
}

/** Fields a run may carry about who answered it (newer runners write them). */
type Recorded = {
  answeredBy?: { endpoint?: string; models?: Record<string, number> };
};

/** How the runner names the in-process local Bedrock (a loopback URL alone may be a proxy to Bedrock). */
const LOCAL_ENDPOINT = /local Bedrock/i;
const LOCAL_SIGNATURE = "(Glassbox local model:";

export function answeredByView(
  summary: RunSummary & Recorded,
  manifest?: Partial<RunManifest> & { endpoint?: string },
  rows: readonly ResultRow[] = [],
): AnsweredByView {
  const recorded = summary.answeredBy;
  const endpoint = recorded?.endpoint ?? manifest?.endpoint;
  const signed = rows.some((row) => row.answer?.includes(LOCAL_SIGNATURE));
  const local = (endpoint !== undefined && LOCAL_ENDPOINT.test(endpoint)) || signed;
  const models = recorded?.models
    ? Object.entries(recorded.models).map(([modelId, n]) => ({ modelId, rows: n }))
    : modelsOfRows(rows, manifest?.model);
  const names = models
    .map((m) => (models.length > 1 ? `${m.modelId} (${m.rows} rows)` : m.modelId))
    .join(", ");
  const where = endpoint ?? (local ? "the local Bedrock" : "endpoint not recorded");
  // Starts as the CLI's one-line summary does (`answered by <endpoint> · <model>`), then says what it means.
  const label = `answered by ${where} · ${names || "model not recorded"}${
    local ? ": the local rule-based model (Glassbox's offline stand-in for Bedrock), not an LLM" : ""
  }`;
  return { endpoint: where, models, local, label };
}

function modelsOfRows(rows: readonly ResultRow[], fallback?: string) {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const thoughts = (row.steps ?? []).filter((step) => step.kind === "thought");
    const id = (thoughts.at(-1) as { modelId?: string } | undefined)?.modelId ?? fallback;
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  if (!counts.size && fallback) counts.set(fallback, rows.length);
  return [...counts.entries()].map(([modelId, n]) => ({ modelId, rows: n }));
}
