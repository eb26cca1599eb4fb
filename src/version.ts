import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const found = findPackage();

/** The version of this Glassbox (from its package.json, found above this file in src/ and in dist/). */
export const GLASSBOX_VERSION: string = found?.version ?? "unknown";

/** The folder of Glassbox's package.json (this checkout, or the installed package). */
export const PACKAGE_ROOT: string = found?.dir ?? dirname(fileURLToPath(import.meta.url));

function findPackage(): { dir: string; version: string } | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const path = join(dir, "package.json");
    if (existsSync(path)) {
      const pkg = JSON.parse(readFileSync(path, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "glassbox" && pkg.version) return { dir, version: pkg.version };
    }
    dir = dirname(dir);
  }
  return undefined;
}
