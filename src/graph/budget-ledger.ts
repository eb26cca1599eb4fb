import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { type RunBudget, smallerBudget } from "./run-budget.ts";

/** Where a run's {@link BudgetLedger} travels in LangGraph's `configurable` (set for every run). */
export const BUDGET_LEDGER_KEY = "glassbox_budget_ledger";

/** What one model call spent. */
export interface ModelCallSpend {
  usage: { totalTokens: number };
  costUsd?: number;
}

/**
 * The live spend of agents that run at once on one team budget: the sub-agents of one *act* step
 * (parallel `asTool` calls) share a ledger, so together they stay within what their caller had left.
 * A step is reserved before each model call (a sibling cannot take the same last step); tokens and cost
 * are recorded when the call returns, so parallel calls can pass a token or cost limit by what their
 * last calls spent, as a single agent can with its last call. Spend is passed up to the caller's own
 * ledger when the caller is itself a sub-agent. In-process only: a resumed run recomputes the budget
 * from its checkpointed steps.
 */
export class BudgetLedger {
  private steps = 0;
  private tokens = 0;
  private cost: number | undefined = 0;

  constructor(
    private readonly capacity: RunBudget,
    private readonly parent?: BudgetLedger,
  ) {}

  /** What is left for the next model call of any agent on this ledger (and its callers'). */
  remaining(): RunBudget {
    const own: RunBudget = {
      steps: Math.max(0, this.capacity.steps - this.steps),
      ...(this.capacity.tokens !== undefined
        ? { tokens: Math.max(0, this.capacity.tokens - this.tokens) }
        : {}),
      ...(this.capacity.costUsd !== undefined && this.cost !== undefined
        ? { costUsd: Math.max(0, this.capacity.costUsd - this.cost) }
        : {}),
    };
    return this.parent ? smallerBudget(own, this.parent.remaining()) : own;
  }

  /** Whether a cost limit applies here but a call's price was unknown (its cost cannot be tracked). */
  costUnknown(): boolean {
    return (this.capacity.costUsd !== undefined && this.cost === undefined) || !!this.parent?.costUnknown();
  }

  /** Takes one model call from the budget; false (nothing taken) when there is none left. */
  reserve(): boolean {
    if (this.remaining().steps < 1) return false;
    this.take();
    return true;
  }

  /** Records a model call's tokens and cost; `reserved: false` counts its step too (a retry round). */
  record(spend: ModelCallSpend, reserved: boolean): void {
    if (!reserved) this.steps++;
    this.tokens += spend.usage.totalTokens;
    this.cost =
      this.cost === undefined || spend.costUsd === undefined ? undefined : this.cost + spend.costUsd;
    this.parent?.record(spend, reserved);
  }

  private take(): void {
    this.steps++;
    this.parent?.take();
  }
}

/** The run's ledger, when it runs for a caller on a shared budget. */
export function ledgerOf(config: LangGraphRunnableConfig): BudgetLedger | undefined {
  return config.configurable?.[BUDGET_LEDGER_KEY] as BudgetLedger | undefined;
}
