import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Agent } from "../agent/create-agent.ts";
import type { ModelConfigInput } from "../model/config.ts";
import { UsageError } from "./errors.ts";

const isAgent = (value: unknown): value is Agent =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Agent).invoke === "function" &&
  typeof (value as Agent).name === "string";

/**
 * Loads `--agent <module:export>`: the export is an agent, or a function that builds one from
 * `{ model }` (the CLI's model flags), such as `graphs/tool-agent.ts:createToolAgent`.
 */
export async function loadAgentExport(
  spec: string,
  model: ModelConfigInput,
  cwd = process.cwd(),
): Promise<Agent> {
  const at = spec.lastIndexOf(":");
  const [file, name] = at > 1 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, "default"];
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new UsageError(`--agent ${spec}: no file ${path}`);
  const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const value = module[name];
  if (value === undefined)
    throw new UsageError(
      `--agent ${spec}: ${file} has no export "${name}" (exports: ${Object.keys(module).join(", ") || "none"})`,
    );
  const agent = typeof value === "function" && !isAgent(value) ? await value({ model }) : value;
  if (!isAgent(agent))
    throw new UsageError(
      `--agent ${spec}: "${name}" is not an agent (createAgent(...)) nor a function that returns one`,
    );
  return agent;
}
