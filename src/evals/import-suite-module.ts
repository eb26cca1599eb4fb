import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../errors.ts";

/**
 * Imports a suite file. Plain Node cannot import a `.ts` file, so for one that fails that way this
 * registers the project's own `tsx` (resolved from the suite's folder upwards) and tries again.
 */
export async function importSuiteModule(file: string): Promise<{ default?: unknown }> {
  const url = pathToFileURL(file).href;
  try {
    return (await import(url)) as { default?: unknown };
  } catch (error) {
    if ((error as { code?: string }).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
  }
  const { register } = (await import(pathToFileURL(projectTsx(file)).href)) as { register: () => unknown };
  register();
  // The failed import stays cached under its URL: import it again under another.
  return (await import(`${url}?ts`)) as { default?: unknown };
}

/** The ESM entry of `tsx/esm/api` of the project the file is in. */
function projectTsx(file: string): string {
  let manifest: string;
  try {
    manifest = createRequire(join(dirname(file), "noop.js")).resolve("tsx/package.json");
  } catch {
    throw new ConfigError(
      `${file}: a TypeScript suite needs tsx in this project (npm install --save-dev tsx), or write suite.js`,
    );
  }
  const { exports } = JSON.parse(readFileSync(manifest, "utf8")) as {
    exports: Record<string, { import?: { default?: string } | string }>;
  };
  const entry = exports["./esm/api"]?.import;
  const path = typeof entry === "string" ? entry : entry?.default;
  if (!path) throw new ConfigError(`${manifest}: this tsx has no ./esm/api entry (tsx 4 or newer is needed)`);
  return join(dirname(manifest), path);
}
