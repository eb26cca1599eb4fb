import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** What Glassbox reads from its own package.json. */
export interface GlassboxPackage {
  /** The package folder: the checkout, or node_modules/glassbox. */
  root: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

let found: GlassboxPackage | undefined;

/** Glassbox's own package, found upwards from this file (src/ in a checkout, dist/src/ when built). */
export function glassboxPackage(): GlassboxPackage {
  if (found) return found;
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as Partial<GlassboxPackage> & { name?: string };
    if (pkg.name !== "glassbox") continue;
    found = {
      root: dir,
      version: pkg.version ?? "unknown",
      dependencies: pkg.dependencies ?? {},
      devDependencies: pkg.devDependencies ?? {},
    };
    return found;
  }
  throw new Error("cannot find glassbox's package.json above its code");
}
