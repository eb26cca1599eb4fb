import { describe, expect, it } from "vitest";
import { limitOutcome, remainingBudget } from "../../src/graph/budget.ts";
import { BudgetLedger } from "../../src/graph/budget-ledger.ts";

const LIMITS = { maxSteps: 10, maxTokens: undefined, maxCostUsd: undefined };
const call = (totalTokens: number, costUsd?: number) => ({
  usage: { totalTokens },
  ...(costUsd !== undefined ? { costUsd } : {}),
});

describe("the ledger agents running at once share", () => {
  it("gives the last step to one sibling only, and passes spend up to the caller's ledger", () => {
    const team = new BudgetLedger({ steps: 3 });
    const sub = new BudgetLedger({ steps: 5 }, team);
    expect(sub.remaining()).toEqual({ steps: 3 });
    expect(sub.reserve()).toBe(true);
    sub.record(call(100), true);
    expect(team.remaining()).toEqual({ steps: 2 });
    // A retry round that was not reserved still counts its step.
    sub.record(call(50), false);
    expect(team.reserve()).toBe(true);
    expect(sub.reserve()).toBe(false);
    expect(team.reserve()).toBe(false);
    expect(team.remaining()).toEqual({ steps: 0 });
  });

  it("ends a run whose siblings spent the tokens or the cost, and one whose cost cannot be tracked", () => {
    const tokens = new BudgetLedger({ steps: 9, tokens: 300 });
    tokens.record(call(300), false);
    expect(limitOutcome(1, [], LIMITS, { steps: 9, tokens: 300 }, tokens)).toEqual({
      status: "token_budget",
      detail: "stopped: the team's shared token budget is spent (agents running at the same time spent it)",
    });
    const cost = new BudgetLedger({ steps: 9, costUsd: 0.01 });
    cost.record(call(10, 0.004), false);
    expect(limitOutcome(1, [], LIMITS, { steps: 9, costUsd: 0.01 }, cost)).toBeUndefined();
    cost.record(call(10, 0.007), false);
    expect(limitOutcome(1, [], LIMITS, { steps: 9, costUsd: 0.01 }, cost)?.status).toBe("cost_budget");
    const unknown = new BudgetLedger({ steps: 9, costUsd: 0.01 });
    unknown.record(call(10), false);
    expect(limitOutcome(1, [], LIMITS, undefined, unknown)?.detail).toMatch(/price is unknown/);
  });

  it("hands a sub-agent no more than the ledger has left, and takes a step only when every limit allows", () => {
    const ledger = new BudgetLedger({ steps: 4, tokens: 1000 });
    ledger.record(call(900), false);
    expect(remainingBudget(LIMITS, undefined, [], ledger)).toEqual({ steps: 3, tokens: 100 });
    // The agent's own limit ends the run first, and takes nothing from the ledger.
    expect(limitOutcome(11, [], LIMITS, undefined, ledger)?.status).toBe("step_limit");
    expect(ledger.remaining().steps).toBe(3);
    expect(limitOutcome(1, [], LIMITS, undefined, ledger)).toBeUndefined();
    expect(ledger.remaining().steps).toBe(2);
  });
});
