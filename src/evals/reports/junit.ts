import type { ResultRow } from "../result-row.ts";
import type { RunSummary } from "../summary.ts";

const escapeXml = (text: string) =>
  text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

/**
 * JUnit XML for CI dashboards: one `<testcase>` per row (case, repetition, variant); failing evaluators
 * become `<failure>`, error rows `<error>`. Suite-level threshold failures are one extra test case.
 */
export function junitXml(summary: RunSummary, rows: readonly ResultRow[]): string {
  const cases = rows.map((row) => {
    const name = `${row.caseId}${row.repetition > 1 ? ` #${row.repetition}` : ""}${row.variant !== "original" ? ` [${row.variant}]` : ""}`;
    const open = `    <testcase classname="${escapeXml(summary.suite)}" name="${escapeXml(name)}" time="${(row.latencyMs / 1000).toFixed(3)}">`;
    if (row.status === "error") {
      return `${open}\n      <error type="${escapeXml(row.error?.type ?? "Error")}" message="${escapeXml(row.error?.message ?? "")}"/>\n    </testcase>`;
    }
    if (!row.passed) {
      const failed = row.scores.filter((score) => row.failedKeys.includes(score.key));
      const message = failed.map((score) => `${score.key}=${String(score.score)}`).join(", ");
      const detail = failed.map((score) => `${score.key}: ${score.comment}`).join("\n");
      return `${open}\n      <failure message="${escapeXml(message)}">${escapeXml(detail)}</failure>\n    </testcase>`;
    }
    return `${open}</testcase>`;
  });
  const gate = summary.thresholds.failures.length
    ? `    <testcase classname="${escapeXml(summary.suite)}" name="suite thresholds"><failure message="${escapeXml(summary.thresholds.failures.join("; "))}"/></testcase>`
    : `    <testcase classname="${escapeXml(summary.suite)}" name="suite thresholds"></testcase>`;
  const failures =
    rows.filter((row) => row.status === "ok" && !row.passed).length +
    (summary.thresholds.failures.length ? 1 : 0);
  const errors = rows.filter((row) => row.status === "error").length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="glassbox eval" tests="${rows.length + 1}" failures="${failures}" errors="${errors}" time="${(summary.wallMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${escapeXml(summary.suite)}" id="${escapeXml(summary.runId)}" tests="${rows.length + 1}" failures="${failures}" errors="${errors}" timestamp="${summary.startedAt}" time="${(summary.wallMs / 1000).toFixed(3)}">`,
    ...cases,
    gate,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
