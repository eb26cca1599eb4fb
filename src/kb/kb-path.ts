import { readdirSync } from "node:fs";
import { resolve } from "node:path";

/** Where knowledge base files live: GLASSBOX_KB_DIR, else `.glassbox/kb` under the working directory. */
export function knowledgeBaseDir(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.GLASSBOX_KB_DIR ?? ".glassbox/kb");
}

const NAME = /^[0-9a-zA-Z_-]{1,64}$/;

/** The SQLite file of the knowledge base `name` (letters, digits, `_`, `-`). */
export function knowledgeBasePath(name: string, env?: Record<string, string | undefined>): string {
  if (!NAME.test(name)) {
    throw new Error(`knowledge base name "${name}" must be 1-64 letters, digits, "_" or "-"`);
  }
  return resolve(knowledgeBaseDir(env), `${name}.sqlite`);
}

/** The names of the knowledge bases in the knowledge-base folder (its `<name>.sqlite` files), sorted. */
export function listKnowledgeBaseNames(env?: Record<string, string | undefined>): string[] {
  let files: string[];
  try {
    files = readdirSync(knowledgeBaseDir(env));
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith(".sqlite"))
    .map((file) => file.slice(0, -".sqlite".length))
    .filter((name) => NAME.test(name))
    .sort();
}
