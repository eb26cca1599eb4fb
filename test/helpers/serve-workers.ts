import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { freePort } from "./ports.ts";

const CLI = join(import.meta.dirname, "../serve/fixtures/glassbox-cli.ts");
const AGENT = join(import.meta.dirname, "../serve/fixtures/worker-agent.ts");

/** A `glassbox serve` worker process. */
export interface Worker {
  port: number;
  url: string;
  process: ChildProcess;
  /** Its JSON log lines so far (stderr). */
  lines(): Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/**
 * Spawns `glassbox serve` with the worker agent (test/serve/fixtures/worker-agent.ts) on a free port and
 * resolves once it logs `listening`.
 */
export async function startWorker(options: {
  checkpointer: string;
  endpoint: string;
  effects: string;
  args?: string[];
  /** A fixed port (to restart a worker where the load balancer expects it); a free one by default. */
  port?: number;
}): Promise<Worker> {
  const port = options.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      CLI,
      "serve",
      "--agent",
      `${AGENT}:createWorkerAgent`,
      "--port",
      String(port),
      "--checkpointer",
      options.checkpointer,
      "--endpoint",
      options.endpoint,
      ...(options.args ?? []),
    ],
    {
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        GLASSBOX_TEST_EFFECTS: options.effects,
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let buffer = "";
  const parsed: Array<Record<string, unknown>> = [];
  let onLine: (() => void) | undefined;
  child.stderr?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n")) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      try {
        parsed.push(JSON.parse(line));
      } catch {
        parsed.push({ msg: "text", text: line });
      }
      onLine?.();
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (parsed.some((line) => line.msg === "listening")) return resolve();
      if (child.exitCode !== null)
        reject(new Error(`worker exited before listening: ${JSON.stringify(parsed.slice(-5))}`));
    };
    onLine = check;
    child.once("exit", check);
    check();
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    process: child,
    lines: () => parsed,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
