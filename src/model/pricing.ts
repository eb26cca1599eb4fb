import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ConfigError, parseWith } from "../config/config-error.ts";
import { findModel, type ModelPrice } from "./catalog.ts";
import { ModelPriceSchema } from "./catalog-schema.ts";
import { parseModelId } from "./model-id.ts";
import type { Usage } from "./usage.ts";

/** A price file: `{ "<model id>": { "input": 3, "output": 15 } }`. */
export const PriceFileSchema = z.record(z.string(), ModelPriceSchema);

/** The token price of a model, or why there is none (provisioned throughput is billed by the hour). */
export function priceFor(
  modelId: string,
  overrides?: Record<string, ModelPrice>,
): { price?: ModelPrice; billing: "on-demand" | "provisioned" | "unknown" } {
  const info = parseModelId(modelId);
  const override = overrides?.[modelId] ?? (info?.baseModelId ? overrides?.[info.baseModelId] : undefined);
  if (override) return { price: override, billing: "on-demand" };
  if (info?.kind === "provisioned-model") return { billing: "provisioned" };
  const entry = findModel(info?.baseModelId ?? modelId);
  return entry ? { price: entry.price, billing: "on-demand" } : { billing: "unknown" };
}

/** Cost in USD of a call's usage; cache reads and writes at their own rates, else the input rate. */
export function costOf(usage: Usage, price: ModelPrice): number {
  const perToken = (perMillion: number) => perMillion / 1_000_000;
  return roundUsd(
    usage.inputTokens * perToken(price.input) +
      usage.outputTokens * perToken(price.output) +
      usage.cacheReadInputTokens * perToken(price.cacheRead ?? price.input) +
      usage.cacheWriteInputTokens * perToken(price.cacheWrite ?? price.input),
  );
}

/**
 * A USD amount without binary float noise (`0.011286000000000001` → `0.011286`): rounded to a
 * billionth of a cent, far below any price's precision.
 */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e11) / 1e11;
}

/** Reads a price file; errors name the file and the field. */
export async function loadPriceFile(path: string): Promise<Record<string, ModelPrice>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`${path}: cannot read a JSON price file (${(error as Error).message})`);
  }
  return parseWith(PriceFileSchema, json, path);
}
