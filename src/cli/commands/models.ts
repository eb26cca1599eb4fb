import {
  CATALOG_INFO,
  type CatalogEntry,
  DEFAULT_MODEL_ID,
  MODEL_CATALOG,
  profileIdsOf,
} from "../../model/catalog.ts";
import { parseFlags } from "../args.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";

/** `glassbox models`: the catalogue: how Bedrock serves each model, its limits, features and list prices. */
export async function modelsCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags("models", args, {
    help: { type: "boolean", short: "h" },
    json: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP.models);
    return 0;
  }
  if (values.json) {
    io.stdout(`${JSON.stringify(catalogJson(), null, 2)}\n`);
    return 0;
  }
  const header = [
    "model id",
    "serving",
    "profiles",
    "window",
    "output",
    "input",
    "tool choice",
    "prompt cache",
    "reasoning",
    "features",
    "input/M",
    "output/M",
    "cache read/M",
  ];
  const rows = MODEL_CATALOG.map(row);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((cells) => (cells[i] ?? "").length)),
  );
  const line = (cells: string[]) =>
    `${cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd()}\n`;
  io.stdout(line(header));
  for (const cells of rows) io.stdout(line(cells));
  io.stdout(
    `\ndefault: ${DEFAULT_MODEL_ID}\n` +
      "serving: on-demand = the base id is invoked as is; profile only = call <profile>.<id> (us.anthropic.…), Bedrock refuses the base id\n" +
      "prompt cache: minimum tokens before a checkpoint caches, and TTLs; features: json = native structured output, count = CountTokens, cite = document citations, t|p = temperature or topP, not both\n" +
      `prices: USD per million tokens, on demand; catalogue as of ${CATALOG_INFO.asOf} (sources: glassbox models --json, docs/model-features.md)\n`,
  );
  return 0;
}

function row(entry: CatalogEntry): string[] {
  const price = (usd: number | undefined) => (usd === undefined ? "-" : `$${usd}`);
  return [
    entry.id,
    entry.onDemand ? "on-demand" : "profile only",
    entry.profiles.join(",") || "-",
    tokens(entry.contextWindow),
    tokens(entry.maxOutputTokens),
    entry.modalities.input.join(","),
    entry.tools ? entry.toolChoice.join(",") : "-",
    entry.caching ? `≥${entry.caching.minTokens} ${entry.caching.ttls.join("/")}` : "-",
    entry.reasoning?.style ?? "-",
    [
      entry.structuredOutput ? "json" : "",
      entry.countTokens ? "count" : "",
      entry.citations ? "cite" : "",
      entry.inference.temperatureTopPExclusive ? "t|p" : "",
    ]
      .filter(Boolean)
      .join(",") || "-",
    price(entry.price.input),
    price(entry.price.output),
    price(entry.price.cacheRead),
  ];
}

const tokens = (count: number) =>
  count >= 1_000_000 ? `${count / 1_000_000}M` : count % 1000 === 0 ? `${count / 1000}K` : String(count);

/** The catalogue as `--json` prints it: the data, each model's profile ids spelled out. */
function catalogJson() {
  return {
    asOf: CATALOG_INFO.asOf,
    sources: CATALOG_INFO.sources,
    defaultModelId: DEFAULT_MODEL_ID,
    models: MODEL_CATALOG.map(({ images, documents, video, ...entry }) => ({
      ...entry,
      profileIds: profileIdsOf(entry),
    })),
  };
}
