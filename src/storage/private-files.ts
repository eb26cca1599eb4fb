import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Files Glassbox creates hold conversations, answers and traces: they are private to the user (0600) and
 * so are the folders created for them (0700). Existing files and folders keep the mode they have.
 */

/** Creates `dir` (and missing parents) readable by the owner only. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates an empty owner-only file at `path` (and its folder) unless it exists; SQLite then keeps its mode. */
export function ensurePrivateFile(path: string): void {
  ensurePrivateDir(dirname(path));
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
}

/** Writes a file created owner-only. */
export function writePrivateFile(path: string, data: string): void {
  ensurePrivateDir(dirname(path));
  writeFileSync(path, data, { mode: 0o600 });
}
