import { z } from "zod";

/** Bounds on one run, so a run always ends with an outcome and never hangs. */
export const LimitsSchema = z
  .object({
    /** Most model calls (ReAct steps) in one run; then the run ends with `step_limit`. */
    maxSteps: z.number().int().min(1).max(1000).default(10),
    /** Token budget for one run (input + output, all steps); then the run ends with `token_budget`. */
    maxTokens: z.number().int().positive().optional(),
    /** Cost budget for one run in USD (all steps, at the configured prices); then it ends with `cost_budget`. */
    maxCostUsd: z.number().positive().optional(),
    /** Default time a tool may take before its call becomes a timeout observation. */
    toolTimeoutMs: z.number().int().positive().default(30_000),
    /** Longest observation the model is shown; longer tool results are cut with a note. */
    maxObservationChars: z.number().int().positive().default(20_000),
  })
  .strict();

export type Limits = z.output<typeof LimitsSchema>;
export type LimitsInput = z.input<typeof LimitsSchema>;
