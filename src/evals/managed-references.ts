import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { actionGroupToolNaming } from "../bedrock-agents/managed-tool-names.ts";
import {
  type ManagedRecording,
  type ManagedTrajectory,
  managedTrajectory,
  parseRecording,
} from "../bedrock-agents/managed-trace.ts";
import { ConfigError } from "../config/config-error.ts";
import type { Dataset, DatasetRow } from "./dataset.ts";

/** Where a suite's managed recordings are, and how their operations are named as tools. */
export interface ManagedReferenceOptions {
  suiteDir: string;
  /** A recording file or a folder of `<case id>.json(l)` recordings (the suite's `referenceTrajectories`). */
  referenceTrajectories?: string;
  operationIds?: Record<string, string>;
}

const RECORDING_EXTENSIONS = [".json", ".jsonl"];

/** Recordings in a file: one recording, a JSON array of recordings, or JSONL with one per line. */
function recordingsInFile(path: string): ManagedRecording[] {
  const text = readText(path);
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  if (Array.isArray(whole) && whole.every((item) => typeof item === "object" && item && "events" in item))
    return whole.map((item, i) => parseRecording(JSON.stringify(item), `${path}: [${i}]`));
  if (whole !== undefined) return [parseRecording(text, path)];
  return text
    .split("\n")
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim())
    .map(({ line, i }) => parseRecording(line, `${path}:${i + 1}`));
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the managed recording (${(error as Error).message})`);
  }
}

/**
 * Sets the reference trajectory and answer of the cases that have a managed recording: a row's
 * `managedTrace`, or the suite's `referenceTrajectories` (a folder: `<case id>.json`; a file: matched
 * to rows by question). A case with a recording must not also set `expectedTrajectory`, its question must
 * be the recording's, and every recording must match a case, so nothing is dropped unseen. The dataset's
 * hash covers the recordings, so a changed recording makes runs not comparable.
 */
export function applyManagedReferences(dataset: Dataset, options: ManagedReferenceOptions): Dataset {
  const naming = actionGroupToolNaming(options.operationIds);
  const byRow = new Map<string, { recording: ManagedRecording; where: string }>();
  const hash = createHash("sha256").update(dataset.sha256);
  const take = (row: DatasetRow, recording: ManagedRecording, where: string) => {
    const earlier = byRow.get(row.id);
    if (earlier)
      throw new ConfigError(`case "${row.id}" has two managed recordings: ${earlier.where} and ${where}`);
    byRow.set(row.id, { recording, where });
  };

  for (const row of dataset.rows) {
    if (!row.managedTrace) continue;
    const path = resolve(options.suiteDir, row.managedTrace);
    hash.update(readText(path));
    const recordings = recordingsInFile(path);
    if (recordings.length !== 1)
      throw new ConfigError(
        `${dataset.path}: case "${row.id}": managedTrace ${path} holds ${recordings.length} recordings, expected one`,
      );
    take(row, recordings[0] as ManagedRecording, path);
  }

  if (options.referenceTrajectories) {
    const path = resolve(options.suiteDir, options.referenceTrajectories);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new ConfigError(`referenceTrajectories: ${path} does not exist`);
    }
    if (isDir) {
      const files = readdirSync(path)
        .filter((name) => RECORDING_EXTENSIONS.includes(extname(name)))
        .sort();
      if (!files.length)
        throw new ConfigError(`referenceTrajectories: ${path} holds no .json or .jsonl recordings`);
      for (const name of files) {
        const file = join(path, name);
        const id = basename(name, extname(name));
        const row = dataset.rows.find((candidate) => candidate.id === id);
        if (!row)
          throw new ConfigError(
            `referenceTrajectories: ${file} names case "${id}", which ${dataset.path} does not have (a recording is named <case id>.json)`,
          );
        hash.update(readText(file));
        const recordings = recordingsInFile(file);
        if (recordings.length !== 1)
          throw new ConfigError(
            `referenceTrajectories: ${file} holds ${recordings.length} recordings, expected one`,
          );
        take(row, recordings[0] as ManagedRecording, file);
      }
    } else {
      hash.update(readText(path));
      recordingsInFile(path).forEach((recording, i) => {
        const row = dataset.rows.find((candidate) => candidate.input === recording.inputText);
        if (!row)
          throw new ConfigError(
            `referenceTrajectories: ${path}: recording ${i + 1} asks "${recording.inputText}", which no case of ${dataset.path} asks`,
          );
        take(row, recording, `${path} (recording ${i + 1})`);
      });
    }
  }

  if (!byRow.size) return dataset;
  const rows = dataset.rows.map((row) => {
    const found = byRow.get(row.id);
    if (!found) return row;
    if (row.expectedTrajectory)
      throw new ConfigError(
        `${dataset.path}: case "${row.id}" sets expectedTrajectory and has a managed recording (${found.where}): keep one`,
      );
    if (found.recording.inputText !== row.input)
      throw new ConfigError(
        `${found.where}: the recording asks "${found.recording.inputText}" but case "${row.id}" asks "${row.input}"`,
      );
    const managed: ManagedTrajectory = managedTrajectory(found.recording, { toolNaming: naming });
    if (managed.failure)
      throw new ConfigError(
        `${found.where}: the managed run failed (${managed.failure.reason}), so it cannot be a reference`,
      );
    return {
      ...row,
      expectedTrajectory: managed.toolCalls,
      ...(row.expectedAnswer === undefined && managed.answer ? { expectedAnswer: managed.answer } : {}),
      metadata: { ...row.metadata, managedReference: found.where },
    };
  });
  return { ...dataset, rows, sha256: hash.digest("hex") };
}
