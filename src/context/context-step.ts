import { z } from "zod";
import { UsageSchema } from "../model/usage.ts";

/**
 * A context-management step: what was left out of (or summarised for) the model's view of the thread
 * before a model call, and why. The thread's stored messages are never rewritten; the step and a
 * marker message in the thread record what the model was shown instead.
 */
export const ContextStepSchema = z.object({
  kind: z.literal("context"),
  /** Which agent of a team took the step; absent for the agent whose run it is. */
  agent: z.string().optional(),
  /** The thought (model call) this prepared. */
  step: z.number().int().positive(),
  action: z.enum(["trim", "summarize"]),
  /** `proactive`: the view passed the manager's threshold; `overflow`: Bedrock refused it as too long. */
  trigger: z.enum(["proactive", "overflow"]),
  manager: z.string(),
  tokensBefore: z.number().int().nonnegative(),
  tokensAfter: z.number().int().nonnegative(),
  /** How the token counts were made: Bedrock's CountTokens or Glassbox's estimate. */
  counted: z.enum(["count_tokens", "estimate"]),
  contextWindow: z.number().int().positive(),
  /** Messages of the thread the model no longer sees (replaced by the summary, for `summarize`). */
  messagesOmitted: z.number().int().nonnegative(),
  /** Tool results shown shortened. */
  toolResultsTruncated: z.number().int().nonnegative(),
  /** The summariser's call, for `summarize`. */
  summaryModelId: z.string().optional(),
  usage: UsageSchema.optional(),
  costUsd: z.number().optional(),
  latencyMs: z.number(),
});
export type ContextStep = z.infer<typeof ContextStepSchema>;
