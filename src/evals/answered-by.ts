import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { ResultRow } from "./result-row.ts";

/** Which endpoint and which models answered a run's rows. */
export interface AnsweredBy {
  /** `Amazon Bedrock us-east-1`, `local Bedrock (in-process)`, or the endpoint URL. */
  endpoint: string;
  /** Model id → rows it answered (cached rows count for the model that made them). */
  models: Record<string, number>;
}

/**
 * Names the endpoint that answers a run: the label given (the CLI's in-process local Bedrock), the
 * endpoint URL, or Amazon Bedrock and the region the client resolved. It is part of every cache key.
 */
export async function endpointLabel(options: {
  label?: string;
  endpoint?: string;
  client: BedrockRuntimeClient;
}): Promise<string> {
  if (options.label) return options.label;
  if (options.endpoint) return options.endpoint.replace(/\/+$/, "");
  const region = await options.client.config.region().catch(() => undefined);
  return `Amazon Bedrock ${region ?? "(region unresolved)"}`;
}

/** The models that answered `rows`, with how many rows each answered. */
export function modelsOf(rows: readonly ResultRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) if (row.modelId) counts[row.modelId] = (counts[row.modelId] ?? 0) + 1;
  return counts;
}

/** The answering model of a target output: the model of its last thought, else the configured one. */
export function answeringModel(steps: unknown, fallback: string): string {
  const thoughts = Array.isArray(steps)
    ? (steps as Array<{ kind?: string; modelId?: string }>).filter((step) => step.kind === "thought")
    : [];
  return thoughts.at(-1)?.modelId ?? fallback;
}

/** One line for people: `answered by <endpoint> · <model> (n rows) · k of n rows from the cache`. */
export function formatAnsweredBy(
  answeredBy: AnsweredBy | undefined,
  cachedRows: number,
  rows: number,
): string {
  if (!answeredBy) return "answered by: not recorded";
  const models = Object.entries(answeredBy.models)
    .map(([id, n]) => (Object.keys(answeredBy.models).length > 1 ? `${id} (${n})` : id))
    .join(", ");
  return `answered by ${answeredBy.endpoint} · ${models || "no model"} · ${cachedRows} of ${rows} rows from the cache`;
}
