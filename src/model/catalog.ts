/**
 * Foundation models Glassbox knows by id, with on-demand list prices in USD per million tokens.
 * Prices are Bedrock's published on-demand prices for us-east-1 as of 2026; they are defaults for cost
 * attribution, and a price file given in the config overrides them.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface CatalogEntry {
  id: string;
  provider: string;
  /** Converse `toolChoice` values the model accepts. */
  toolChoice: ReadonlyArray<"auto" | "any" | "tool">;
  price: ModelPrice;
}

const claude = (id: string, price: ModelPrice): CatalogEntry => ({
  id,
  provider: "anthropic",
  toolChoice: ["auto", "any", "tool"],
  price,
});

export const MODEL_CATALOG: readonly CatalogEntry[] = [
  claude("anthropic.claude-sonnet-4-5-20250929-v1:0", {
    input: 3,
    output: 15,
    cacheRead: 0.3,
    cacheWrite: 3.75,
  }),
  claude("anthropic.claude-sonnet-4-20250514-v1:0", {
    input: 3,
    output: 15,
    cacheRead: 0.3,
    cacheWrite: 3.75,
  }),
  claude("anthropic.claude-haiku-4-5-20251001-v1:0", {
    input: 1,
    output: 5,
    cacheRead: 0.1,
    cacheWrite: 1.25,
  }),
  claude("anthropic.claude-opus-4-1-20250805-v1:0", {
    input: 15,
    output: 75,
    cacheRead: 1.5,
    cacheWrite: 18.75,
  }),
  claude("anthropic.claude-3-7-sonnet-20250219-v1:0", {
    input: 3,
    output: 15,
    cacheRead: 0.3,
    cacheWrite: 3.75,
  }),
  claude("anthropic.claude-3-5-haiku-20241022-v1:0", {
    input: 0.8,
    output: 4,
    cacheRead: 0.08,
    cacheWrite: 1,
  }),
  claude("anthropic.claude-3-haiku-20240307-v1:0", { input: 0.25, output: 1.25 }),
  {
    id: "amazon.nova-premier-v1:0",
    provider: "amazon",
    toolChoice: ["auto", "any", "tool"],
    price: { input: 2.5, output: 12.5 },
  },
  {
    id: "amazon.nova-pro-v1:0",
    provider: "amazon",
    toolChoice: ["auto", "any", "tool"],
    price: { input: 0.8, output: 3.2, cacheRead: 0.2 },
  },
  {
    id: "amazon.nova-lite-v1:0",
    provider: "amazon",
    toolChoice: ["auto", "any", "tool"],
    price: { input: 0.06, output: 0.24, cacheRead: 0.015 },
  },
  {
    id: "amazon.nova-micro-v1:0",
    provider: "amazon",
    toolChoice: ["auto", "any", "tool"],
    price: { input: 0.035, output: 0.14, cacheRead: 0.00875 },
  },
  {
    id: "meta.llama3-3-70b-instruct-v1:0",
    provider: "meta",
    toolChoice: ["auto"],
    price: { input: 0.72, output: 0.72 },
  },
  {
    id: "mistral.mistral-large-2407-v1:0",
    provider: "mistral",
    toolChoice: ["auto", "any"],
    price: { input: 2, output: 6 },
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
