import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../errors.ts";
import { ensurePrivateDir, writePrivateFile } from "../storage/private-files.ts";
import type { DatasetRow } from "./dataset.ts";
import type { LoadedSuite } from "./registry.ts";
import { type ResultRow, unitKey } from "./result-row.ts";
import type { Perturbation } from "./robustness.ts";

/** The run's manifest: what must match for a resume or a comparison to make sense. */
export interface RunManifest {
  suite: string;
  runId: string;
  datasetSha256: string;
  evaluators: Array<Record<string, unknown>>;
  target: string;
  model: string;
  /** Which endpoint answered (see `endpointLabel`); absent in runs made before Glassbox recorded it. */
  endpoint?: string;
  /** The Glassbox version that made the run. */
  glassbox?: string;
  judge: string;
  repetitions: number;
  robustness: Perturbation[];
  limit?: number;
  createdAt: string;
}

/** One case × repetition × perturbation: what a run evaluates. */
export interface Unit {
  row: DatasetRow;
  repetition: number;
  variant: "original" | Perturbation;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A run id is a name inside the suite's folder, never a path (`../x` would write outside it). */
export function assertRunId(runId: string, source = "runId"): void {
  if (!RUN_ID.test(runId) || runId.includes(".."))
    throw new ConfigError(
      `${source} "${runId}": a run id is a name of letters, digits, ".", "_" and "-" (up to 128), not a path`,
    );
}

/** A new run id: sortable by time, unique. */
export function newRunId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}-${randomUUID().slice(0, 6)}`;
}

/** The target's name in manifests: `function:<name>`. */
export function targetName(suite: LoadedSuite["suite"]): string {
  return `function:${suite.target.name}`;
}

/**
 * Opens a run directory: a new one gets its manifest written (an existing run id is an error); a resumed
 * one must have been started with the same dataset and evaluators, and keeps its manifest.
 */
export function openRunDir(
  runDir: string,
  manifest: RunManifest,
  resume: boolean,
): { manifest: RunManifest; runDir: string } {
  const path = join(runDir, "manifest.json");
  if (resume) {
    if (!existsSync(path))
      throw new ConfigError(`cannot resume: ${runDir} has no manifest.json (is it a run directory?)`);
    const previous = JSON.parse(readFileSync(path, "utf8")) as RunManifest;
    if (previous.datasetSha256 !== manifest.datasetSha256)
      throw new ConfigError(
        `cannot resume ${manifest.runId}: the dataset changed since the run started (sha256 differs)`,
      );
    if (JSON.stringify(previous.evaluators) !== JSON.stringify(manifest.evaluators))
      throw new ConfigError(
        `cannot resume ${manifest.runId}: the suite's evaluators changed since the run started`,
      );
    if (previous.endpoint !== undefined && previous.endpoint !== manifest.endpoint)
      throw new ConfigError(
        `cannot resume ${manifest.runId}: it was answered by ${previous.endpoint}, this run would be answered by ${manifest.endpoint}`,
      );
    return { manifest: previous, runDir };
  }
  if (existsSync(path))
    throw new ConfigError(`run ${manifest.runId} already exists: pass --resume to continue it`);
  // Rows hold inputs and answers: the run folder and its files are private.
  ensurePrivateDir(runDir);
  writePrivateFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, runDir };
}

/** Every unit the manifest asks for, in dataset order. */
export function planUnits(rows: readonly DatasetRow[], manifest: RunManifest): Unit[] {
  const chosen = manifest.limit !== undefined ? rows.slice(0, manifest.limit) : rows;
  return chosen.flatMap((row) =>
    Array.from({ length: manifest.repetitions }, (_, i) => i + 1).flatMap((repetition) => [
      { row, repetition, variant: "original" as const },
      ...manifest.robustness.map((variant) => ({ row, repetition, variant })),
    ]),
  );
}

/** The finished row of a unit, if the results file has one. */
export function finishedRow(rows: ReadonlyMap<string, ResultRow>, unit: Unit): ResultRow | undefined {
  return rows.get(unitKey({ caseId: unit.row.id, repetition: unit.repetition, variant: unit.variant }));
}
