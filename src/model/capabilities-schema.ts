import { z } from "zod";

const Ttl = z.enum(["5m", "1h"]);

/**
 * `model.capabilities`: what the configured model can do, for models the catalogue does not know (a
 * provisioned-throughput, custom-model or application-inference-profile ARN) or to narrow a known one
 * (a smaller context window agreed for a tenant). Each field replaces the catalogue's.
 */
export const CapabilitiesOverrideSchema = z
  .object({
    contextWindow: z.number().int().positive().optional(),
    maxOutputTokens: z.number().int().positive().optional(),
    toolChoice: z
      .array(z.enum(["auto", "any", "tool"]))
      .min(1)
      .optional(),
    caching: z
      .object({
        minTokens: z.number().int().positive(),
        maxPoints: z.number().int().min(1).max(4).default(4),
        fields: z.array(z.enum(["tools", "system", "messages"])).min(1),
        ttls: z.array(Ttl).min(1).default(["5m"]),
        inToolTurns: z.boolean().default(true),
      })
      .strict()
      .optional(),
    reasoning: z
      .union([
        z
          .object({
            style: z.literal("budget"),
            minBudgetTokens: z.number().int().positive().default(1024),
            interleaved: z.boolean().default(false),
          })
          .strict(),
        z
          .object({
            style: z.literal("effort"),
            levels: z
              .array(z.enum(["low", "medium", "high"]))
              .min(1)
              .default(["low", "medium", "high"]),
          })
          .strict(),
      ])
      .optional(),
    structuredOutput: z.boolean().optional(),
    countTokens: z.boolean().optional(),
    images: z.boolean().optional(),
    documents: z.boolean().optional(),
    citations: z.boolean().optional(),
  })
  .strict();
export type CapabilitiesOverride = z.output<typeof CapabilitiesOverrideSchema>;
