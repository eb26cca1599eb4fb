import { z } from "zod";
import type { CacheTtl } from "./catalog.ts";

const Ttl = z.enum(["5m", "1h"]);

/**
 * Prompt caching: `"auto"` places a cache point after the tool list, after the system prompt and on the
 * latest turns (where the model supports each); an object says which of them, and their TTLs. Off by
 * default. A TTL may be one value or one per field; Bedrock wants them non-increasing in request order
 * (tools, then system, then messages).
 */
export const CachePolicySchema = z.union([
  z.literal("auto"),
  z.literal("off"),
  z
    .object({
      tools: z.boolean().default(true),
      system: z.boolean().default(true),
      messages: z.boolean().default(true),
      ttl: z
        .union([
          Ttl,
          z.object({ tools: Ttl.optional(), system: Ttl.optional(), messages: Ttl.optional() }).strict(),
        ])
        .optional(),
    })
    .strict(),
]);
export type CachePolicyInput = z.input<typeof CachePolicySchema>;

/** A cache policy with every choice made. */
export interface CachePolicy {
  tools: boolean;
  system: boolean;
  messages: boolean;
  ttl: { tools?: CacheTtl; system?: CacheTtl; messages?: CacheTtl };
}

/** The policy a config value means, or undefined when caching is off. */
export function resolveCachePolicy(
  value: z.output<typeof CachePolicySchema> | undefined,
): CachePolicy | undefined {
  if (value === undefined || value === "off") return undefined;
  if (value === "auto") return { tools: true, system: true, messages: true, ttl: {} };
  const ttl =
    typeof value.ttl === "string"
      ? { tools: value.ttl, system: value.ttl, messages: value.ttl }
      : (value.ttl ?? {});
  return { tools: value.tools, system: value.system, messages: value.messages, ttl };
}
