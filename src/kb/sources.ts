import type { Source } from "../graph/state.ts";
import { RESERVED_KEYS } from "./metadata.ts";
import type { RetrievalResult } from "./retriever.ts";

/** The label a passage gets in the prompt and in citation markers: S1, S2, ... across the run. */
export function sourceLabel(index: number): string {
  return `S${index + 1}`;
}

/** Retrieve results as the run's sources, numbered after the `already` sources the run has. */
export function toSources(results: RetrievalResult[], dataSourceId: string, already: number): Source[] {
  return results.map((result, i) => ({
    id: sourceLabel(already + i),
    text: result.content.text ?? "",
    ...(result.location ? { location: result.location as Record<string, unknown> } : {}),
    ...(result.metadata ? { metadata: result.metadata } : {}),
    ...(result.score !== undefined ? { score: result.score } : {}),
    dataSourceId,
  }));
}

/** Where a source came from, for people: its source URI, else its location, else its id. */
export function sourceTitle(source: Source): string {
  const uri = source.metadata?.[RESERVED_KEYS.sourceUri];
  if (typeof uri === "string") return uri.replace(/^file:\/\/.*\/(?=[^/]+$)/, "");
  const location = source.location as
    | { s3Location?: { uri?: string }; webLocation?: { url?: string } }
    | undefined;
  return location?.s3Location?.uri ?? location?.webLocation?.url ?? source.id;
}

/** The chunk id Bedrock put in a source's metadata, if any. */
export function chunkIdOf(source: Source): string | undefined {
  const id = source.metadata?.[RESERVED_KEYS.chunkId];
  return typeof id === "string" ? id : undefined;
}
