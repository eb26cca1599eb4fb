import { z } from "zod";
import { BedrockError, BedrockErrorTypeSchema, StreamExceptionTypeSchema } from "./bedrock-errors.ts";

const Rate = z.number().min(0).max(1);

/** Faults the local Bedrock injects, per server or per request (`x-glassbox-faults` header, JSON). */
export const FaultConfigSchema = z
  .object({
    /** Added before answering, in milliseconds. */
    latencyMs: z.number().min(0).max(600_000).optional(),
    /** Share of requests answered with ThrottlingException (429). */
    throttleRate: Rate.optional(),
    /** Share of requests answered with `errorType` (default InternalServerException). */
    errorRate: Rate.optional(),
    errorType: BedrockErrorTypeSchema.optional(),
    /** Share of ConverseStream responses that fail after some events. */
    midStreamFailureRate: Rate.optional(),
    midStreamExceptionType: StreamExceptionTypeSchema.optional(),
    /** The first N requests of the server fail with `failFirstType` (default ThrottlingException). */
    failFirst: z.number().int().min(0).optional(),
    failFirstType: BedrockErrorTypeSchema.optional(),
    /** Seed for the fault decisions, so runs are reproducible. */
    seed: z.number().int().optional(),
  })
  .strict();
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

/** mulberry32: a small seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What to do with one request. */
export interface FaultDecision {
  latencyMs: number;
  error?: BedrockError;
  midStream?: z.infer<typeof StreamExceptionTypeSchema>;
}

/** Decides the faults for the `index`-th request (0-based) of a server. */
export function decideFaults(faults: FaultConfig, index: number, random: () => number): FaultDecision {
  const decision: FaultDecision = { latencyMs: faults.latencyMs ?? 0 };
  if (faults.failFirst !== undefined && index < faults.failFirst) {
    decision.error = new BedrockError(faults.failFirstType ?? "ThrottlingException");
  } else if (faults.throttleRate && random() < faults.throttleRate) {
    decision.error = new BedrockError("ThrottlingException");
  } else if (faults.errorRate && random() < faults.errorRate) {
    decision.error = new BedrockError(faults.errorType ?? "InternalServerException");
  } else if (faults.midStreamFailureRate && random() < faults.midStreamFailureRate) {
    decision.midStream = faults.midStreamExceptionType ?? "modelStreamErrorException";
  }
  return decision;
}
