import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { type AgentDefinition, loadAgentDefinition } from "../../bedrock-agents/agent-definition.ts";
import { importAgentDefinition } from "../../bedrock-agents/import-agent.ts";
import { notCarried, renderImportReport } from "../../bedrock-agents/import-report.ts";
import { readAgentDefinition } from "../../bedrock-agents/read-agent-definition.ts";
import { BEDROCK_ID_PATTERN, idRegExp } from "../../bedrock-id-patterns.ts";
import { GlassboxError } from "../../errors.ts";
import { parseFlags } from "../args.ts";
import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";

const FLAGS = {
  help: { type: "boolean", short: "h" },
  out: { type: "string" },
  force: { type: "boolean" },
  strict: { type: "boolean" },
  "agent-id": { type: "string" },
  "agent-version": { type: "string" },
  alias: { type: "string" },
  region: { type: "string" },
  profile: { type: "string" },
  endpoint: { type: "string" },
} as const;

/**
 * `glassbox agents import <definition> | --agent-id <id>`: turns a Bedrock Agents definition into a
 * Glassbox agent module with an import report; `--strict` refuses when anything cannot be carried over.
 */
export async function agentsImport(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags("agents import", args, FLAGS);
  if (values.help) {
    io.stdout(HELP.agents);
    return 0;
  }
  const definition = await readDefinition(values, positionals);
  const imported = importAgentDefinition(definition);
  const missing = notCarried(imported.report);
  if (values.strict && missing.length)
    throw new GlassboxError(
      `--strict: ${missing.length} item(s) of agent ${definition.agent.agentId} cannot be carried over, nothing written:\n${missing.map((item) => `  ${item.field}: ${item.detail}`).join("\n")}`,
      { code: "AGENT_IMPORT_INCOMPLETE" },
    );
  const out = values.out ?? kebab(definition.agent.agentName);
  const markdown = renderImportReport(imported.report);
  const files = {
    ...imported.files,
    "import-report.md": markdown,
    "import-report.json": `${JSON.stringify(imported.report, null, 2)}\n`,
  };
  const existing = Object.keys(files).filter((name) => existsSync(join(out, name)));
  if (existing.length && !values.force)
    throw new UsageError(
      `${out}: ${existing.join(", ")} already exist; pass --force to overwrite or --out another folder`,
    );
  for (const [name, text] of Object.entries(files)) {
    const path = join(out, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
  io.stdout(markdown);
  io.stdout(
    `\nwrote ${Object.keys(files).length} files to ${relative(process.cwd(), out) || "."}: ${imported.moduleFile} exports ${imported.factoryName}()\n`,
  );
  return 0;
}

async function readDefinition(
  values: {
    "agent-id"?: string;
    "agent-version"?: string;
    alias?: string;
    region?: string;
    profile?: string;
    endpoint?: string;
  },
  positionals: string[],
): Promise<AgentDefinition> {
  const agentId = values["agent-id"];
  if (agentId && positionals.length)
    throw new UsageError(
      "give a definition file/folder or --agent-id, not both (see glassbox agents --help)",
    );
  if (!agentId) {
    if (positionals.length !== 1)
      throw new UsageError(
        "expected one definition file or folder, or --agent-id <id> (see glassbox agents --help)",
      );
    for (const flag of ["agent-version", "alias", "region", "profile", "endpoint"] as const)
      if (values[flag] !== undefined)
        throw new UsageError(`--${flag} reads from the account: use it with --agent-id`);
    return loadAgentDefinition(positionals[0] as string);
  }
  if (!idRegExp(BEDROCK_ID_PATTERN).test(agentId))
    throw new UsageError(`--agent-id: expected a 10-character agent id ([0-9a-zA-Z]{10}), got "${agentId}"`);
  if (values.alias && values["agent-version"])
    throw new UsageError("--alias decides the version: give --alias or --agent-version, not both");
  return readAgentDefinition({
    agentId,
    ...(values["agent-version"] ? { agentVersion: values["agent-version"] } : {}),
    ...(values.alias ? { agentAliasId: values.alias } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
  });
}

const kebab = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^0-9a-zA-Z]+/g, "-")
    .toLowerCase();
