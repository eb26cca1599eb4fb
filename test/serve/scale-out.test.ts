import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReactPolicy, type LocalBedrock, startLocalBedrock } from "../../src/local/index.ts";
import { createCheckpointer } from "../../src/threads/index.ts";
import { type Nginx, startNginx } from "../helpers/nginx.ts";
import { freshDatabase, testPostgres } from "../helpers/postgres.ts";
import { invoke, jsonOf, sessionId } from "../helpers/serve.ts";
import { startWorker, type Worker } from "../helpers/serve-workers.ts";

const SESSION = "x-amzn-bedrock-agentcore-runtime-session-id";

let pg: Awaited<ReturnType<typeof testPostgres>>;
let database: string;
let local: LocalBedrock;
let nginx: Nginx;
let workers: Worker[] = [];
let dir: string;
let effects: string;

const effectLines = () =>
  existsSync(effects) ? readFileSync(effects, "utf8").trim().split("\n").filter(Boolean) : [];
const workerOn = (upstream: string) => workers.find((worker) => upstream.endsWith(`:${worker.port}`));

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function spawnWorker(port?: number): Promise<Worker> {
  return startWorker({
    checkpointer: database,
    endpoint: local.url,
    effects,
    args: ["--drain-timeout", "20"],
    ...(port ? { port } : {}),
  });
}

beforeAll(async () => {
  pg = await testPostgres();
  database = await freshDatabase(pg.url, "glassbox_serve_scale");
  // The thread tables exist before three workers start at once (concurrent CREATE TABLE can collide).
  await (await createCheckpointer(database)).close();
  local = await startLocalBedrock({ model: createReactPolicy() });
  dir = mkdtempSync(join(tmpdir(), "glassbox-scale-"));
  effects = join(dir, "effects.log");
  workers = await Promise.all([spawnWorker(), spawnWorker(), spawnWorker()]);
  nginx = await startNginx(workers.map((worker) => worker.port));
}, 120_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(workers.map((worker) => worker.stop()));
  await local?.close();
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("three glassbox serve workers behind nginx, one PostgreSQL thread store", () => {
  it("continues a conversation on whichever worker takes the next turn", async () => {
    local.setScript([{ text: "Hello Ada." }, { text: "You are Ada." }, { text: "Still Ada." }]);
    const headers = { [SESSION]: sessionId() };
    const upstreams: string[] = [];
    const answers: string[] = [];
    for (const prompt of ["I am Ada", "Who am I?", "And now?"]) {
      const response = await invoke(nginx.url, { prompt }, headers);
      expect(response.status).toBe(200);
      upstreams.push(response.headers.get("x-upstream") ?? "");
      answers.push((await jsonOf(response)).answer);
    }
    expect(answers).toEqual(["Hello Ada.", "You are Ada.", "Still Ada."]);
    expect(new Set(upstreams).size).toBeGreaterThan(1);
    const last = local.requests.all("ConverseStream").at(-1)?.body as { messages: unknown[] };
    expect(last.messages).toHaveLength(5);
  });

  it("resumes on another worker an approval that paused on one", async () => {
    local.setScript([
      { toolUse: [{ name: "transfer", input: { amount: 40 }, toolUseId: "tooluse_transfer" }] },
      { text: "Transferred 40." },
    ]);
    const headers = { [SESSION]: sessionId() };
    const first = await invoke(nginx.url, { prompt: "transfer 40" }, headers);
    const paused = await jsonOf(first);
    expect(paused.outcome).toBe("interrupted");
    expect(paused.paused.calls[0].id).toBe("tooluse_transfer");
    const decisions = { tooluse_transfer: { type: "approve" } };
    const second = await invoke(nginx.url, { resume: { decisions } }, headers);
    expect((await jsonOf(second)).answer).toBe("Transferred 40.");
    const pausedOn = workerOn(first.headers.get("x-upstream") ?? "");
    const resumedOn = workerOn(second.headers.get("x-upstream") ?? "");
    expect(pausedOn && resumedOn && pausedOn !== resumedOn).toBe(true);
    const transfers = effectLines().filter((line) => line.startsWith("transfer tooluse_transfer"));
    expect(transfers).toEqual([`transfer tooluse_transfer ${resumedOn?.process.pid}`]);
  });

  it("kill -9 of a worker mid-run: the turn finishes on another worker without re-running the finished tool call", async () => {
    local.setScript([
      {
        toolUse: [
          { name: "record_payment", input: { amount: 30 }, toolUseId: "tooluse_pay" },
          { name: "slow_audit", input: {}, toolUseId: "tooluse_audit" },
        ],
      },
      { text: "Recorded and audited." },
    ]);
    writeFileSync(`${effects}.hold`, "");
    const headers = { [SESSION]: sessionId(), "x-request-id": "req-kill-9" };
    const pending = invoke(nginx.url, { prompt: "record 30 and audit" }, headers);
    await until(() => effectLines().some((line) => line.startsWith("audit ")), "the audit to start");
    const pid = Number(
      effectLines()
        .find((line) => line.startsWith("audit "))
        ?.split(" ")[1],
    );
    const victim = workers.find((worker) => worker.process.pid === pid);
    expect(victim).toBeDefined();
    expect(effectLines()).toContain(`payment tooluse_pay ${pid}`);
    // Kill only once the payment's result is durable: a task's write lands in PostgreSQL as it finishes,
    // and the killed process must not be in between its side effect and that write.
    const store = await createCheckpointer(database);
    await until(async () => {
      const tuple = await store.saver.getTuple({ configurable: { thread_id: headers[SESSION] } });
      return (tuple?.pendingWrites ?? []).some((write) => JSON.stringify(write).includes("tooluse_pay"));
    }, "the payment's result in PostgreSQL");
    await store.close();
    victim?.process.kill("SIGKILL");
    expect((await victim?.exited)?.signal).toBe("SIGKILL");
    rmSync(`${effects}.hold`);

    // nginx hands the same request (same request id) to the next worker, which finishes the turn.
    const response = await pending;
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body.answer).toBe("Recorded and audited.");
    const tried = (response.headers.get("x-upstream") ?? "").split(",").map((entry) => entry.trim());
    expect(tried[0]).toBe(`127.0.0.1:${victim?.port}`);
    expect(tried.at(-1)).not.toBe(tried[0]);
    expect(effectLines().filter((line) => line.startsWith("payment tooluse_pay"))).toHaveLength(1);
    const observations = body.steps.filter((step: { kind: string }) => step.kind === "observation");
    expect(observations.map((step: { toolCallId: string }) => step.toolCallId).sort()).toEqual([
      "tooluse_audit",
      "tooluse_pay",
    ]);
    // An explicit continue on yet another worker finds the turn finished and returns the same answer.
    const again = await invoke(nginx.url, { continue: true }, { [SESSION]: headers[SESSION] });
    expect((await jsonOf(again)).answer).toBe("Recorded and audited.");

    if (victim) workers[workers.indexOf(victim)] = await spawnWorker(victim.port);
  });

  it("SIGTERM of a worker under load drops no request", async () => {
    const total = 48;
    local.setScript(Array.from({ length: total }, () => ({ text: "Done.", latencyMs: 200 })));
    const target = workers[1] as Worker;
    const statuses: number[] = [];
    const answers: string[] = [];
    let sent = 0;
    let terminated = false;
    const client = async () => {
      while (sent < total) {
        sent++;
        const response = await invoke(nginx.url, { prompt: "hello" }, { [SESSION]: sessionId() });
        statuses.push(response.status);
        answers.push((await jsonOf(response)).answer);
      }
    };
    const clients = Array.from({ length: 12 }, client);
    await until(async () => {
      const ping = await jsonOf(await fetch(`${target.url}/ping`));
      return ping.status === "HealthyBusy";
    }, "the worker to have runs in flight");
    target.process.kill("SIGTERM");
    terminated = true;
    await Promise.all(clients);
    expect(terminated).toBe(true);
    expect(statuses).toHaveLength(total);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(answers.every((answer) => answer === "Done.")).toBe(true);
    const exit = await target.exited;
    expect(exit.code).toBe(0);
    const drained = target.lines().find((line) => line.msg === "drained");
    expect(drained).toMatchObject({ stopped: 0 });
    expect(Number(drained?.finished)).toBeGreaterThan(0);
  });
});
