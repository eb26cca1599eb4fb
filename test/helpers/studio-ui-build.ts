import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Vitest global setup: builds the Studio UI once per test run when its sources are newer than the bundle
 * in dist/ui (a fresh `npm ci` has built it already at prepare), so browser tests never build per test.
 */
export default async function setup(): Promise<void> {
  const script = pathToFileURL(join(import.meta.dirname, "../../scripts/build-ui.mjs")).href;
  const { ensureUi } = (await import(script)) as { ensureUi(): Promise<{ built: boolean }> };
  await ensureUi();
}
