import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Comparison, compareRuns, readRun } from "../evals/compare.ts";
import type { ResultRow } from "../evals/result-row.ts";
import { readResults } from "../evals/results-file.ts";
import type { RunManifest } from "../evals/runner.ts";
import type { RunSummary } from "../evals/summary.ts";
import { StudioRequestError } from "./studio-error.ts";

/** An evaluation run in the list. */
export interface EvalRunEntry {
  suite: string;
  runId: string;
  createdAt: string;
  /** Undefined while the run has no summary (unfinished, or killed). */
  passed?: boolean;
  passRate?: number;
  units?: number;
  model: string;
  target: string;
}

/** One evaluation run in full. */
export interface EvalRunDetail {
  manifest: RunManifest;
  summary?: RunSummary;
  rows: ResultRow[];
}

const SAFE = /^[A-Za-z0-9._-]+$/;

/** The runs under an evaluation output folder (`.glassbox/evals/<suite>/<run>`), newest first. */
export function listEvalRuns(outDir: string): EvalRunEntry[] {
  if (!existsSync(outDir)) return [];
  const entries: EvalRunEntry[] = [];
  for (const suite of readdirSync(outDir, { withFileTypes: true })) {
    if (!suite.isDirectory()) continue;
    for (const run of readdirSync(join(outDir, suite.name), { withFileTypes: true })) {
      const dir = join(outDir, suite.name, run.name);
      if (!run.isDirectory() || !existsSync(join(dir, "manifest.json"))) continue;
      try {
        const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as RunManifest;
        const summary = readSummary(dir);
        entries.push({
          suite: manifest.suite,
          runId: manifest.runId,
          createdAt: manifest.createdAt,
          model: manifest.model,
          target: manifest.target,
          ...(summary
            ? { passed: summary.passed, passRate: summary.passRate, units: summary.counts.units }
            : {}),
        });
      } catch {
        // A run directory being written (or damaged) is left out of the list rather than failing it.
      }
    }
  }
  return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function readSummary(dir: string): RunSummary | undefined {
  const path = join(dir, "summary.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as RunSummary) : undefined;
}

/** The folder of a run, refusing names that would leave the output folder. */
export function evalRunDir(outDir: string, suite: string, runId: string): string {
  if (!SAFE.test(suite) || !SAFE.test(runId) || suite.startsWith(".") || runId.startsWith("."))
    throw new StudioRequestError(`not a run name: ${suite}/${runId}`);
  const dir = join(outDir, suite, runId);
  if (!existsSync(join(dir, "manifest.json")))
    throw new StudioRequestError(`no evaluation run ${suite}/${runId} under ${outDir}`, 404);
  return dir;
}

/** A run's manifest, summary and rows. */
export function readEvalRun(outDir: string, suite: string, runId: string): EvalRunDetail {
  const dir = evalRunDir(outDir, suite, runId);
  const summary = readSummary(dir);
  return {
    manifest: JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as RunManifest,
    ...(summary ? { summary } : {}),
    rows: [...readResults(join(dir, "results.jsonl")).rows.values()],
  };
}

/** Two runs compared with src/evals' paired logic; regressions come first in the result. */
export function compareEvalRuns(
  outDir: string,
  a: { suite: string; runId: string },
  b: { suite: string; runId: string },
): Comparison {
  return compareRuns(
    readRun(evalRunDir(outDir, a.suite, a.runId)),
    readRun(evalRunDir(outDir, b.suite, b.runId)),
  );
}
