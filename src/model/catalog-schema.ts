import { z } from "zod";

/** Geographic and global cross-Region inference profile prefixes (`us.anthropic…`, `global.anthropic…`). */
export const INFERENCE_PROFILE_PREFIXES = ["us", "eu", "apac", "jp", "au", "ca", "us-gov", "global"] as const;
export const ProfilePrefixSchema = z.enum(INFERENCE_PROFILE_PREFIXES);
export type ProfilePrefix = z.infer<typeof ProfilePrefixSchema>;

const CacheTtlSchema = z.enum(["5m", "1h"]);

/** Explicit prompt caching (`cachePoint` blocks), as the Bedrock prompt-caching table lists it. */
export const CacheSupportSchema = z
  .object({
    /** Tokens a prompt prefix must reach before a checkpoint at its end is cached. */
    minTokens: z.number().int().positive(),
    /** At most this many checkpoints per request (4 on every supported model). */
    maxPoints: z.number().int().min(1).max(4),
    fields: z.array(z.enum(["tools", "system", "messages"])).min(1),
    /** Cache lifetimes the model accepts; the first is the default. */
    ttls: z.array(CacheTtlSchema).min(1),
    /** Whether a user turn holding tool results may carry a cache point (Nova refuses one there). */
    inToolTurns: z.boolean(),
  })
  .strict();

/**
 * How a model is asked to reason: Anthropic's `thinking.budget_tokens` (signed reasoning blocks that
 * must be replayed unchanged), or Nova 2's `reasoningConfig.maxReasoningEffort` (redacted reasoning).
 */
export const ReasoningSupportSchema = z.discriminatedUnion("style", [
  z
    .object({
      style: z.literal("budget"),
      minBudgetTokens: z.number().int().positive(),
      interleaved: z.boolean(),
    })
    .strict(),
  z
    .object({ style: z.literal("effort"), levels: z.array(z.enum(["low", "medium", "high"])).min(1) })
    .strict(),
]);

/** A price in USD per million tokens (the catalogue's, a price file's, `model.prices`). */
export const ModelPriceSchema = z
  .object({
    input: z.number().nonnegative(),
    output: z.number().nonnegative(),
    cacheRead: z.number().nonnegative().optional(),
    cacheWrite: z.number().nonnegative().optional(),
  })
  .strict();

const InputModality = z.enum(["text", "image", "document", "video", "audio"]);
const OutputModality = z.enum(["text", "image"]);

/** One foundation model as the catalogue describes it. */
export const ModelEntrySchema = z
  .object({
    /** The foundation model id (`anthropic.claude-sonnet-4-5-20250929-v1:0`). */
    id: z.string().regex(/^[a-z0-9-]{1,63}\.[a-z0-9.:-]{1,100}$/),
    name: z.string().min(1),
    provider: z.string().min(1),
    /**
     * Whether the base id may be invoked on demand (in at least one Region). `false`: Bedrock answers the
     * base id with "on-demand throughput isn't supported" and only the inference profiles serve it.
     */
    onDemand: z.boolean(),
    /** The system-defined cross-Region inference profiles that contain the model (`us` → `us.<id>`). */
    profiles: z.array(ProfilePrefixSchema),
    /** Input plus output tokens the model can hold. */
    contextWindow: z.number().int().positive(),
    /** The largest `inferenceConfig.maxTokens` the model accepts. */
    maxOutputTokens: z.number().int().positive(),
    /** Inference parameters the model refuses together. */
    inference: z.object({ temperatureTopPExclusive: z.boolean() }).strict(),
    modalities: z
      .object({ input: z.array(InputModality).min(1), output: z.array(OutputModality).min(1) })
      .strict(),
    /** Converse tool use (`toolConfig`). */
    tools: z.boolean(),
    /** Converse `toolChoice` values the model accepts. */
    toolChoice: z.array(z.enum(["auto", "any", "tool"])),
    caching: CacheSupportSchema.optional(),
    reasoning: ReasoningSupportSchema.optional(),
    /** Native structured output (`outputConfig.textFormat` JSON schema). */
    structuredOutput: z.boolean(),
    /** Converse citations from documents (`citations: { enabled: true }`). */
    citations: z.boolean(),
    /** Bedrock's CountTokens operation accepts the model. */
    countTokens: z.boolean(),
    /** On-demand list price in USD per million tokens (us-east-1, or the global profile where there is no in-Region price). */
    price: ModelPriceSchema,
    /** The AWS pages the entry comes from. */
    sources: z.array(z.url()).min(1),
  })
  .strict()
  .refine((entry) => entry.onDemand || entry.profiles.length > 0, {
    message: "a model that is not served on demand needs at least one inference profile",
    path: ["profiles"],
  })
  .refine((entry) => !entry.tools || entry.toolChoice.includes("auto"), {
    message: "a model with tool use accepts toolChoice auto",
    path: ["toolChoice"],
  });

/** The catalogue file: its date, the pages it was compiled from, and the models. */
export const CatalogSchema = z
  .object({
    /** The day the data was compiled from its sources. */
    asOf: z.iso.date(),
    sources: z.array(z.url()).min(1),
    models: z.array(ModelEntrySchema).min(1),
  })
  .strict()
  .refine((catalog) => new Set(catalog.models.map((model) => model.id)).size === catalog.models.length, {
    message: "model ids must be unique",
    path: ["models"],
  });

export type ModelEntry = z.output<typeof ModelEntrySchema>;
export type CatalogData = z.input<typeof CatalogSchema>;
export type ModelPrice = z.output<typeof ModelPriceSchema>;
export type CacheSupport = z.output<typeof CacheSupportSchema>;
export type ReasoningSupport = z.output<typeof ReasoningSupportSchema>;
