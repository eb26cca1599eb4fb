import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from "node:fs";
import { type ResultRow, unitKey } from "./result-row.ts";

/**
 * The append-only results file of a run. Each row is one `write` of one line, so a killed process
 * leaves at most a torn last line; reopening drops it (truncating the file to its last full line) and
 * keeps the last row per unit, so a resumed run neither redoes finished units nor duplicates them.
 */
export interface ResultsFile {
  readonly path: string;
  /** Finished rows by unit key, as read at open plus those appended since. */
  readonly rows: Map<string, ResultRow>;
  /** Lines dropped at open (a torn last line after a crash). */
  readonly dropped: number;
  append(row: ResultRow): void;
  close(): void;
}

/** Reads the rows of a results file; a torn or invalid last line is ignored. */
export function readResults(path: string): {
  rows: Map<string, ResultRow>;
  validBytes: number;
  dropped: number;
} {
  const rows = new Map<string, ResultRow>();
  if (!existsSync(path)) return { rows, validBytes: 0, dropped: 0 };
  const text = readFileSync(path, "utf8");
  let validBytes = 0;
  let dropped = 0;
  let offset = 0;
  for (const line of text.split("\n")) {
    const lineBytes = Buffer.byteLength(line) + 1;
    const complete = offset + lineBytes <= Buffer.byteLength(text);
    offset += lineBytes;
    if (!line.trim()) {
      if (complete) validBytes = offset;
      continue;
    }
    try {
      if (!complete) throw new Error("torn line");
      const row = JSON.parse(line) as ResultRow;
      rows.set(unitKey(row), row);
      validBytes = offset;
    } catch {
      dropped++;
    }
  }
  return { rows, validBytes, dropped };
}

/** Opens a results file for appending, loading the rows already in it. */
export function openResults(path: string): ResultsFile {
  const { rows, validBytes, dropped } = readResults(path);
  if (existsSync(path) && dropped) truncateSync(path, validBytes);
  const fd = openSync(path, "a", 0o600); // rows hold inputs and answers: private
  return {
    path,
    rows,
    dropped,
    append(row) {
      writeSync(fd, `${JSON.stringify(row)}\n`);
      rows.set(unitKey(row), row);
    },
    close() {
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}
