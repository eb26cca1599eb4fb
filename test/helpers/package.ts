import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, ROOT } from "./build.ts";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * The package's tarball as `npm pack` makes it from the current build, packed once per build and
 * shared by the test files that install it.
 */
export async function packedTarball(): Promise<string> {
  await ensureBuilt();
  const stamp = readFileSync(join(ROOT, "dist", ".build-stamp"), "utf8")
    .trim()
    .replace(/[^0-9A-Za-z]/g, "");
  const dir = join(tmpdir(), `glassbox-pack-${stamp}`);
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  const tarball = join(dir, `glassbox-${version}.tgz`);
  const lock = `${dir}.lock`;
  while (!existsSync(tarball)) {
    try {
      mkdirSync(lock);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
      continue;
    }
    try {
      mkdirSync(dir, { recursive: true });
      // The build is fresh: packing needs no second `prepare`.
      execFileSync(NPM, ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], {
        cwd: ROOT,
        stdio: "pipe",
      });
    } finally {
      rmdirSync(lock);
    }
  }
  return tarball;
}

/**
 * `npm install` in a project from npm's local cache (`--prefer-offline`: the registry only for what the
 * cache lacks). Install scripts are skipped and better-sqlite3's native driver is copied from this
 * checkout's install (same version), which saves compiling SQLite for two minutes; everything else is
 * what the tarball and the registry give.
 */
export function installProject(dir: string): void {
  execFileSync(
    NPM,
    ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
    {
      cwd: dir,
      stdio: "pipe",
      env: { ...process.env, npm_config_update_notifier: "false" },
    },
  );
  const driver = join("node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");
  if (existsSync(join(ROOT, driver)) && existsSync(join(dir, "node_modules", "better-sqlite3"))) {
    mkdirSync(join(dir, driver, ".."), { recursive: true });
    copyFileSync(join(ROOT, driver), join(dir, driver));
  }
}
