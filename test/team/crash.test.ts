import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";
import { startWorker, until } from "../helpers/worker.ts";

const WORKER = join(import.meta.dirname, "fixtures/team-crash-run.ts");
const lines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : []);

describe("a team run killed inside a specialist", () => {
  it("resumes inside the specialist: its finished tool call and its model call are not made again", async () => {
    const dir = tempDir("glassbox-team-crash-");
    const db = join(dir, "threads.db");
    const effects = join(dir, "effects.log");
    const server = await localBedrock({
      script: [
        {
          toolUse: [
            { name: "ask_ledger", input: { input: "Record 30 and audit" }, toolUseId: "tooluse_ask" },
          ],
        },
        {
          toolUse: [
            { name: "record_payment", input: { amount: 30 }, toolUseId: "tooluse_pay" },
            { name: "slow_audit", input: {}, toolUseId: "tooluse_audit" },
          ],
        },
        { text: "Recorded and audited." },
        { text: "The ledger recorded the payment and audited." },
      ],
    });
    const first = startWorker(WORKER, ["start", db, effects, server.url]);
    await until(() => lines(effects).length === 1, "the payment was recorded", first.child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(server.requests.all("ConverseStream")).toHaveLength(2);

    const second = await startWorker(WORKER, ["resume", db, effects, server.url]).exited;
    expect(second.code, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout);
    expect(result.outcome).toBe("answered");
    expect(result.answer).toBe("The ledger recorded the payment and audited.");
    expect(lines(effects)).toEqual(["tooluse_pay 30"]);
    // Supervisor and ledger thoughts before the crash were not asked again: 2 + 2 calls in all.
    expect(server.requests.all("ConverseStream")).toHaveLength(4);
    const ledgerSteps = result.steps.filter((step: { agent?: string }) => step.agent === "ledger");
    expect(ledgerSteps.map((step: { kind: string }) => step.kind)).toEqual([
      "thought",
      "action",
      "observation",
      "action",
      "observation",
      "thought",
    ]);
  }, 60_000);
});
