import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../config/config-error.ts";
import { type Dataset, loadDataset } from "./dataset.ts";
import type { Evaluator } from "./evaluator.ts";
import { createEvaluator } from "./evaluators/registry.ts";
import { importSuiteModule } from "./import-suite-module.ts";
import { applyManagedReferences } from "./managed-references.ts";
import { type Suite, SuiteSchema } from "./suite.ts";

/** A suite ready to run: its definition, dataset and evaluators, all validated. */
export interface LoadedSuite {
  suite: Suite;
  dir: string;
  dataset: Dataset;
  evaluators: Evaluator[];
}

/** Where suites live: `$GLASSBOX_EVALS_DIR`, else `./evals`. */
export function suitesDir(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.GLASSBOX_EVALS_DIR ?? "evals");
}

const SUITE_FILES = ["suite.ts", "suite.mts", "suite.js", "suite.mjs"];

/** A suite folder's definition file, if it has one. */
function suiteFile(suiteDir: string): string | undefined {
  return SUITE_FILES.map((file) => join(suiteDir, file)).find((file) => existsSync(file));
}

/** The suites in a folder: every `<name>/suite.ts` (or `.mts`, `.js`, `.mjs`). */
export function listSuites(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory() && suiteFile(join(dir, name)))
    .sort();
}

/**
 * Loads `<dir>/<name>/suite.ts` and its dataset and builds its evaluators, so an unknown suite or
 * evaluator, or a malformed dataset line, is an error before anything runs.
 */
export async function loadSuite(dir: string, name: string): Promise<LoadedSuite> {
  const suiteDir = join(dir, name);
  const file = suiteFile(suiteDir);
  if (!file) {
    const known = listSuites(dir);
    throw new ConfigError(
      `unknown suite "${name}" in ${dir}: expected one of ${known.join(", ") || "(none)"}`,
    );
  }
  const module = await importSuiteModule(file);
  const parsed = SuiteSchema.safeParse(module.default);
  if (!parsed.success) {
    throw new ConfigError(
      `${file}: the default export must be defineSuite({...}): ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`,
    );
  }
  const suite = parsed.data;
  const evaluators = suite.evaluators.map((spec, index) =>
    typeof spec === "object" && "evaluate" in spec
      ? (spec as Evaluator)
      : createEvaluator(
          spec as Parameters<typeof createEvaluator>[0],
          `${file}: evaluators[${index}]`,
          suite.groundingScorer,
        ),
  );
  const keys = new Set<string>();
  for (const evaluator of evaluators) {
    if (keys.has(evaluator.key))
      throw new ConfigError(`${file}: two evaluators use the key "${evaluator.key}": give one a "key"`);
    keys.add(evaluator.key);
  }
  const dataset = applyManagedReferences(await loadDataset(join(suiteDir, suite.dataset)), {
    suiteDir,
    ...(suite.referenceTrajectories ? { referenceTrajectories: suite.referenceTrajectories } : {}),
    ...(suite.managedOperationIds ? { operationIds: suite.managedOperationIds } : {}),
  });
  return { suite, dir: suiteDir, dataset, evaluators };
}
