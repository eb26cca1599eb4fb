import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ConfigError, parseWith } from "../config/config-error.ts";
import { localOriginPolicy, type OriginPolicy, originPattern } from "../http/origin-guard.ts";
import { GUARD_ENV } from "./guard-env.ts";

/** The hosted Studio page. */
export const DEFAULT_STUDIO_HOST = "https://smith.langchain.com";

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
  /** The hosted Studio page (default https://smith.langchain.com); its origin may call the server. */
  studioHost?: string;
  /** More origins that may call the server from a browser (a self-hosted Studio). */
  allowOrigins?: string[];
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
  /** The hosts and origins the server accepts. */
  policy: OriginPolicy & { hosts: string[] };
  process: ChildProcess;
  /** Stops the server and everything it spawned (its process group); resolves once the port is closed. */
  stop(): Promise<void>;
}

/** The Studio address for a dev server: the hosted page, told where the local API is. */
export function studioUrlFor(apiUrl: string, studioHost = DEFAULT_STUDIO_HOST): string {
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

/** The parts of langgraph.json the JS dev server reads (unknown keys are dropped, as the CLI does). */
const LangGraphConfigSchema = z.object({
  graphs: z.record(z.string(), z.union([z.string(), z.object({ path: z.string() }).passthrough()])),
  env: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
  auth: z.object({ path: z.string().optional() }).passthrough().optional(),
  ui: z.record(z.string(), z.string()).optional(),
  ui_config: z.object({ shared: z.array(z.string()).optional() }).optional(),
  http: z
    .object({ app: z.string().optional(), cors: z.record(z.string(), z.unknown()).optional() })
    .passthrough()
    .optional(),
});
type LangGraphConfig = z.infer<typeof LangGraphConfigSchema>;

/** Reads `<cwd>/langgraph.json`; a ConfigError names the file and the field. */
export function readLangGraphConfig(cwd: string): LangGraphConfig {
  const path = join(cwd, "langgraph.json");
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`${path}: cannot read it as JSON (${(error as Error).message})`);
  }
  return parseWith(LangGraphConfigSchema, json, path);
}

/** `KEY=value` lines of a .env file (comments and blank lines skipped, quotes removed). */
function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const entries = readFileSync(path, "utf8")
    .split(/\r?\n/)
    .map((line) => /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line))
    .flatMap((match) => (match ? [[match[1], match[2]?.replace(/^(['"])(.*)\1$/, "$2")] as const] : []));
  return Object.fromEntries(entries) as Record<string, string>;
}

const resolveFrom = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));

/**
 * Starts LangGraph's API server (the one `langgraphjs dev` runs, from the devDependency
 * `@langchain/langgraph-api`) for the graphs in langgraph.json, on an explicit port in its own process
 * group, behind Glassbox's origin guard: only the Studio page's origin (and the server's own) may call it
 * from a browser, and only with a loopback `Host`. Resolves once `/ok` answers; rejects with the
 * server's last output when it exits first or does not answer in time.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const config = readLangGraphConfig(cwd);
  let tsxCli: string;
  let preload: string;
  try {
    tsxCli = join(dirname(resolveFrom("tsx/esm/api")), "../../cli.mjs");
    preload = join(dirname(resolveFrom("@langchain/langgraph-api/package.json")), "dist/preload.mjs");
  } catch {
    throw new Error(
      "the LangGraph API server is not installed: npm install --save-dev @langchain/langgraph-api tsx hono (in this checkout: npm ci)",
    );
  }
  const host = options.host ?? "127.0.0.1";
  const studioHost = options.studioHost ?? DEFAULT_STUDIO_HOST;
  const policy = localOriginPolicy({
    port: options.port,
    host,
    allowOrigins: [studioHost, ...(options.allowOrigins ?? [])],
  });
  const entry = fileURLToPath(new URL(`./dev-entry${extensionOf(import.meta.url)}`, import.meta.url));
  const guard = fileURLToPath(new URL(`./studio-guard${extensionOf(import.meta.url)}`, import.meta.url));
  const payload = {
    port: options.port,
    nWorkers: 10,
    host,
    cwd,
    graphs: config.graphs,
    ...(config.auth ? { auth: config.auth } : {}),
    ...(config.ui ? { ui: config.ui } : {}),
    ...(config.ui_config ? { ui_config: config.ui_config } : {}),
    http: {
      ...config.http,
      app: `${guard}:app`,
      cors: {
        allow_origin_regex: originPattern(policy),
        expose_headers: ["content-location", "x-pagination-total"],
      },
    },
  };
  const configEnv =
    typeof config.env === "string" ? readEnvFile(resolve(cwd, config.env)) : (config.env ?? {});
  const userApp = config.http?.app;
  const env = {
    ...devServerEnv({ ...options, env: { ...configEnv, ...options.env } }),
    NODE_ENV: "development",
    LANGGRAPH_API_URL: `http://${formatHost(host)}:${options.port}`,
    [GUARD_ENV.hosts]: policy.hosts.join(","),
    [GUARD_ENV.origins]: policy.origins.join(","),
    ...(userApp ? { [GUARD_ENV.userApp]: userAppPath(cwd, userApp) } : {}),
  };
  const args = [
    tsxCli,
    ...(options.reload === false ? [] : ["watch", "--clear-screen=false"]),
    "--import",
    preload,
    entry,
    JSON.stringify(payload),
  ];
  const child = spawn(process.execPath, args, {
    cwd,
    env,
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

  const url = `http://${formatHost(host)}:${options.port}`;
  const stop = () => stopGroup(child, host, options.port);
  try {
    await waitForOk(url, child, options.timeoutMs ?? 90_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${tail.join("\n")}`);
  }
  return { url, studioUrl: studioUrlFor(url, studioHost), policy, process: child, stop };
}

/** `.ts` when running from the sources, `.js` from dist/. */
function extensionOf(moduleUrl: string): string {
  return moduleUrl.endsWith(".ts") ? ".ts" : ".js";
}

function userAppPath(cwd: string, app: string): string {
  const [file = "", exported = "default"] = app.split(":");
  return `${resolve(cwd, file)}:${exported}`;
}

function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * SIGTERM to the whole process group (tsx, its watcher and the server), SIGKILL after 5 s; resolves once
 * every process of the group is gone and the port refuses connections (at most ~10 s).
 */
async function stopGroup(child: ChildProcess, host: string, port: number): Promise<void> {
  const pid = child.pid;
  if (!pid) return;
  signalGroup(pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  let killed = false;
  while (Date.now() < deadline) {
    const alive = groupAlive(pid) || (await portOpen(host, port));
    if (!alive) return;
    if (!killed && Date.now() > deadline - 5_000) {
      signalGroup(pid, "SIGKILL");
      killed = true;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
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
