import { z } from "zod";

/**
 * What is left of a team's limits when one agent runs for another (`agent.asTool`, supervisors,
 * handoffs): the sub-agent's own limits are capped by it, so a team shares one budget.
 */
export const RunBudgetSchema = z
  .object({
    /** Model calls left. */
    steps: z.number().int().min(0),
    tokens: z.number().int().min(0).optional(),
    costUsd: z.number().min(0).optional(),
  })
  .strict();
export type RunBudget = z.infer<typeof RunBudgetSchema>;

/** The smaller of two limits (an absent limit is no limit). */
export function smallerLimit(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** The smaller of two budgets, field by field (an absent limit is no limit). */
export function smallerBudget(a: RunBudget, b: RunBudget): RunBudget {
  const tokens = smallerLimit(a.tokens, b.tokens);
  const costUsd = smallerLimit(a.costUsd, b.costUsd);
  return {
    steps: Math.min(a.steps, b.steps),
    ...(tokens !== undefined ? { tokens } : {}),
    ...(costUsd !== undefined ? { costUsd } : {}),
  };
}
