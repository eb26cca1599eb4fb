import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { glassboxPackage } from "../package-root.ts";

const ROOT = glassboxPackage().root;

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** Port of the dev server; always explicit (2024, the CLI's default, is often taken). */
  port: number;
  /** Address to listen on (default 127.0.0.1: the API has no auth, keep it on loopback). */
  host?: string;
  /** Folder with `langgraph.json` (default: the current folder). */
  cwd?: string;
  /** Bedrock endpoint the graphs use (`GLASSBOX_ENDPOINT`), e.g. a local Bedrock's URL. */
  endpoint?: string;
  /** Reload graphs when their sources change (default true; tests turn it off). */
  reload?: boolean;
  /** The hosted Studio page (default https://smith.langchain.com). */
  studioHost?: string;
  /** Extra environment for the server. */
  env?: Record<string, string | undefined>;
  /** How long to wait for `/ok` (default 90 s: the first start compiles the graphs). */
  timeoutMs?: number;
  /** Receives the server's output, line by line. */
  log?: (line: string) => void;
}

/** A running LangGraph dev server (Studio's backend). */
export interface DevServer {
  /** The API (what `@langchain/langgraph-sdk`'s `Client` and Studio talk to). */
  url: string;
  /** Studio, connected to this server. */
  studioUrl: string;
  process: ChildProcess;
  /** Stops the server and everything it spawned (its process group). */
  stop(): Promise<void>;
}

/** The Studio address for a dev server: the hosted page, told where the local API is. */
export function studioUrlFor(apiUrl: string, studioHost = "https://smith.langchain.com"): string {
  return `${studioHost.replace(/\/$/, "")}/studio?baseUrl=${encodeURIComponent(apiUrl)}`;
}

/**
 * The environment for the dev server: analytics and LangSmith tracing off (nothing leaves the
 * machine), no browser, and the Bedrock endpoint for the graphs when one is given.
 */
export function devServerEnv(options: Pick<DevServerOptions, "endpoint" | "env">): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...options.env,
    LANGGRAPH_CLI_NO_ANALYTICS: "1",
    LANGSMITH_TRACING: "false",
    LANGSMITH_TRACING_V2: "false",
    LANGCHAIN_TRACING_V2: "false",
    BROWSER: "none",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...(options.endpoint ? { GLASSBOX_ENDPOINT: options.endpoint } : {}),
  };
}

/**
 * Starts `langgraphjs dev` (the devDependency `@langchain/langgraph-cli`) on an explicit port in its
 * own process group, and resolves once `/ok` answers. Rejects with the server's last output when it
 * exits first or does not answer in time.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const cwd = options.cwd ?? process.cwd();
  // The project's own LangGraph CLI first, else the one Glassbox's checkout installs (a devDependency).
  const bin = [cwd, ROOT]
    .map((dir) => join(dir, "node_modules/.bin/langgraphjs"))
    .find((path) => existsSync(path));
  if (!bin)
    throw new Error(
      "the LangGraph CLI is not installed: npm install --save-dev @langchain/langgraph-cli (in this checkout: npm ci)",
    );
  const host = options.host ?? "127.0.0.1";
  const args = ["dev", "--port", String(options.port), "--host", host, "--no-browser"];
  if (options.reload === false) args.push("--no-reload");
  args.push("--config", join(cwd, "langgraph.json"));
  const child = spawn(bin, args, {
    cwd,
    env: devServerEnv(options),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail: string[] = [];
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 30) tail.shift();
      options.log?.(line);
    }
  };
  child.stdout?.on("data", onOutput);
  child.stderr?.on("data", onOutput);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const url = `http://${host.includes(":") ? `[${host}]` : host}:${options.port}`;
  try {
    await waitForOk(url, child, options.timeoutMs ?? 90_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${tail.join("\n")}`);
  }
  return { url, studioUrl: studioUrlFor(url, options.studioHost), process: child, stop };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

async function waitForOk(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `the LangGraph dev server exited (${child.exitCode ?? child.signalCode}) before it answered`,
      );
    try {
      const response = await fetch(`${url}/ok`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(
    `the LangGraph dev server did not answer ${url}/ok within ${Math.round(timeoutMs / 1000)} s`,
  );
}
