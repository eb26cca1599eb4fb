/**
 * Foundation models Glassbox knows by id: on-demand list prices in USD per million tokens and what each
 * model can do on the Converse API (context window, prompt caching, reasoning, structured output,
 * CountTokens, files). Prices are Bedrock's published on-demand prices for us-east-1 as of 2026; they are
 * defaults for cost attribution, and a price file given in the config overrides them. Capabilities come
 * from the Bedrock user guide (prompt caching's supported-models table, extended thinking, structured
 * outputs, CountTokens); `docs/model-features.md` lists the sources. Models Glassbox does not know (a
 * provisioned-throughput or custom-model ARN) get their capabilities from `model.capabilities`.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** Where a Converse request may carry a `cachePoint`. */
export type CacheField = "tools" | "system" | "messages";
export type CacheTtl = "5m" | "1h";

/** Explicit prompt caching (`cachePoint` blocks), as the Bedrock prompt-caching table lists it. */
export interface CacheSupport {
  /** Tokens a prompt prefix must reach before a checkpoint at its end is cached. */
  minTokens: number;
  /** At most this many checkpoints per request (4 on every supported model). */
  maxPoints: number;
  fields: readonly CacheField[];
  /** Cache lifetimes the model accepts; the first is the default. */
  ttls: readonly CacheTtl[];
  /** Whether a user turn holding tool results may carry a cache point (Nova refuses one there). */
  inToolTurns: boolean;
}

export type ReasoningEffort = "low" | "medium" | "high";

/**
 * How a model is asked to reason: Anthropic's `thinking.budget_tokens` (signed reasoning blocks that
 * must be replayed unchanged), or Nova 2's `reasoningConfig.maxReasoningEffort` (redacted reasoning).
 */
export type ReasoningSupport =
  | { style: "budget"; minBudgetTokens: number; interleaved: boolean }
  | { style: "effort"; levels: readonly ReasoningEffort[] };

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
  /** Converse citations from documents (`citations: { enabled: true }`). */
  citations: boolean;
}

export interface CatalogEntry extends ModelCapabilities {
  id: string;
  provider: string;
  price: ModelPrice;
}

const CLAUDE_CACHE = (minTokens: number, ttls: readonly CacheTtl[] = ["5m"]): CacheSupport => ({
  minTokens,
  maxPoints: 4,
  fields: ["tools", "system", "messages"],
  ttls,
  inToolTurns: true,
});
const NOVA_CACHE: CacheSupport = {
  minTokens: 1000,
  maxPoints: 4,
  fields: ["system", "messages"],
  ttls: ["5m"],
  inToolTurns: false,
};
const THINKING = (interleaved: boolean): ReasoningSupport => ({
  style: "budget",
  minBudgetTokens: 1024,
  interleaved,
});

const claude = (
  id: string,
  price: ModelPrice,
  capabilities: Partial<ModelCapabilities> & Pick<ModelCapabilities, "maxOutputTokens">,
): CatalogEntry => ({
  id,
  provider: "anthropic",
  price,
  contextWindow: 200_000,
  toolChoice: ["auto", "any", "tool"],
  structuredOutput: false,
  countTokens: true,
  images: true,
  documents: true,
  citations: true,
  ...capabilities,
});

const nova = (id: string, price: ModelPrice, capabilities: Partial<ModelCapabilities>): CatalogEntry => ({
  id,
  provider: "amazon",
  price,
  contextWindow: 300_000,
  maxOutputTokens: 10_000,
  toolChoice: ["auto", "any", "tool"],
  caching: NOVA_CACHE,
  structuredOutput: false,
  countTokens: false,
  images: true,
  documents: true,
  citations: false,
  ...capabilities,
});

export const MODEL_CATALOG: readonly CatalogEntry[] = [
  claude(
    "anthropic.claude-sonnet-4-5-20250929-v1:0",
    { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    {
      maxOutputTokens: 64_000,
      caching: CLAUDE_CACHE(1024, ["5m", "1h"]),
      reasoning: THINKING(true),
      structuredOutput: true,
    },
  ),
  claude(
    "anthropic.claude-sonnet-4-20250514-v1:0",
    { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    { maxOutputTokens: 64_000, caching: CLAUDE_CACHE(1024), reasoning: THINKING(true) },
  ),
  claude(
    "anthropic.claude-haiku-4-5-20251001-v1:0",
    { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
    {
      maxOutputTokens: 64_000,
      caching: CLAUDE_CACHE(4096, ["5m", "1h"]),
      reasoning: THINKING(true),
      structuredOutput: true,
    },
  ),
  claude(
    "anthropic.claude-opus-4-5-20251101-v1:0",
    { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
    {
      maxOutputTokens: 64_000,
      caching: CLAUDE_CACHE(4096, ["5m", "1h"]),
      reasoning: THINKING(true),
      structuredOutput: true,
    },
  ),
  claude(
    "anthropic.claude-opus-4-1-20250805-v1:0",
    { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
    { maxOutputTokens: 32_000, caching: CLAUDE_CACHE(1024), reasoning: THINKING(true) },
  ),
  claude(
    "anthropic.claude-3-7-sonnet-20250219-v1:0",
    { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    { maxOutputTokens: 64_000, caching: CLAUDE_CACHE(1024), reasoning: THINKING(false) },
  ),
  claude(
    "anthropic.claude-3-5-haiku-20241022-v1:0",
    { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
    { maxOutputTokens: 8192, caching: CLAUDE_CACHE(2048), images: false },
  ),
  claude(
    "anthropic.claude-3-haiku-20240307-v1:0",
    { input: 0.25, output: 1.25 },
    { maxOutputTokens: 4096, countTokens: false, citations: false },
  ),
  nova(
    "amazon.nova-2-lite-v1:0",
    { input: 0.33, output: 2.75 },
    {
      contextWindow: 1_000_000,
      maxOutputTokens: 64_000,
      reasoning: { style: "effort", levels: ["low", "medium", "high"] },
    },
  ),
  nova("amazon.nova-premier-v1:0", { input: 2.5, output: 12.5 }, { contextWindow: 1_000_000 }),
  nova("amazon.nova-pro-v1:0", { input: 0.8, output: 3.2, cacheRead: 0.2 }, {}),
  nova("amazon.nova-lite-v1:0", { input: 0.06, output: 0.24, cacheRead: 0.015 }, {}),
  nova(
    "amazon.nova-micro-v1:0",
    { input: 0.035, output: 0.14, cacheRead: 0.00875 },
    { contextWindow: 128_000, images: false, documents: false },
  ),
  {
    id: "meta.llama3-3-70b-instruct-v1:0",
    provider: "meta",
    price: { input: 0.72, output: 0.72 },
    contextWindow: 128_000,
    maxOutputTokens: 8192,
    toolChoice: ["auto"],
    structuredOutput: false,
    countTokens: false,
    images: false,
    documents: true,
    citations: false,
  },
  {
    id: "mistral.mistral-large-2407-v1:0",
    provider: "mistral",
    price: { input: 2, output: 6 },
    contextWindow: 128_000,
    maxOutputTokens: 8192,
    toolChoice: ["auto", "any"],
    structuredOutput: false,
    countTokens: false,
    images: false,
    documents: true,
    citations: false,
  },
];

/** The model the CLI and `createAgent` use when none is given. */
export const DEFAULT_MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

/** Cross-region inference profile prefixes (`us.anthropic...`). */
export const INFERENCE_PROFILE_PREFIXES = ["us", "eu", "apac", "us-gov", "ca", "jp", "au", "global"] as const;

const BY_ID = new Map(MODEL_CATALOG.map((entry) => [entry.id, entry]));
const PROFILE_PREFIX = new RegExp(`^(?:${INFERENCE_PROFILE_PREFIXES.join("|")})\\.`);

/** The foundation model id behind an id that may carry a cross-region inference profile prefix. */
export function baseModelId(modelId: string): string {
  return modelId.replace(PROFILE_PREFIX, "");
}

/** The catalogue entry for a foundation model id or inference profile id, if Glassbox knows the model. */
export function findModel(modelId: string): CatalogEntry | undefined {
  return BY_ID.get(baseModelId(modelId));
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
  citations: false,
};

/** The capabilities of a model: its catalogue entry with the given overrides on top. */
export function capabilitiesOf(modelId: string, overrides?: Partial<ModelCapabilities>): ModelCapabilities {
  const known = findModel(modelId);
  const base: ModelCapabilities = known ?? UNKNOWN_MODEL;
  return overrides ? { ...base, ...overrides } : base;
}
