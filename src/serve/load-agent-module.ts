import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { Agent, AgentOptions } from "../agent/create-agent.ts";
import { ConfigError } from "../config/config-error.ts";

/** What `glassbox serve` hands an agent factory: the thread store, model connection and telemetry it chose. */
export interface ServedAgentDefaults {
  checkpointer?: BaseCheckpointSaver;
  model?: { endpoint?: string; region?: string; profile?: string };
  telemetry?: AgentOptions["telemetry"];
}

/** A module export `glassbox serve --agent` accepts: an agent, or a function of the defaults returning one. */
export type ServedAgentExport = Agent | ((defaults: ServedAgentDefaults) => Agent | Promise<Agent>);

const isAgent = (value: unknown): value is Agent =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Agent).invoke === "function" &&
  typeof (value as Agent).stream === "function" &&
  typeof (value as Agent).graph === "object";

/**
 * Loads `<module>:<export>` (the export defaults to `default`), relative to `cwd`. A factory (such as
 * `createAgent` itself, or `graphs/tool-agent.ts:createToolAgent`) gets the defaults, so the CLI's
 * `--checkpointer` and `--endpoint` reach the agent; an agent instance is used as it is, and then
 * `injected` (the flags the user gave) must be empty, since nothing can be put into it.
 */
export async function loadAgentModule(
  spec: string,
  defaults: ServedAgentDefaults,
  options: { cwd?: string; injected?: string[] } = {},
): Promise<Agent> {
  const split = spec.lastIndexOf(":");
  const [file, name] = split > 1 ? [spec.slice(0, split), spec.slice(split + 1)] : [spec, "default"];
  if (!file || !name) throw new ConfigError(`--agent: expected <module>:<export>, got "${spec}"`);
  const url = pathToFileURL(resolve(options.cwd ?? process.cwd(), file)).href;
  if (/\.[cm]?tsx?$/.test(file)) await loadTypeScript(file);
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`--agent: cannot load ${file} (${(error as Error).message.split("\n")[0]})`);
  }
  const value = module[name];
  if (value === undefined)
    throw new ConfigError(
      `--agent: ${file} has no export "${name}"; its exports: ${Object.keys(module).join(", ") || "none"}`,
    );
  if (isAgent(value)) {
    if (options.injected?.length)
      throw new ConfigError(
        `--agent: ${file}:${name} is an agent already built, so ${options.injected.join(", ")} cannot reach it; export a factory (defaults) => createAgent({ ...defaults, ... }) instead`,
      );
    return value;
  }
  if (typeof value !== "function")
    throw new ConfigError(`--agent: ${file}:${name} is neither an agent nor a function returning one`);
  const built = await (value as (defaults: ServedAgentDefaults) => unknown)(defaults);
  if (!isAgent(built))
    throw new ConfigError(
      `--agent: ${file}:${name}(defaults) did not return an agent (createAgent's result)`,
    );
  return built;
}

let typeScriptLoader: Promise<void> | undefined;

/** Node 20 cannot import TypeScript itself: tsx's loader does it, when tsx is installed. */
function loadTypeScript(file: string): Promise<void> {
  typeScriptLoader ??= (async () => {
    const tsxApi = "tsx/esm/api";
    try {
      const { register } = (await import(tsxApi)) as { register(): unknown };
      register();
    } catch {
      typeScriptLoader = undefined;
      throw new ConfigError(
        `--agent: ${file} is TypeScript, which Node 20 cannot load by itself; compile it to JavaScript or install tsx (npm install tsx)`,
      );
    }
  })();
  return typeScriptLoader;
}
