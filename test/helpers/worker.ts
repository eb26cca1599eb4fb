import { type ChildProcess, spawn } from "node:child_process";

/** What a worker process printed and how it ended. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript worker script (node with tsx's loader, one process, so SIGKILL kills the worker
 * itself and not a wrapper around it) with arguments; `exited` settles when it ends.
 */
export function startWorker(
  script: string,
  args: string[],
): { child: ChildProcess; exited: Promise<WorkerExit> } {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
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
  const exited = new Promise<WorkerExit>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

/** Waits (polling) until `condition` holds; fails if the worker exits first or after 20 s. */
export async function until(condition: () => boolean, what: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`the worker exited before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
