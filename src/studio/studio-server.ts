import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { z } from "zod";
import { formatIssues } from "../config/config-error.ts";
import { GlassboxError } from "../errors.ts";
import { ToolDecisionSchema } from "../graph/tool-review.ts";
import { checkRequest, guardedRequest, localOriginPolicy, type OriginPolicy } from "../http/origin-guard.ts";
import { describeMessage, summarize, threadCheckpoint, threadHistory } from "../threads/history.ts";
import { compareEvalRuns, listEvalRuns, readEvalRun } from "./eval-store.ts";
import { createRunManager, type RunManager } from "./run-manager.ts";
import type { CheckpointDetail, RunEvent } from "./shared/api-types.ts";
import type { TraceSpan } from "./shared/trace-model.ts";
import type { SpanStore } from "./span-store.ts";
import { StudioRequestError } from "./studio-error.ts";
import { graphInfo, type StudioGraph } from "./studio-graph.ts";
import { listThreads } from "./thread-store.ts";
import { watchThread } from "./thread-watch.ts";

/** The Studio's Content-Security-Policy: nothing but this origin, no inline scripts, no framing. */
export const STUDIO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Options of {@link startStudioServer}. */
export interface StudioServerOptions {
  graphs: readonly StudioGraph[];
  /** The thread store the graphs run on (the CLI's and `glassbox serve`'s). */
  saver: BaseCheckpointSaver;
  /** How the store is named in the UI (`sqlite:.glassbox/threads.db`). */
  storeName?: string;
  /** Where evaluation runs are (default `.glassbox/evals`). */
  evalsDir?: string;
  /** Spans of the graphs' runs (the span processor their telemetry feeds). */
  spans?: SpanStore;
  /** Spans read from `--trace-file`, and the file's name. */
  traceFile?: { path: string; spans: TraceSpan[] };
  /** The built UI (default: the package's `dist/ui`). */
  assetsDir?: string;
  port?: number;
  /** Loopback only: 127.0.0.1 (default) or ::1. */
  host?: "127.0.0.1" | "::1";
  /** LangGraph's superstep limit per run (default 500). */
  recursionLimit?: number;
  /** The LangGraph dev server beside it, shown in the UI for LangGraph Studio. */
  langgraph?: { url: string; studioUrl: string };
}

/** A running Studio server. */
export interface StudioServer {
  url: string;
  runs: RunManager;
  close(): Promise<void>;
}

/** Where the built UI is: beside the compiled package (`dist/ui`), or built from this checkout. */
export function defaultAssetsDir(): string {
  const here = import.meta.dirname;
  const candidates = [resolve(here, "../../ui"), resolve(here, "../../dist/ui")];
  return candidates.find((dir) => existsSync(join(dir, "index.html"))) ?? (candidates[1] as string);
}

const StartSchema = z
  .object({
    graphId: z.string().min(1),
    message: z.string().trim().min(1, "say what the agent should do"),
    threadId: z.string().trim().min(1).max(200).optional(),
    interruptBefore: z.array(z.string()).optional(),
    interruptAfter: z.array(z.string()).optional(),
  })
  .strict();
const Breakpoints = {
  interruptBefore: z.array(z.string()).optional(),
  interruptAfter: z.array(z.string()).optional(),
};
const ResumeSchema = z.discriminatedUnion("action", [
  z.object({ action: z.enum(["continue", "step"]), ...Breakpoints }).strict(),
  z
    .object({
      action: z.literal("decide"),
      decisions: z.record(z.string(), ToolDecisionSchema),
      ...Breakpoints,
    })
    .strict(),
]);
const EditSchema = z
  .object({ toolCallId: z.string().min(1), args: z.record(z.string(), z.unknown()) })
  .strict();
const ForkSchema = z
  .object({
    graphId: z.string().min(1),
    checkpointId: z.string().min(1),
    message: z.string().optional(),
    ...Breakpoints,
  })
  .strict();

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json",
};

/**
 * Starts the Studio: the built UI and its JSON API on one loopback origin, behind a Host/Origin check
 * and a strict CSP. Runs go through {@link createRunManager} on the shared thread store.
 *
 * @example
 * ```ts
 * const studio = await startStudioServer({ graphs: [{ id: "tool_agent", graph: agent.graph, tools }], saver });
 * console.log(`open ${studio.url}`);
 * ```
 */
export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const graphs = new Map(options.graphs.map((graph) => [graph.id, graph]));
  const runs = createRunManager({
    graphs,
    saver: options.saver,
    ...(options.spans ? { spans: options.spans } : {}),
    ...(options.recursionLimit ? { recursionLimit: options.recursionLimit } : {}),
  });
  const assets = resolve(options.assetsDir ?? defaultAssetsDir());
  const evalsDir = options.evalsDir ?? join(".glassbox", "evals");
  const host = options.host ?? "127.0.0.1";
  const open = new Set<ServerResponse>();
  let policy: OriginPolicy = localOriginPolicy({ port: options.port ?? 0 });

  const graphFor = (id: string | null): StudioGraph => {
    const graph = id ? graphs.get(id) : options.graphs[0];
    if (!graph) throw new StudioRequestError(`no graph "${id}"`, 404);
    return graph;
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<unknown> => {
    const parts = url.pathname.split("/").filter(Boolean).slice(1).map(decodeURIComponent);
    const method = req.method ?? "GET";
    const route = `${method} /${parts.map((part, i) => (i % 2 === 1 && parts.length > 1 ? ":" : part)).join("/")}`;
    const [area, id, sub, subId] = parts;
    if (method === "GET" && area === "info")
      return {
        store: options.storeName ?? "memory",
        evalsDir,
        ...(options.traceFile ? { traceFile: options.traceFile.path } : {}),
        ...(options.langgraph ? { langgraph: options.langgraph } : {}),
      };
    if (method === "GET" && area === "graphs" && !id) return Promise.all(options.graphs.map(graphInfo));
    if (area === "runs") {
      if (method === "GET" && !id) return runs.list();
      if (method === "POST" && !id) return runs.start(await body(req, StartSchema));
      if (!id) throw notFound(route);
      if (method === "GET" && !sub) return runs.info(id);
      if (method === "GET" && sub === "events")
        return sse(req, res, (send) => runs.subscribe(id, lastEventId(req), send));
      if (method === "GET" && sub === "spans") return { spans: runs.spansOf(id) };
      if (method === "POST" && sub === "resume") return runs.resume(id, await body(req, ResumeSchema));
      if (method === "POST" && sub === "edit") return runs.editCall(id, await body(req, EditSchema));
      if (method === "POST" && sub === "cancel") return runs.cancel(id);
    }
    if (area === "threads") {
      if (method === "GET" && !id) return listThreads(options.saver);
      if (!id) throw notFound(route);
      const graph = graphFor(url.searchParams.get("graph"));
      if (method === "GET" && sub === "checkpoints" && !subId) {
        const history = await threadHistory(graph.graph, id);
        if (!history.length)
          throw new StudioRequestError(`thread "${id}" has no checkpoints in this store`, 404);
        return history;
      }
      if (method === "GET" && sub === "checkpoints" && subId) return checkpointDetail(graph, id, subId);
      if (method === "POST" && sub === "fork")
        return runs.fork({ ...(await body(req, ForkSchema)), threadId: id });
      if (method === "GET" && sub === "watch")
        return sse(req, res, (send) => watchThread(graph.graph, id, send));
    }
    if (method === "GET" && area === "traces" && !id) {
      if (!options.traceFile)
        throw new StudioRequestError("no trace file was given (glassbox studio --trace-file <path>)", 404);
      return { spans: options.traceFile.spans, source: options.traceFile.path };
    }
    if (method === "GET" && area === "evals") {
      if (!id) return listEvalRuns(evalsDir);
      if (id === "compare") {
        const a = splitRun(url.searchParams.get("a"));
        const b = splitRun(url.searchParams.get("b"));
        return compareEvalRuns(evalsDir, a, b);
      }
      if (sub) return readEvalRun(evalsDir, id, sub);
    }
    throw notFound(route);
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://studio.invalid");
    securityHeaders(res);
    // The hardening branch's shared guard: loopback Host only, browser calls only from this origin.
    const verdict = checkRequest(
      guardedRequest((name) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      }),
      policy,
    );
    if (!verdict.allowed) return send(res, 403, { error: verdict.reason, code: "FORBIDDEN" });
    if (url.pathname.startsWith("/api/")) {
      res.setHeader("Cache-Control", "no-store");
      api(req, res, url).then(
        (result) => {
          if (result !== STREAMING) send(res, 200, result);
        },
        (error: unknown) => {
          const status =
            error instanceof StudioRequestError
              ? error.status
              : GlassboxError.isInstance(error) && error.kind === "usage"
                ? 400
                : 500;
          const code = GlassboxError.isInstance(error) ? error.code : "UNEXPECTED";
          if (!res.headersSent) send(res, status, { error: (error as Error).message ?? String(error), code });
          else res.end();
        },
      );
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { error: "method not allowed" });
    serveAsset(assets, url.pathname, res);
  });

  /** Holds a Server-Sent Events stream open until the browser goes away. */
  const sse = (
    req: IncomingMessage,
    res: ServerResponse,
    follow: (send: (event: RunEvent, index: number) => void) => () => void,
  ) => {
    res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
    });
    res.write(": glassbox studio\n\n");
    open.add(res);
    const stop = follow((event, index) => res.write(`id: ${index + 1}\ndata: ${JSON.stringify(event)}\n\n`));
    req.on("close", () => {
      stop();
      open.delete(res);
    });
    return STREAMING;
  };

  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 0, host, () => done());
  });
  const port = (server.address() as AddressInfo).port;
  policy = localOriginPolicy({ port, host });
  const url = `http://${host === "::1" ? "[::1]" : host}:${port}`;
  return {
    url,
    runs,
    close: async () => {
      for (const res of open) res.end();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

const STREAMING = Symbol("streaming");

function lastEventId(req: IncomingMessage): number {
  const header = Number(req.headers["last-event-id"]);
  return Number.isInteger(header) && header > 0 ? header : 0;
}

function notFound(route: string): StudioRequestError {
  return new StudioRequestError(`no such API route: ${route}`, 404);
}

function splitRun(ref: string | null): { suite: string; runId: string } {
  const [suite, runId] = (ref ?? "").split("/");
  if (!suite || !runId) throw new StudioRequestError(`expected <suite>/<run id>, got "${ref ?? ""}"`);
  return { suite, runId };
}

async function checkpointDetail(
  graph: StudioGraph,
  threadId: string,
  checkpointId: string,
): Promise<CheckpointDetail> {
  const snapshot = await threadCheckpoint(graph.graph, threadId, checkpointId);
  if (!snapshot)
    throw new StudioRequestError(`thread "${threadId}" has no checkpoint "${checkpointId}"`, 404);
  const values = snapshot.values as { messages?: never[]; steps?: never[]; outcome?: unknown };
  return {
    ...summarize(snapshot),
    conversation: (values.messages ?? []).map((message) => {
      const line = describeMessage(message);
      const cut = line.indexOf(": ");
      return { role: line.slice(0, cut), text: line.slice(cut + 2) };
    }),
    steps: values.steps ?? [],
    outcome: values.outcome ?? null,
    interrupts: snapshot.tasks.flatMap((task) => (task.interrupts ?? []).map((pending) => pending.value)),
  };
}

async function body<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.output<S>> {
  if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
    throw new StudioRequestError("expected a JSON body (Content-Type: application/json)");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new StudioRequestError("the body is over 1 MB");
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch (error) {
    throw new StudioRequestError(`the body is not JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StudioRequestError(formatIssues(parsed.error, "body"));
  return parsed.data;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader("Content-Security-Policy", STUDIO_CSP);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value ?? null);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

function serveAsset(root: string, pathname: string, res: ServerResponse): void {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, "");
  let file = join(root, relative || "index.html");
  if (!file.startsWith(root + sep) && file !== root) {
    send(res, 404, { error: "not found" });
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) {
    // Paths without an extension are the app's own (hash routing keeps most at /).
    if (extname(relative)) {
      send(res, 404, { error: `no asset ${pathname}` });
      return;
    }
    file = join(root, "index.html");
    if (!existsSync(file)) {
      send(res, 500, { error: `the Studio UI is not built (${root}); run npm run build` });
      return;
    }
  }
  res.writeHead(200, {
    "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
    "Cache-Control": file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
  });
  createReadStream(file).pipe(res);
}
