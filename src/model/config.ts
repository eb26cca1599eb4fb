import { z } from "zod";
import { parseWith } from "../config/config-error.ts";
import { CachePolicySchema } from "./cache-policy.ts";
import { CapabilitiesOverrideSchema } from "./capabilities-schema.ts";
import { DEFAULT_MODEL_ID } from "./catalog.ts";
import { ModelPriceSchema } from "./catalog-schema.ts";
import { checkModelChoice } from "./check-model-choice.ts";
import { HttpSettingsSchema } from "./http-pool.ts";
import { ModelIdSchema } from "./model-id.ts";
import { ReasoningConfigSchema } from "./reasoning-config.ts";
import { InferenceConfigSchema, RequestMetadataSchema } from "./request-fields.ts";
import { RetryPolicySchema } from "./retry.ts";

const STATIC_KEYS = ["accessKeyId", "secretAccessKey", "sessionToken", "credentials"];
const NO_STATIC_KEYS =
  "static AWS keys are not accepted in config: use the default credential chain (AWS_PROFILE, SSO, instance/role credentials)";

const ModelConfigObject = z
  .object({
    modelId: ModelIdSchema.default(DEFAULT_MODEL_ID),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, "expected an AWS region such as us-east-1")
      .optional(),
    endpoint: z
      .url({ protocol: /^https?$/, error: "expected an http(s) URL such as http://127.0.0.1:4010" })
      .optional(),
    profile: z.string().min(1).optional(),
    streaming: z.boolean().default(true),
    inferenceConfig: InferenceConfigSchema.optional(),
    toolChoice: z.union([z.enum(["auto", "any"]), z.object({ tool: z.string().min(1) }).strict()]).optional(),
    additionalModelRequestFields: z.record(z.string(), z.unknown()).optional(),
    requestMetadata: RequestMetadataSchema.optional(),
    performanceConfig: z
      .object({ latency: z.enum(["standard", "optimized"]) })
      .strict()
      .optional(),
    serviceTier: z.enum(["priority", "default", "flex", "reserved"]).optional(),
    guardrailConfig: z
      .object({
        guardrailIdentifier: z.string().min(1),
        guardrailVersion: z.string().min(1),
        trace: z.enum(["enabled", "disabled", "enabled_full"]).optional(),
      })
      .strict()
      .optional(),
    trafficSplit: z
      .array(z.object({ modelId: ModelIdSchema, weight: z.number().positive() }).strict())
      .min(2, "a traffic split needs at least two models")
      .optional(),
    retry: RetryPolicySchema.partial().optional(),
    prices: z.record(z.string(), ModelPriceSchema).optional(),
    /** A whole Converse response, from when the request has a socket (default 600,000: 10 min). */
    requestTimeoutMs: z.number().int().positive().optional(),
    /** Prompt caching: `"auto"`, `"off"` (the default) or which cache points to place and their TTLs. */
    cache: CachePolicySchema.optional(),
    /** Extended thinking: `{ budgetTokens }` (Claude) or `{ effort }` (Nova 2). */
    reasoning: ReasoningConfigSchema.optional(),
    /** What the model can do, over the catalogue's entry (required for models the catalogue lacks). */
    capabilities: CapabilitiesOverrideSchema.optional(),
    /** Silence allowed in a ConverseStream, before the first byte and between two (default 120,000). */
    streamIdleTimeoutMs: z.number().int().positive().optional(),
    /** The client's socket pool: `maxSockets`, `connectTimeoutMs`, `keepAliveMs`. */
    http: HttpSettingsSchema.partial().optional(),
    /** The process-wide adaptive rate per endpoint, region and model (default true). */
    adaptiveRate: z.boolean().optional(),
  })
  .strict();

/** The model config: which model, where, how to call it, how to retry and what it costs. */
export const ModelConfigSchema = z.preprocess((input, ctx) => {
  if (input && typeof input === "object") {
    for (const key of STATIC_KEYS.filter((name) => name in input)) {
      ctx.addIssue({ code: "custom", message: NO_STATIC_KEYS, path: [key] });
    }
  }
  return input;
}, ModelConfigObject);

export type ModelConfig = z.output<typeof ModelConfigObject>;
export type ModelConfigInput = z.input<typeof ModelConfigObject>;

/**
 * Validates a model config; a ConfigError names each bad field (`model.inferenceConfig.temperature: ...`),
 * including a model choice Bedrock would refuse (a profile-only model's base id, maxTokens over its limit).
 */
export function parseModelConfig(input: unknown, source = "model"): ModelConfig {
  const config = parseWith(ModelConfigSchema, input, source) as ModelConfig;
  checkModelChoice(config);
  return config;
}
