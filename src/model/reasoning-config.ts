import { z } from "zod";

/**
 * Extended thinking: a token budget (Anthropic Claude: `thinking.budget_tokens`, at least 1024) or an
 * effort level (Amazon Nova 2: `reasoningConfig.maxReasoningEffort`). Which one a model takes is in the
 * model catalogue; asking a model for the other is a config error.
 */
export const ReasoningConfigSchema = z.union([
  z
    .object({ budgetTokens: z.number().int().min(1024, "Bedrock's minimum thinking budget is 1024 tokens") })
    .strict(),
  z.object({ effort: z.enum(["low", "medium", "high"]) }).strict(),
]);
export type ReasoningConfig = z.infer<typeof ReasoningConfigSchema>;
