import { readFile } from "node:fs/promises";
import { z } from "zod";
import { type AgentDefinition, loadAgentDefinition } from "../../bedrock-agents/agent-definition.ts";
import { loadLambdaHandler } from "../../bedrock-agents/lambda-handler.ts";
import { ConfigError, parseWith } from "../../config/config-error.ts";
import { loadGuardrailConfig } from "../../guardrails/config.ts";
import { isGuardrailId } from "../../guardrails/guardrail-id.ts";
import { GuardrailRegistry } from "../../guardrails/registry.ts";
import { listKnowledgeBaseNames } from "../../kb/kb-path.ts";
import { isKnowledgeBaseId, knowledgeBaseIdOf } from "../../kb/knowledge-base-id.ts";
import { FaultConfigSchema } from "../../local/faults.ts";
import { fileKnowledgeBases } from "../../local/knowledge-base-routes.ts";
import { createReactPolicy } from "../../local/model/react-policy.ts";
import { ScriptStepSchema } from "../../local/script.ts";
import { startLocalBedrock } from "../../local/server.ts";
import { nameValue, numberFlag, parseFlags } from "../args.ts";
import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";
import { CASSETTE_FLAGS, rejectCassetteFlags, serveCassette } from "./local-cassette.ts";

const FLAGS = {
  help: { type: "boolean", short: "h" },
  ...CASSETTE_FLAGS,
  port: { type: "string" },
  host: { type: "string" },
  script: { type: "string" },
  latency: { type: "string" },
  "throttle-rate": { type: "string" },
  "error-rate": { type: "string" },
  "mid-stream-failure-rate": { type: "string" },
  seed: { type: "string" },
  rpm: { type: "string" },
  burst: { type: "string" },
  guardrail: { type: "string", multiple: true },
  agents: { type: "string", multiple: true },
  lambda: { type: "string", multiple: true },
  "guardrail-alias": { type: "string", multiple: true },
  "kb-alias": { type: "string", multiple: true },
} as const;

/** `name=id` pairs of an alias flag, each id checked against the pattern Bedrock issues ids in. */
function aliasPairs(
  flag: string,
  values: readonly string[],
  isId: (id: string) => boolean,
  expected: string,
) {
  return values.map((value) => {
    const pair = nameValue(value);
    if (!pair) throw new UsageError(`--${flag} expects <name>=<id>, got "${value}"`);
    if (!isId(pair[1])) throw new UsageError(`--${flag} ${value}: the id must be ${expected}`);
    return pair;
  });
}

/** `glassbox local`: serves the local Bedrock until interrupted. */
export async function localCommand(
  args: string[],
  io: CliIO,
  stop: Promise<unknown> = interrupted(),
): Promise<number> {
  const { values } = parseFlags("local", args, FLAGS);
  if (values.help) {
    io.stdout(HELP.local);
    return 0;
  }
  if (values.record !== undefined || values.replay !== undefined) return serveCassette(values, io, stop);
  rejectCassetteFlags(values);
  const rate = { min: 0, max: 1 };
  const faults = parseWith(
    FaultConfigSchema,
    dropUndefined({
      latencyMs: numberFlag("latency", values.latency, { min: 0 }),
      throttleRate: numberFlag("throttle-rate", values["throttle-rate"], rate),
      errorRate: numberFlag("error-rate", values["error-rate"], rate),
      midStreamFailureRate: numberFlag("mid-stream-failure-rate", values["mid-stream-failure-rate"], rate),
      seed: numberFlag("seed", values.seed, { integer: true }),
    }),
    "faults",
  );
  const script = values.script ? await loadScript(values.script) : undefined;
  const rpm = numberFlag("rpm", values.rpm, { min: 1 });
  const burst = numberFlag("burst", values.burst, { min: 1 });
  if (burst !== undefined && rpm === undefined) throw new UsageError("--burst needs --rpm");
  const guardrails = new GuardrailRegistry();
  for (const file of values.guardrail ?? []) guardrails.register(await loadGuardrailConfig(file));
  const agents: AgentDefinition[] = [];
  for (const path of values.agents ?? []) agents.push(await loadAgentDefinition(path));
  // An imported agent's own guardrail config is served under the id and version the agent names.
  for (const { guardrail } of agents)
    if (guardrail?.config)
      guardrails.register(guardrail.config, {
        id: guardrail.guardrailIdentifier,
        version: guardrail.guardrailVersion,
      });
  const lambdaFunctions = await loadLambdaFlags(values.lambda ?? []);
  const guardrailAliases = aliasPairs(
    "guardrail-alias",
    values["guardrail-alias"] ?? [],
    isGuardrailId,
    "a guardrail id (lowercase letters and digits)",
  );
  for (const [name, id] of guardrailAliases) guardrails.alias(name, id);
  const kbAliases = aliasPairs(
    "kb-alias",
    values["kb-alias"] ?? [],
    isKnowledgeBaseId,
    "a 10-character knowledge base id (glassbox kb list prints them)",
  );
  const server = await startLocalBedrock({
    model: createReactPolicy(),
    port: numberFlag("port", values.port, { min: 0, max: 65535, integer: true }) ?? 4010,
    host: values.host ?? "127.0.0.1",
    faults,
    guardrails,
    knowledgeBases: fileKnowledgeBases(io.env),
    ...(kbAliases.length ? { knowledgeBaseAliases: Object.fromEntries(kbAliases) } : {}),
    agents,
    ...(script ? { script } : {}),
    ...(rpm ? { rateLimit: { rpm, ...(burst ? { burst } : {}) } } : {}),
    ...(values.lambda?.length ? { lambdaFunctions } : {}),
  });
  io.stdout(`local Bedrock listening on ${server.url} (deterministic rule-based model, not an LLM)\n`);
  for (const { id, version, name } of guardrails.list())
    io.stdout(`  guardrail ${id} version ${version} (${name}; ApplyGuardrail, Converse guardrailConfig)\n`);
  for (const [name, id] of guardrailAliases) io.stdout(`  guardrail alias ${name} → ${id}\n`);
  for (const name of listKnowledgeBaseNames(io.env))
    io.stdout(`  knowledge base ${knowledgeBaseIdOf(name)} (${name}; Retrieve, RetrieveAndGenerate)\n`);
  for (const [name, id] of kbAliases) io.stdout(`  knowledge base alias ${name} → ${id}\n`);
  for (const { agent } of agents)
    io.stdout(`  agent ${agent.agentId} ${agent.agentName} (GetAgent, ListAgentActionGroups... as DRAFT)\n`);
  for (const name of Object.keys(lambdaFunctions))
    io.stdout(
      `  Lambda function ${name} (Invoke, for lambdaExecutor({ functionName: "${name}", endpoint }))\n`,
    );
  io.stdout(`  glassbox run --endpoint ${server.url} "What is 17% of 2,340 plus 12?"\n`);
  io.stdout("  any AWS SDK: endpoint as above, any region, placeholder credentials. Ctrl-C stops.\n");
  await stop;
  await server.close();
  return 0;
}

const LAMBDA_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** `--lambda name=path[#export]`: each handler module loaded now, so a bad one fails at start. */
async function loadLambdaFlags(flags: string[]) {
  const functions: Record<string, Awaited<ReturnType<typeof loadLambdaHandler>>> = {};
  for (const flag of flags) {
    const [name, path] = nameValue(flag) ?? [];
    if (!name || !path || !LAMBDA_NAME.test(name))
      throw new UsageError(
        `--lambda ${flag}: expected name=path, e.g. --lambda claims=./handlers/claims.mjs`,
      );
    if (Object.hasOwn(functions, name)) throw new UsageError(`--lambda ${name}: given twice`);
    functions[name] = await loadLambdaHandler(path);
  }
  return functions;
}

async function loadScript(path: string) {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`${path}: cannot read a JSON script (${(error as Error).message})`);
  }
  return parseWith(z.array(ScriptStepSchema), json, path);
}

function interrupted(): Promise<unknown> {
  return new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}

function dropUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
