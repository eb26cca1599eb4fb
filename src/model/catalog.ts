/**
 * Foundation models Glassbox knows by id (the data is `catalog-data.ts`, validated here once): whether
 * Bedrock serves each on demand or only through inference profiles and which profiles exist, context
 * window, output limit, inference parameters it refuses together, modalities, Converse features, and
 * on-demand list prices in USD per million tokens (defaults for cost attribution; a price file given in
 * the config overrides them). `docs/model-features.md` lists the sources and date. Models Glassbox does
 * not know (a provisioned-throughput or custom-model ARN) get their capabilities from `model.capabilities`.
 */
import { CATALOG_DATA } from "./catalog-data.ts";
import {
  type CacheSupport,
  CatalogSchema,
  INFERENCE_PROFILE_PREFIXES,
  type ModelEntry,
  type ProfilePrefix,
  type ReasoningSupport,
} from "./catalog-schema.ts";

export type {
  CacheSupport,
  ModelEntry,
  ModelPrice,
  ProfilePrefix,
  ReasoningSupport,
} from "./catalog-schema.ts";
export { INFERENCE_PROFILE_PREFIXES };

/** Where a Converse request may carry a `cachePoint`. */
export type CacheField = "tools" | "system" | "messages";
export type CacheTtl = "5m" | "1h";
export type ReasoningEffort = "low" | "medium" | "high";

/** What a model accepts and how much of it. */
export interface ModelCapabilities {
  /** Input plus output tokens the model can hold. */
  contextWindow: number;
  maxOutputTokens: number;
  /** Converse `toolChoice` values the model accepts. */
  toolChoice: ReadonlyArray<"auto" | "any" | "tool">;
  caching?: CacheSupport;
  reasoning?: ReasoningSupport;
  /** Native structured output (`outputConfig.textFormat` JSON schema). */
  structuredOutput: boolean;
  /** Bedrock's CountTokens operation accepts the model. */
  countTokens: boolean;
  images: boolean;
  documents: boolean;
  /** Video blocks (`video`) in user messages. */
  video?: boolean;
  /** Converse citations from documents (`citations: { enabled: true }`). */
  citations: boolean;
}

/** A catalogue entry: the model's data with its capabilities spelled out. */
export type CatalogEntry = ModelEntry & ModelCapabilities;

const parsed = CatalogSchema.parse(CATALOG_DATA);

const toEntry = (model: ModelEntry): CatalogEntry => ({
  ...model,
  images: model.modalities.input.includes("image"),
  documents: model.modalities.input.includes("document"),
  video: model.modalities.input.includes("video"),
});

/** Every model in the catalogue. */
export const MODEL_CATALOG: readonly CatalogEntry[] = parsed.models.map(toEntry);

/** The catalogue's date and the AWS pages it was compiled from. */
export const CATALOG_INFO: { asOf: string; sources: readonly string[] } = {
  asOf: parsed.asOf,
  sources: parsed.sources,
};

/** The model the CLI and `createAgent` use when none is given. */
export const DEFAULT_MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

const BY_ID = new Map(MODEL_CATALOG.map((entry) => [entry.id, entry]));
const PROFILE_PREFIX = new RegExp(`^(?:${INFERENCE_PROFILE_PREFIXES.join("|")})\\.`);

/** The foundation model id behind an id that may carry a cross-region inference profile prefix. */
export function baseModelId(modelId: string): string {
  return modelId.replace(PROFILE_PREFIX, "");
}

/** The inference profile prefix of an id (`us` for `us.anthropic…`), if it has one. */
export function profilePrefixOf(modelId: string): ProfilePrefix | undefined {
  return PROFILE_PREFIX.exec(modelId)?.[0].slice(0, -1) as ProfilePrefix | undefined;
}

/** The catalogue entry for a foundation model id or inference profile id, if Glassbox knows the model. */
export function findModel(modelId: string): CatalogEntry | undefined {
  return BY_ID.get(baseModelId(modelId));
}

/** The system-defined inference profile ids that contain a model (`us.anthropic…`, `global.anthropic…`). */
export function profileIdsOf(entry: Pick<ModelEntry, "id" | "profiles">): string[] {
  return entry.profiles.map((prefix) => `${prefix}.${entry.id}`);
}

/**
 * What a model can do when nothing is known about it (a provisioned or custom model without
 * `model.capabilities`): a 200K window and none of the optional features, so nothing is sent that
 * the model might refuse.
 */
export const UNKNOWN_MODEL: ModelCapabilities = {
  contextWindow: 200_000,
  maxOutputTokens: 4096,
  toolChoice: ["auto", "any", "tool"],
  structuredOutput: false,
  countTokens: false,
  images: false,
  documents: false,
  video: false,
  citations: false,
};

/** The capabilities of a model: its catalogue entry with the given overrides on top. */
export function capabilitiesOf(modelId: string, overrides?: Partial<ModelCapabilities>): ModelCapabilities {
  const known = findModel(modelId);
  const base: ModelCapabilities = known ?? UNKNOWN_MODEL;
  return overrides ? { ...base, ...overrides } : base;
}
