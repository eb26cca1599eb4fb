import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The checkout's root. */
export const ROOT = join(import.meta.dirname, "..", "..");
/** The compiled CLI that `bin/glassbox.js` runs. */
export const BIN = join(ROOT, "bin", "glassbox.js");

const STAMP = join(ROOT, "dist", ".build-stamp");
const INPUTS = [
  "src",
  "graphs",
  "tools",
  "scripts/build.mjs",
  "tsconfig.json",
  "tsconfig.build.json",
  "package.json",
];

function newestInput(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestInput(join(path, name))));
}

function fresh(): boolean {
  if (!existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.every((input) => newestInput(join(ROOT, input)) <= built);
}

/**
 * Makes sure dist/ holds a build of the current sources (`npm ci` builds it; an edit since then makes
 * it stale), building it once when not: test files that run the compiled CLI may run in parallel, so a
 * lock folder lets one build while the others wait.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(ROOT, "dist.lock");
  for (const started = Date.now(); !fresh(); ) {
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - started > 180_000) throw new Error(`waited 3 minutes for ${lock}: remove it if stale`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      if (!fresh()) execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { stdio: "pipe" });
    } finally {
      rmdirSync(lock);
    }
  }
}
