import type { BudgetLedger } from "./budget-ledger.ts";
import type { Limits } from "./limits.ts";
import { type RunBudget, smallerBudget, smallerLimit } from "./run-budget.ts";
import type { Outcome, Step } from "./state.ts";

/** The limits in force for a run: the agent's own, capped by the team's budget when it has one. */
export function effectiveLimits(
  limits: Pick<Limits, "maxSteps" | "maxTokens" | "maxCostUsd">,
  budget?: RunBudget,
) {
  return {
    maxSteps: Math.min(limits.maxSteps, budget?.steps ?? Number.POSITIVE_INFINITY),
    maxTokens: smallerLimit(limits.maxTokens, budget?.tokens),
    maxCostUsd: smallerLimit(limits.maxCostUsd, budget?.costUsd),
    shared: budget !== undefined,
  };
}

function used(steps: readonly Step[]) {
  let thoughts = 0;
  let tokens = 0;
  let cost: number | undefined = 0;
  for (const step of steps) {
    if (step.kind !== "thought") continue;
    thoughts++;
    tokens += step.usage.totalTokens;
    cost = cost === undefined || step.costUsd === undefined ? undefined : cost + step.costUsd;
  }
  return { thoughts, tokens, cost };
}

/**
 * What a run may still spend after `steps`, to hand to an agent it calls: also no more than its
 * ledger has left when agents running beside it share the team's budget.
 */
export function remainingBudget(
  limits: Pick<Limits, "maxSteps" | "maxTokens" | "maxCostUsd">,
  budget: RunBudget | undefined,
  steps: readonly Step[],
  ledger?: BudgetLedger,
): RunBudget {
  const limit = effectiveLimits(limits, budget);
  const spent = used(steps);
  const own: RunBudget = {
    steps: Math.max(0, limit.maxSteps - spent.thoughts),
    ...(limit.maxTokens !== undefined ? { tokens: Math.max(0, limit.maxTokens - spent.tokens) } : {}),
    ...(limit.maxCostUsd !== undefined && spent.cost !== undefined
      ? { costUsd: Math.max(0, limit.maxCostUsd - spent.cost) }
      : {}),
  };
  return ledger ? smallerBudget(own, ledger.remaining()) : own;
}

/**
 * Whether the next model call (number `step`) is over a limit: steps, tokens or cost, the agent's own or
 * the team's. A cost limit with an unknown price ends the run rather than being ignored. With a ledger
 * (agents running at once on the team's budget), a call within every limit takes its step from it.
 */
export function limitOutcome(
  step: number,
  steps: readonly Step[],
  limits: Pick<Limits, "maxSteps" | "maxTokens" | "maxCostUsd">,
  budget?: RunBudget,
  ledger?: BudgetLedger,
): Outcome | undefined {
  return ownLimitOutcome(step, steps, limits, budget) ?? (ledger ? ledgerOutcome(ledger) : undefined);
}

function ownLimitOutcome(
  step: number,
  steps: readonly Step[],
  limits: Pick<Limits, "maxSteps" | "maxTokens" | "maxCostUsd">,
  budget?: RunBudget,
): Outcome | undefined {
  const limit = effectiveLimits(limits, budget);
  const whose = limit.shared ? "the team's shared" : "a";
  if (step > limit.maxSteps) {
    return {
      status: "step_limit",
      detail: limit.shared
        ? `stopped: ${whose} step budget is spent (${limit.maxSteps} steps left when this agent started)`
        : `stopped after ${limit.maxSteps} steps without a final answer; raise limits.maxSteps if the task needs more`,
    };
  }
  if (limit.maxTokens === undefined && limit.maxCostUsd === undefined) return undefined;
  const spent = used(steps);
  if (limit.maxTokens !== undefined && spent.tokens >= limit.maxTokens) {
    return {
      status: "token_budget",
      detail: `used ${spent.tokens} tokens of ${whose} ${limit.maxTokens}-token budget; raise limits.maxTokens to allow more`,
    };
  }
  if (limit.maxCostUsd !== undefined) {
    if (spent.cost === undefined)
      return {
        status: "cost_budget",
        detail:
          "a cost limit is set but a model's price is unknown, so the cost cannot be tracked; set model.prices",
      };
    if (spent.cost >= limit.maxCostUsd)
      return {
        status: "cost_budget",
        detail: `spent $${spent.cost.toFixed(6)} of ${whose} $${limit.maxCostUsd} budget; raise limits.maxCostUsd to allow more`,
      };
  }
  return undefined;
}

const SIBLINGS = "agents running at the same time spent it";

function ledgerOutcome(ledger: BudgetLedger): Outcome | undefined {
  const left = ledger.remaining();
  if (left.tokens === 0)
    return {
      status: "token_budget",
      detail: `stopped: the team's shared token budget is spent (${SIBLINGS})`,
    };
  if (ledger.costUnknown())
    return {
      status: "cost_budget",
      detail:
        "a cost limit is set but a model's price is unknown, so the cost cannot be tracked; set model.prices",
    };
  if (left.costUsd === 0)
    return { status: "cost_budget", detail: `stopped: the team's shared cost budget is spent (${SIBLINGS})` };
  if (!ledger.reserve())
    return { status: "step_limit", detail: `stopped: the team's shared step budget is spent (${SIBLINGS})` };
  return undefined;
}
