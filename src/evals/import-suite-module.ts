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
  let api: string;
  try {
    api = createRequire(join(dirname(file), "noop.js")).resolve("tsx/esm/api");
  } catch {
    throw new ConfigError(
      `${file}: a TypeScript suite needs tsx in this project (npm install --save-dev tsx), or write suite.js`,
    );
  }
  const { register } = (await import(pathToFileURL(api).href)) as { register: () => unknown };
  register();
  return (await import(url)) as { default?: unknown };
}
