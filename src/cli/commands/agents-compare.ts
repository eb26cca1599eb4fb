import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { compareWithManaged } from "../../bedrock-agents/compare-with-managed.ts";
import { actionGroupToolNaming, operationIdsFromOpenApi } from "../../bedrock-agents/managed-tool-names.ts";
import { managedTrajectory, readRecording } from "../../bedrock-agents/managed-trace.ts";
import { runForComparison } from "../../bedrock-agents/run-for-comparison.ts";
import { ConfigError } from "../../config/config-error.ts";
import { agentOutput } from "../../evals/target.ts";
import { resolveConnection } from "../../model/connection.ts";
import { loadAgentModule } from "../../serve/load-agent-module.ts";
import { parseFlags } from "../args.ts";
import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";
import { formatManagedComparison } from "../managed-comparison-view.ts";

const FLAGS = {
  help: { type: "boolean", short: "h" },
  agent: { type: "string" },
  question: { type: "string" },
  openapi: { type: "string", multiple: true },
  "tool-map": { type: "string" },
  local: { type: "boolean" },
  endpoint: { type: "string" },
  region: { type: "string" },
  profile: { type: "string" },
  json: { type: "boolean" },
  "fail-on-divergence": { type: "boolean" },
} as const;

/**
 * `glassbox agents compare <recording> --agent <spec>`: runs the Glassbox agent on the recorded managed
 * run's question and prints both trajectories side by side with the evaluators' scores.
 */
export async function agentsCompare(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags("agents compare", args, FLAGS);
  if (values.help) {
    io.stdout(HELP.agents);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      "agents compare needs one recording: glassbox agents compare <recording> --agent <module or graph id>",
    );
  if (!values.agent) throw new UsageError("agents compare needs --agent <module[:export] | graph id>");
  const recording = await readRecording(positionals[0] as string, {
    ...(values.question ? { question: values.question } : {}),
  });
  const operationIds = {
    ...(values["tool-map"] ? await readToolMap(values["tool-map"]) : {}),
    ...Object.assign({}, ...(await Promise.all((values.openapi ?? []).map(readOpenApiFlag)))),
  };
  const managed = managedTrajectory(recording, { toolNaming: actionGroupToolNaming(operationIds) });
  const agentModule = agentModuleOf(values.agent);

  const connection = await resolveConnection({
    local: values.local,
    endpoint: values.endpoint,
    profile: values.profile,
    env: io.env,
  });
  if (connection.notice && !values.json) io.stderr(`glassbox: ${connection.notice}\n`);
  try {
    const agent = await openAgent(agentModule, {
      ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
      ...(values.region ? { region: values.region } : {}),
      ...(values.profile ? { profile: values.profile } : {}),
    });
    const started = performance.now();
    const { result, retrievals } = await runForComparison(agent, managed.question);
    const comparison = await compareWithManaged(managed, agentOutput(result), {
      retrievals,
      latencyMs: performance.now() - started,
    });
    io.stdout(
      values.json
        ? `${JSON.stringify({ ...comparison, managedSteps: managed.steps }, null, 2)}\n`
        : formatManagedComparison(comparison, managed.steps, { width: Number(io.env.COLUMNS) || 120 }),
    );
    const failedMatch = comparison.scores.some(
      (score) => score.key.startsWith("trajectory") && score.score === false,
    );
    return values["fail-on-divergence"] && (comparison.firstDivergence !== undefined || failedMatch) ? 1 : 0;
  } finally {
    await connection.local?.close();
  }
}

/**
 * The module of `--agent`: a module spec (`file[:export]`) as `serve` takes it, or a graph id of
 * ./langgraph.json, whose module's `agent` export is the agent (the shipped graphs export it beside
 * `graph`).
 */
function agentModuleOf(spec: string): { spec: string; graph: boolean } {
  if (/[/\\:]|\.[cm]?[jt]sx?$/.test(spec)) return { spec, graph: false };
  const config = resolve("langgraph.json");
  const graphs = existsSync(config)
    ? ((JSON.parse(readFileSync(config, "utf8")) as { graphs?: Record<string, string> }).graphs ?? {})
    : {};
  const target = graphs[spec];
  if (!target)
    throw new UsageError(
      `--agent "${spec}" is neither a module (path[:export]) nor a graph id of ${config}${Object.keys(graphs).length ? ` (graph ids: ${Object.keys(graphs).join(", ")})` : ""}`,
    );
  const split = target.lastIndexOf(":");
  return { spec: `${split > 1 ? target.slice(0, split) : target}:agent`, graph: true };
}

/**
 * Loads the agent. A graph module connects by itself from GLASSBOX_ENDPOINT (see graphs/), so it is
 * pointed at this command's connection while it loads, instead of starting a second local Bedrock.
 */
async function openAgent(
  module: { spec: string; graph: boolean },
  model: { endpoint?: string; region?: string; profile?: string },
) {
  if (!module.graph || !model.endpoint || process.env.GLASSBOX_ENDPOINT !== undefined)
    return loadAgentModule(module.spec, { model });
  process.env.GLASSBOX_ENDPOINT = model.endpoint;
  try {
    return await loadAgentModule(module.spec, { model });
  } finally {
    delete process.env.GLASSBOX_ENDPOINT;
  }
}

async function readToolMap(path: string): Promise<Record<string, string>> {
  const json = await readJson(path, "--tool-map");
  if (
    typeof json !== "object" ||
    json === null ||
    Array.isArray(json) ||
    Object.values(json).some((value) => typeof value !== "string")
  )
    throw new ConfigError(
      `--tool-map ${path}: expected {"<actionGroup> <METHOD> <apiPath>": "<operationId>"}`,
    );
  return json as Record<string, string>;
}

async function readOpenApiFlag(flag: string): Promise<Record<string, string>> {
  const at = flag.indexOf("=");
  if (at < 1) throw new UsageError(`--openapi expects <actionGroup>=<file>, got "${flag}"`);
  return operationIdsFromOpenApi(flag.slice(0, at), await readJson(flag.slice(at + 1), "--openapi"));
}

async function readJson(path: string, flag: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`${flag} ${path}: cannot read it as JSON (${(error as Error).message})`);
  }
}
