import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LocalBedrock } from "../../src/local/index.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

const WORKER = join(import.meta.dirname, "fixtures/crash-run.ts");
// One process (node with tsx's loader), so SIGKILL kills the run itself, not a wrapper around it.
const NODE_ARGS = ["--import", "tsx"];

function worker(mode: "start" | "resume", db: string, effects: string, server: LocalBedrock) {
  const child = spawn(process.execPath, [...NODE_ARGS, WORKER, mode, db, effects, server.url], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

async function until(condition: () => boolean, what: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`the worker exited before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : []);

describe("exactly-once tool effects across kill -9", () => {
  it("resumes a run killed while a parallel call hung, without running the finished call again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "glassbox-crash-"));
    const db = join(dir, "threads.db");
    const effects = join(dir, "effects.log");
    const server = await localBedrock({
      script: [
        {
          toolUse: [
            { name: "record_payment", input: { amount: 30 }, toolUseId: "tooluse_pay" },
            { name: "slow_audit", input: {}, toolUseId: "tooluse_audit" },
          ],
        },
        { text: "Recorded and audited." },
      ],
    });
    const first = worker("start", db, effects, server);
    await until(() => lines(effects).length === 1, "the payment was recorded", first.child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const second = await worker("resume", db, effects, server).exited;
    expect(second.code, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout);
    expect(result.outcome).toBe("answered");
    expect(result.answer).toBe("Recorded and audited.");
    expect(lines(effects)).toEqual(["tooluse_pay 30"]);
    const observations = result.steps.filter((step: { kind: string }) => step.kind === "observation");
    expect(observations.map((step: { toolCallId: string }) => step.toolCallId)).toEqual([
      "tooluse_pay",
      "tooluse_audit",
    ]);
  }, 60_000);

  it("resumes a run killed between steps (during the next model call) from its last checkpoint", async () => {
    const dir = mkdtempSync(join(tmpdir(), "glassbox-crash-"));
    const db = join(dir, "threads.db");
    const effects = join(dir, "effects.log");
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "record_payment", input: { amount: 12 }, toolUseId: "tooluse_once" }] },
        { text: "never delivered", latencyMs: 30_000 },
        { text: "Recorded." },
      ],
    });
    const first = worker("start", db, effects, server);
    await until(
      () => server.requests.all("ConverseStream").length === 2,
      "the second model call",
      first.child,
    );
    first.child.kill("SIGKILL");
    await first.exited;

    const second = await worker("resume", db, effects, server).exited;
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).answer).toBe("Recorded.");
    expect(lines(effects)).toEqual(["tooluse_once 12"]);
    expect(server.requests.all("ConverseStream")).toHaveLength(3);
  }, 60_000);
});
