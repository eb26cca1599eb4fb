import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ConfigError, parseWith } from "../config/config-error.ts";
import { PII_ENTITY_TYPES } from "./pii/entity-types.ts";
import { regexProblem } from "./regex-safety.ts";

/**
 * The guardrail config: exactly the `CreateGuardrail` request of the Bedrock control plane, with its
 * limits (bedrock service model). A file that validates here can be sent to `CreateGuardrail` unchanged.
 */

const text = (min: number, max: number) =>
  z.string().min(min, `expected at least ${min} character(s)`).max(max, `expected at most ${max} characters`);
const list = <T extends z.ZodType>(item: T, min: number, max?: number) => {
  const base = z.array(item).min(min, `expected at least ${min} item(s)`);
  return max === undefined ? base : base.max(max, `expected at most ${max} items`);
};

const BlockOrNone = z.enum(["BLOCK", "NONE"]);
export const FilterStrengthSchema = z.enum(["NONE", "LOW", "MEDIUM", "HIGH"]);
export const ContentFilterTypeSchema = z.enum([
  "SEXUAL",
  "VIOLENCE",
  "HATE",
  "INSULTS",
  "MISCONDUCT",
  "PROMPT_ATTACK",
]);
export const PiiEntityTypeSchema = z.enum(PII_ENTITY_TYPES);
export const SensitiveActionSchema = z.enum(["BLOCK", "ANONYMIZE", "NONE"]);
const Modalities = list(z.enum(["TEXT", "IMAGE"]), 1, 2);

const directions = <A extends z.ZodType>(action: A) => ({
  inputAction: action.optional(),
  outputAction: action.optional(),
  inputEnabled: z.boolean().optional(),
  outputEnabled: z.boolean().optional(),
});

const TopicSchema = z
  .object({
    name: text(1, 100).regex(/^[0-9a-zA-Z-_ !?.]+$/, "expected only letters, digits, spaces and -_!?."),
    definition: text(1, 200),
    examples: list(text(1, 100), 0, 5).optional(),
    type: z.literal("DENY"),
    ...directions(BlockOrNone),
  })
  .strict();

const ContentFilterSchema = z
  .object({
    type: ContentFilterTypeSchema,
    inputStrength: FilterStrengthSchema,
    outputStrength: FilterStrengthSchema,
    inputModalities: Modalities.optional(),
    outputModalities: Modalities.optional(),
    ...directions(BlockOrNone),
  })
  .strict();

const Tier = z.object({ tierName: z.enum(["CLASSIC", "STANDARD"]) }).strict();

const WordSchema = z.object({ text: text(1, 100), ...directions(BlockOrNone) }).strict();
const ManagedWordsSchema = z.object({ type: z.literal("PROFANITY"), ...directions(BlockOrNone) }).strict();

const PiiEntitySchema = z
  .object({ type: PiiEntityTypeSchema, action: SensitiveActionSchema, ...directions(SensitiveActionSchema) })
  .strict();

const RegexSchema = z
  .object({
    name: text(1, 100),
    description: text(1, 1000).optional(),
    pattern: text(1, 500),
    action: SensitiveActionSchema,
    ...directions(SensitiveActionSchema),
  })
  .strict();

const GroundingFilterSchema = z
  .object({
    type: z.enum(["GROUNDING", "RELEVANCE"]),
    threshold: z.number().min(0, "expected a threshold ≥ 0").max(0.99, "expected a threshold ≤ 0.99"),
    action: BlockOrNone.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

/** The `CreateGuardrail` request body, validated with Bedrock's limits. */
export const GuardrailConfigSchema = z
  .object({
    name: text(1, 50).regex(/^[0-9a-zA-Z-_]+$/, "expected only letters, digits, - and _"),
    description: text(1, 200).optional(),
    topicPolicyConfig: z
      .object({ topicsConfig: list(TopicSchema, 1, 30), tierConfig: Tier.optional() })
      .strict()
      .optional(),
    contentPolicyConfig: z
      .object({ filtersConfig: list(ContentFilterSchema, 1, 6), tierConfig: Tier.optional() })
      .strict()
      .optional(),
    wordPolicyConfig: z
      .object({
        wordsConfig: list(WordSchema, 1, 10_000).optional(),
        managedWordListsConfig: list(ManagedWordsSchema, 1, 1).optional(),
      })
      .strict()
      .optional(),
    sensitiveInformationPolicyConfig: z
      .object({
        piiEntitiesConfig: list(PiiEntitySchema, 1).optional(),
        regexesConfig: list(RegexSchema, 1, 10).optional(),
      })
      .strict()
      .optional(),
    contextualGroundingPolicyConfig: z
      .object({ filtersConfig: list(GroundingFilterSchema, 1, 2) })
      .strict()
      .optional(),
    automatedReasoningPolicyConfig: z
      .object({
        policies: list(z.string().min(1).max(2048), 1, 2),
        confidenceThreshold: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
    crossRegionConfig: z
      .object({ guardrailProfileIdentifier: text(15, 2048) })
      .strict()
      .optional(),
    blockedInputMessaging: text(1, 500),
    blockedOutputsMessaging: text(1, 500),
    kmsKeyId: text(1, 2048).optional(),
    tags: list(z.object({ key: text(1, 128), value: text(0, 256) }).strict(), 0, 200).optional(),
    clientRequestToken: text(1, 256).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const filters = config.contentPolicyConfig?.filtersConfig ?? [];
    filters.forEach((filter, index) => {
      if (filters.findIndex((other) => other.type === filter.type) !== index) {
        ctx.addIssue({
          code: "custom",
          path: ["contentPolicyConfig", "filtersConfig", index, "type"],
          message: `${filter.type} is configured twice; expected each filter type once`,
        });
      }
      if (filter.type === "PROMPT_ATTACK" && filter.outputStrength !== "NONE") {
        ctx.addIssue({
          code: "custom",
          path: ["contentPolicyConfig", "filtersConfig", index, "outputStrength"],
          message: "PROMPT_ATTACK applies to input only; expected outputStrength NONE",
        });
      }
    });
    config.sensitiveInformationPolicyConfig?.regexesConfig?.forEach((regex, index) => {
      const path = ["sensitiveInformationPolicyConfig", "regexesConfig", index, "pattern"];
      const problem = regexProblem(regex.pattern);
      if (problem) ctx.addIssue({ code: "custom", path, message: problem });
    });
  });

/** A guardrail config: the `CreateGuardrail` JSON. */
export type GuardrailConfig = z.infer<typeof GuardrailConfigSchema>;
export type ContentFilterType = z.infer<typeof ContentFilterTypeSchema>;
export type FilterStrength = z.infer<typeof FilterStrengthSchema>;
export type SensitiveAction = z.infer<typeof SensitiveActionSchema>;

/** Validates a guardrail config; the error names each bad field and the limit it broke. */
export function parseGuardrailConfig(input: unknown, source = "guardrail"): GuardrailConfig {
  return parseWith(GuardrailConfigSchema, input, source);
}

/** Reads and validates a guardrail config file (the `CreateGuardrail` JSON). */
export async function loadGuardrailConfig(path: string): Promise<GuardrailConfig> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(
      `${path}: cannot read the guardrail config (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseGuardrailConfig(json, path);
}
