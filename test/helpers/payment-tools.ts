/**
 * The tools of the crash tests' worker processes: `record_payment` appends its call id to a file (the
 * side effect that must happen once across a kill -9), and `slow_audit` hangs in the first process so
 * the test can kill it mid-run, and answers in the resuming one.
 */
import { appendFileSync } from "node:fs";
import { z } from "zod";
import { defineTool } from "../../src/tools/index.ts";

/** The two tools; `mode` is the worker's (`start` hangs the audit). */
export function paymentTools(effects: string, mode: string) {
  const recordPayment = defineTool({
    name: "record_payment",
    description: "Record a payment",
    input: z.object({ amount: z.number() }),
    run: ({ amount }, { toolCallId }) => {
      appendFileSync(effects, `${toolCallId} ${amount}\n`);
      return { recorded: amount };
    },
  });
  const slowAudit = defineTool({
    name: "slow_audit",
    description: "Audit the ledger",
    input: z.object({}),
    run: () => (mode === "start" ? new Promise<never>(() => {}) : { audited: true }),
  });
  return [recordPayment, slowAudit];
}
