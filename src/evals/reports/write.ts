import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writePrivateFile } from "../../storage/private-files.ts";
import type { ResultRow } from "../result-row.ts";
import type { RunManifest } from "../runner.ts";
import type { RunSummary } from "../summary.ts";
import { htmlReport } from "./html.ts";
import { junitXml } from "./junit.ts";

/** The files of a finished run, beside its `results.jsonl`. */
export interface ReportFiles {
  summary: string;
  junit: string;
  html: string;
}

/** Writes `summary.json`, `junit.xml` and `report.html` into the run directory. */
export function writeReports(runDir: string, summary: RunSummary, rows: readonly ResultRow[]): ReportFiles {
  const files = {
    summary: join(runDir, "summary.json"),
    junit: join(runDir, "junit.xml"),
    html: join(runDir, "report.html"),
  };
  const { metrics, ...rest } = summary;
  const compact = {
    ...rest,
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([key, { histogram: _h, ...metric }]) => [key, metric]),
    ),
  };
  writePrivateFile(files.summary, `${JSON.stringify(compact, null, 2)}\n`);
  writePrivateFile(files.junit, junitXml(summary, rows));
  const manifestPath = join(runDir, "manifest.json");
  const manifest = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, "utf8")) as Partial<RunManifest>)
    : undefined;
  writePrivateFile(files.html, htmlReport(summary, rows, manifest));
  return files;
}
