import type { AlignedCall, ManagedComparison } from "../bedrock-agents/compare-with-managed.ts";
import type { ManagedStep } from "../bedrock-agents/managed-trace.ts";
import type { ToolCall } from "../evals/evaluator.ts";
import { clip, oneLine } from "./render.ts";

const MARK: Record<AlignedCall["status"], string> = {
  same: "✓ same",
  args_differ: "≠ arguments differ",
  managed_only: "✗ only the managed agent",
  glassbox_only: "✗ only Glassbox",
};

const KB_MARK = { managed_only: "✗ only the managed agent", glassbox_only: "✗ only Glassbox" };

const toolText = (call: ToolCall | undefined, width: number) => (call ? clip(call.tool, width) : "—");
/** A call's arguments; where the two sides differ, only the arguments that differ, so the difference shows. */
const argsText = (call: ToolCall | undefined, width: number, only?: string[]) => {
  if (!call) return "";
  const args = only ? Object.fromEntries(only.map((key) => [key, call.args[key] ?? null])) : call.args;
  return clip(JSON.stringify(args), width);
};

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - [...text].length));

/** One managed step as a line of the step list (what the managed agent did, in its own terms). */
function stepLine(step: ManagedStep, width: number): string {
  switch (step.kind) {
    case "rationale":
      return `rationale    ${clip(oneLine(step.text), width)}`;
    case "preprocessing":
      return `preprocess   ${step.valid === false ? "input rejected" : "input valid"}${step.rationale ? `: ${clip(oneLine(step.rationale), width - 14)}` : ""}`;
    case "action": {
      const operation = step.function ?? `${step.httpMethod ?? ""} ${step.apiPath ?? ""}`.trim();
      return `action       ${step.actionGroup} ${operation} → ${step.tool}(${clip(JSON.stringify(step.args), width - 30)})`;
    }
    case "knowledge_base":
      return `kb lookup    ${step.knowledgeBaseId} "${clip(oneLine(step.query), width - 14)}"`;
    case "collaborator":
      return `collaborator ${step.name}${step.input ? `: ${clip(oneLine(step.input), width - 14)}` : ""}`;
    case "code":
      return `code         ${clip(oneLine(step.code), width)}`;
    case "custom_orchestration":
      return `custom orch  ${clip(oneLine(step.text), width)}`;
    case "observation": {
      const refs = step.references?.length
        ? ` ${step.references.map((ref) => ref.uri ?? "(no uri)").join(", ")}`
        : "";
      return `observe      ${step.source.replace("_", " ")}: ${clip(oneLine(step.text) + refs, width)}`;
    }
    case "return_control":
      return `return ctl   ${step.tools.join(", ")} returned to the caller`;
    case "guardrail":
      return `guardrail    ${step.action}${step.policies.length ? ` (${step.policies.join(", ")})` : ""}`;
    case "postprocessing":
      return `postprocess  ${clip(oneLine(step.text), width)}`;
    case "files":
      return `files        ${step.names.join(", ")}`;
    case "failure":
      return `FAILURE      ${step.reason}${step.code !== undefined ? ` (code ${step.code})` : ""}`;
  }
}

const scoreText = (score: number | boolean | null) =>
  score === null ? "n/a" : typeof score === "boolean" ? (score ? "pass" : "FAIL") : score.toFixed(3);

/**
 * The comparison as a terminal report: the managed agent's steps, the two tool-call trajectories side by
 * side (aligned by tool, each row marked, the first divergence pointed at), knowledge-base lookups aligned
 * by knowledge base with their query F1, both
 * answers and the evaluators' scores.
 */
export function formatManagedComparison(
  comparison: ManagedComparison,
  steps: readonly ManagedStep[],
  options: { width?: number } = {},
): string {
  const width = Math.max(100, Math.min(options.width ?? 120, 200));
  // Wide enough for every tool name (Bedrock caps them at 64), else half the width left after the marks.
  const longest = Math.max(
    0,
    ...comparison.calls.flatMap((row) => [row.managed, row.glassbox]).map((c) => c?.tool.length ?? 0),
  );
  const column = Math.max(longest + 2, Math.floor((width - 34) / 2));
  const lines: string[] = [];
  lines.push(`question     ${clip(oneLine(comparison.question), width - 13)}`);
  const failure = comparison.managed.failure;
  if (failure)
    lines.push(
      `managed run  FAILED: ${failure.reason}${failure.code !== undefined ? ` (code ${failure.code})` : ""}`,
    );
  lines.push("", "managed agent steps");
  for (const step of steps) lines.push(`  ${stepLine(step, width - 16)}`);
  if (!steps.length) lines.push("  (none recorded)");

  lines.push("", `${pad("  #", 5)}${pad("managed agent", column)}  ${pad("glassbox", column)}  `);
  comparison.calls.forEach((row, i) => {
    const pointer = i === comparison.firstDivergence ? "  ← first divergence" : "";
    lines.push(
      `${pad(`  ${i + 1}`, 5)}${pad(toolText(row.managed, column), column)}  ${pad(toolText(row.glassbox, column), column)}  ${MARK[row.status]}${row.differingArgs ? ` (${row.differingArgs.join(", ")})` : ""}${pointer}`,
      `${pad("", 5)}${pad(argsText(row.managed, column, row.differingArgs), column)}  ${argsText(row.glassbox, column, row.differingArgs)}`.trimEnd(),
    );
  });
  if (!comparison.calls.length) lines.push("  (neither side called a tool)");
  lines.push(
    comparison.firstDivergence === undefined
      ? "  trajectories agree"
      : `  trajectories diverge at call ${comparison.firstDivergence + 1}`,
  );

  lines.push("", "knowledge-base lookups");
  comparison.knowledgeBaseQueries.forEach((row, i) => {
    const mark =
      row.status === "same_knowledge_base"
        ? `same knowledge base, query F1 ${(row.queryF1 ?? 0).toFixed(3)}`
        : KB_MARK[row.status];
    lines.push(
      `${pad(`  ${i + 1}`, 5)}${pad(row.managed?.knowledgeBaseId ?? "—", column)}  ${pad(row.glassbox?.dataSourceId ?? "—", column)}  ${mark}`,
    );
    // The queries under the row, each on its own line: they are sentences, too long for a column.
    if (row.managed) lines.push(`       managed   "${clip(oneLine(row.managed.query), width - 20)}"`);
    if (row.glassbox)
      lines.push(
        `       glassbox  "${clip(oneLine(row.glassbox.query ?? ""), width - 36)}" (${row.glassbox.passages} passages)`,
      );
  });
  if (!comparison.knowledgeBaseQueries.length) lines.push("  (neither side looked up a knowledge base)");

  lines.push("", "answers");
  lines.push(`  managed    ${clip(oneLine(comparison.managed.answer) || "(none)", width - 13)}`);
  lines.push(
    `  glassbox   ${clip(oneLine(comparison.glassbox.answer) || "(none)", width - 13)}${comparison.glassbox.outcome && comparison.glassbox.outcome !== "answered" ? `  [${comparison.glassbox.outcome}]` : ""}`,
  );
  lines.push(`  ${comparison.answersEqual ? "same answer" : "answers differ"}`);

  lines.push("", "scores (the managed run is the reference)");
  const keyWidth = Math.max(...comparison.scores.map((s) => s.key.length), 10) + 2;
  for (const score of comparison.scores)
    lines.push(
      `  ${pad(score.key, keyWidth)}${pad(scoreText(score.score), 7)} ${clip(oneLine(score.comment), width - keyWidth - 12)}`,
    );
  return `${lines.join("\n")}\n`;
}
