import { DEFAULT_MODEL_ID, MODEL_CATALOG } from "../../model/catalog.ts";
import { parseFlags } from "../args.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";

/** `glassbox models`: the catalogue with list prices and what each model can do. */
export async function modelsCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags("models", args, { help: { type: "boolean", short: "h" } });
  if (values.help) {
    io.stdout(HELP.models);
    return 0;
  }
  const rows = MODEL_CATALOG.map((entry) => [
    entry.id,
    entry.toolChoice.join(","),
    `$${entry.price.input}`,
    `$${entry.price.output}`,
    entry.price.cacheRead === undefined ? "-" : `$${entry.price.cacheRead}`,
    `${entry.contextWindow / 1000}K`,
    entry.caching ? `≥${entry.caching.minTokens} ${entry.caching.ttls.join("/")}` : "-",
    entry.reasoning ? (entry.reasoning.style === "budget" ? "budget" : "effort") : "-",
    [entry.structuredOutput ? "json" : "", entry.countTokens ? "count" : "", entry.citations ? "cite" : ""]
      .filter(Boolean)
      .join(",") || "-",
  ]);
  const header = [
    "model id",
    "tool choice",
    "input/M",
    "output/M",
    "cache read/M",
    "window",
    "prompt cache",
    "reasoning",
    "features",
  ];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: string[]) => `${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")}\n`;
  io.stdout(line(header));
  for (const row of rows) io.stdout(line(row));
  io.stdout(
    `\ndefault: ${DEFAULT_MODEL_ID} (cross-region profiles us., eu., apac., global. price as their base model)\n` +
      "prompt cache: minimum tokens before a checkpoint caches, and TTLs; features: json = native structured output, count = CountTokens, cite = document citations\n",
  );
  return 0;
}
