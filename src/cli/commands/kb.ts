import { readFileSync } from "node:fs";
import { type ChunkingConfiguration, ChunkingConfigurationSchema } from "../../kb/chunking.ts";
import { knowledgeBasePath, listKnowledgeBaseNames } from "../../kb/kb-path.ts";
import { knowledgeBaseIdOf } from "../../kb/knowledge-base-id.ts";
import { type LocalKnowledgeBase, openLocalKnowledgeBase } from "../../kb/local-knowledge-base.ts";
import { RESERVED_KEYS } from "../../kb/metadata.ts";
import { type RetrievalFilter, RetrievalFilterSchema } from "../../kb/retrieval-filter.ts";
import { numberFlag, parseFlags } from "../args.ts";
import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";
import { createProgress } from "../progress.ts";

/** The knowledge base name `--kb` defaults to (its id is `knowledgeBaseIdOf("docs")`). */
const DEFAULT_KB = "docs";

/** The chunking a strategy name stands for (Bedrock's defaults), or a full configuration as JSON. */
const STRATEGY_DEFAULTS: Record<string, ChunkingConfiguration> = {
  FIXED_SIZE: {
    chunkingStrategy: "FIXED_SIZE",
    fixedSizeChunkingConfiguration: { maxTokens: 300, overlapPercentage: 20 },
  },
  NONE: { chunkingStrategy: "NONE" },
  HIERARCHICAL: {
    chunkingStrategy: "HIERARCHICAL",
    hierarchicalChunkingConfiguration: {
      levelConfigurations: [{ maxTokens: 1500 }, { maxTokens: 300 }],
      overlapTokens: 60,
    },
  },
  SEMANTIC: {
    chunkingStrategy: "SEMANTIC",
    semanticChunkingConfiguration: { maxTokens: 300, bufferSize: 0, breakpointPercentileThreshold: 95 },
  },
};

/** `glassbox kb ingest | query | stats | list`: the local knowledge base from the command line. */
export async function kbCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout(HELP.kb);
    return sub ? 0 : 2;
  }
  switch (sub) {
    case "ingest":
      return ingest(rest, io);
    case "query":
      return query(rest, io);
    case "stats":
      return stats(rest, io);
    case "list":
      return list(rest, io);
    default:
      throw new UsageError(
        `unknown kb command "${sub}": expected ingest, query, stats or list (see glassbox kb --help)`,
      );
  }
}

function open(name: string | undefined, io: CliIO): LocalKnowledgeBase {
  const kbName = name ?? DEFAULT_KB;
  let path: string;
  try {
    path = knowledgeBasePath(kbName, io.env);
  } catch (error) {
    throw new UsageError(`--kb: ${(error as Error).message}`);
  }
  return openLocalKnowledgeBase({ path, id: kbName });
}

function jsonArgument(flag: string, value: string): unknown {
  const text = value.startsWith("@") ? readFileSync(value.slice(1), "utf8") : value;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${flag} expects JSON (or @file.json): ${(error as Error).message}`);
  }
}

function parseChunking(value: string | undefined): ChunkingConfiguration | undefined {
  if (value === undefined) return undefined;
  const preset = STRATEGY_DEFAULTS[value.toUpperCase()];
  if (preset) return preset;
  if (!value.trim().startsWith("{") && !value.startsWith("@")) {
    throw new UsageError(
      `--chunking expects FIXED_SIZE, NONE, HIERARCHICAL, SEMANTIC or a chunkingConfiguration JSON, got "${value}"`,
    );
  }
  const parsed = ChunkingConfigurationSchema.safeParse(jsonArgument("chunking", value));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--chunking: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return parsed.data;
}

async function ingest(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags("kb ingest", args, {
    help: { type: "boolean", short: "h" },
    kb: { type: "string" },
    chunking: { type: "string" },
    "data-source": { type: "string" },
    "source-uri-prefix": { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP.kb);
    return 0;
  }
  const [dir] = positionals;
  if (!dir || positionals.length > 1)
    throw new UsageError("kb ingest needs one folder, e.g. glassbox kb ingest ./docs --kb policies");
  const chunking = parseChunking(values.chunking);
  const kb = open(values.kb, io);
  try {
    const progress = createProgress({
      write: io.stderr,
      tty: Boolean(process.stderr.isTTY) && io.stderr !== undefined && !io.env.CI,
      label: "ingest",
    });
    let report: Awaited<ReturnType<LocalKnowledgeBase["ingestDirectory"]>>;
    try {
      report = await kb.ingestDirectory(dir, {
        ...(chunking ? { chunking } : {}),
        ...(values["data-source"] ? { dataSourceId: values["data-source"] } : {}),
        ...(values["source-uri-prefix"] ? { sourceUriPrefix: values["source-uri-prefix"] } : {}),
        onProgress: ({ done, total, path }) => progress.update(done, total, path),
      });
    } catch (error) {
      throw new UsageError(`kb ingest: ${(error as Error).message}`);
    } finally {
      progress.done();
    }
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ knowledgeBaseId: knowledgeBaseIdOf(kb.id), name: kb.id, ...report }, null, 2)}\n`,
      );
    } else {
      io.stdout(
        `${kb.id} (knowledge base id ${knowledgeBaseIdOf(kb.id)}): ${report.added} added · ${report.updated} updated · ${report.unchanged} unchanged · ${report.deleted} deleted · ${report.chunks} new chunks · ${Math.round(report.durationMs)} ms (${kb.store.path})\n`,
      );
      for (const skip of report.skipped) io.stderr(`skipped ${skip.path}: ${skip.reason}\n`);
      for (const fail of report.failed) io.stderr(`failed  ${fail.path}: ${fail.error}\n`);
    }
    return 0;
  } finally {
    kb.close();
  }
}

async function query(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags("kb query", args, {
    help: { type: "boolean", short: "h" },
    kb: { type: "string" },
    filter: { type: "string" },
    search: { type: "string" },
    k: { type: "string", short: "k" },
    json: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP.kb);
    return 0;
  }
  const text = positionals.join(" ").trim();
  if (!text)
    throw new UsageError('kb query needs a question, e.g. glassbox kb query "vacation days" --kb policies');
  const k = numberFlag("k", values.k, { min: 1, max: 100, integer: true }) ?? 5;
  const search = values.search?.toUpperCase();
  if (search !== undefined && search !== "HYBRID" && search !== "SEMANTIC") {
    throw new UsageError(`--search expects HYBRID or SEMANTIC, got "${values.search}"`);
  }
  let filter: RetrievalFilter | undefined;
  if (values.filter !== undefined) {
    const parsed = RetrievalFilterSchema.safeParse(jsonArgument("filter", values.filter));
    if (!parsed.success) {
      throw new UsageError(
        `--filter: ${parsed.error.issues[0]?.message} (e.g. {"equals":{"key":"department","value":"hr"}})`,
      );
    }
    filter = parsed.data;
  }
  const kb = open(values.kb, io);
  try {
    if (!kb.stats().chunks)
      throw new UsageError(`knowledge base "${kb.id}" is empty: run glassbox kb ingest <dir> --kb ${kb.id}`);
    const response = await kb.retrieve({
      retrievalQuery: { text },
      retrievalConfiguration: {
        vectorSearchConfiguration: {
          numberOfResults: k,
          ...(search ? { overrideSearchType: search } : {}),
          ...(filter ? { filter } : {}),
        },
      },
    });
    if (values.json) {
      io.stdout(`${JSON.stringify(response, null, 2)}\n`);
      return 0;
    }
    if (!response.retrievalResults.length) io.stdout("no results\n");
    response.retrievalResults.forEach((result, i) => {
      const uri = String(result.metadata?.[RESERVED_KEYS.sourceUri] ?? result.documentId ?? "");
      const page = result.metadata?.[RESERVED_KEYS.pageNumber];
      const snippet = (result.content.text ?? "").replace(/\s+/g, " ").slice(0, 160);
      io.stdout(
        `${i + 1}. ${(result.score ?? 0).toFixed(3)}  ${uri}${page ? ` (page ${page})` : ""}\n   ${snippet}${snippet.length === 160 ? "…" : ""}\n`,
      );
    });
    return 0;
  } finally {
    kb.close();
  }
}

async function stats(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags("kb stats", args, {
    help: { type: "boolean", short: "h" },
    kb: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP.kb);
    return 0;
  }
  const kb = open(values.kb, io);
  try {
    const info = { knowledgeBaseId: knowledgeBaseIdOf(kb.id), ...kb.stats() };
    if (values.json) {
      io.stdout(`${JSON.stringify(info, null, 2)}\n`);
      return 0;
    }
    io.stdout(
      `${info.id} (knowledge base id ${info.knowledgeBaseId}): ${info.documents} documents · ${info.chunks} chunks${info.parents ? ` · ${info.parents} parent chunks` : ""} · ${(info.bytes / 1024).toFixed(0)} KiB · embedder ${info.embedder}\n${info.path}\n`,
    );
    for (const source of info.dataSources) {
      io.stdout(
        `  data source ${source.id}: ${source.documents} documents · chunking ${source.chunking?.chunkingStrategy ?? "default"}\n`,
      );
    }
    return 0;
  } finally {
    kb.close();
  }
}

/** `glassbox kb list`: the knowledge bases in the folder, with the ids the local Bedrock serves them under. */
function list(args: string[], io: CliIO): number {
  const { values } = parseFlags("kb list", args, {
    help: { type: "boolean", short: "h" },
    json: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP.kb);
    return 0;
  }
  const rows = listKnowledgeBaseNames(io.env).map((name) => ({
    knowledgeBaseId: knowledgeBaseIdOf(name),
    name,
    path: knowledgeBasePath(name, io.env),
  }));
  if (values.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (!rows.length) io.stdout("no knowledge bases: glassbox kb ingest <dir> --kb <name> creates one\n");
  for (const row of rows) io.stdout(`${row.knowledgeBaseId}  ${row.name}  ${row.path}\n`);
  return 0;
}
