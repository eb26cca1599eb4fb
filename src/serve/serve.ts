import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { type Context, ROOT_CONTEXT } from "@opentelemetry/api";
import { z } from "zod";
import type { Agent } from "../agent/create-agent.ts";
import { parseWith } from "../config/config-error.ts";
import { hostForUrl } from "../http/loopback.ts";
import { writeChunk } from "../http/write-chunk.ts";
import { createLogger, type StructuredLogger } from "../telemetry/logger.ts";
import type { Telemetry } from "../telemetry/setup.ts";
import { currentTraceIds, extractTraceContext } from "../telemetry/trace-context.ts";
import { type AccessLogEntry, logRequest } from "./access-log.ts";
import { errorResponse } from "./error-response.ts";
import {
  errorEvent,
  type Invocation,
  runInvocation,
  streamInvocation,
  type WireEvent,
} from "./invocation.ts";
import { RequestRejectedError, RunTimeoutError, UnavailableError } from "./invocation-errors.ts";
import { parseInvocationPayload } from "./invocation-payload.ts";
import { checkOrigin, type OriginPolicy, preflightHeaders } from "./origin-check.ts";
import { createPingStatus } from "./ping-status.ts";
import { checkpointerCheck, checkReadiness, modelEndpointCheck, type ReadinessCheck } from "./readiness.ts";
import { MAX_PAYLOAD_BYTES, readInvocationBody, requireJson } from "./request-body.ts";
import { idHeaders, requestIdFrom, sessionIdFrom } from "./request-ids.ts";
import { endServerSpan, startServerSpan, traceparentOf } from "./server-span.ts";
import { acceptsEventStream, SSE_HEADERS, SSE_KEEPALIVE, sseEvent } from "./sse.ts";
import { createThreadLock } from "./thread-lock.ts";
import { attachWebSocket } from "./websocket-route.ts";

const MINUTE = 60_000;

/** Options of {@link serve}; every field is optional and checked (the error names the field). */
export const ServeOptionsSchema = z
  .object({
    /** 8080 by default (the AgentCore Runtime port); 0 picks a free port. */
    port: z.number().int().min(0).max(65535).default(8080),
    /**
     * 127.0.0.1 by default. AgentCore Runtime and containers behind a load balancer need `0.0.0.0`
     * (the Dockerfile passes it).
     */
    host: z.string().min(1).default("127.0.0.1"),
    /** Invocations running at once; one more is answered 503 with `Retry-After`. */
    maxConcurrency: z.number().int().min(1).max(100_000).default(128),
    /** The largest request body (AgentCore's payload limit by default). */
    maxPayloadBytes: z.number().int().min(1).max(MAX_PAYLOAD_BYTES).default(MAX_PAYLOAD_BYTES),
    /** How long a request body may take to arrive (a slow upload holds a concurrency slot): 408 after it. */
    bodyTimeoutMs: z.number().int().min(1).default(120_000),
    /** A JSON invocation's time limit (AgentCore: 15 minutes for synchronous requests). */
    requestTimeoutMs: z
      .number()
      .int()
      .min(1)
      .default(15 * MINUTE),
    /** A streamed (SSE or /ws) invocation's time limit (AgentCore: 60 minutes for streams). */
    streamTimeoutMs: z
      .number()
      .int()
      .min(1)
      .default(60 * MINUTE),
    /** On shutdown, how long in-flight runs may take to finish before they are stopped at their last checkpoint. */
    drainTimeoutMs: z.number().int().min(0).default(25_000),
    /** Answer `/ws` WebSocket connections (the AgentCore bidirectional-streaming path). */
    websocket: z.boolean().default(true),
    /**
     * How often each `/ws` connection is pinged (a protocol ping, so idle-timeout proxies see traffic
     * while a long run is quiet); one that has not answered two pings is closed. 0: no pings.
     */
    websocketPingMs: z.number().int().min(0).default(30_000),
    allowedOrigins: z.array(z.string().url()).optional(),
    allowedHosts: z.array(z.string().min(1)).optional(),
    /** The model endpoint `/ready` probes (a URL); none by default from code, the CLI passes its own. */
    modelEndpoint: z.string().url().optional(),
    /** Log `/ping` requests too (AgentCore polls it often, so they are left out by default). */
    logPings: z.boolean().default(false),
  })
  .strict();

/** Options of {@link serve}. */
export type ServeOptions = z.input<typeof ServeOptionsSchema> & {
  /**
   * A server span per request, parent of the run's spans (the run's own spans come from the agent's
   * telemetry); the default logger's lines also become OTel log records.
   */
  telemetry?: Pick<Telemetry, "tracer" | "logger">;
  /** More dependencies `/ready` checks (the agent's checkpointer and the model endpoint are built in). */
  readinessChecks?: ReadinessCheck[];
  /**
   * Where the access log (one `request` line per request) and the lifecycle lines (`draining`,
   * `drained`) go. Default: `createLogger({ name: "glassbox.serve", format: "json", telemetry })`,
   * JSON lines on stderr with the request's `trace_id` and `span_id`.
   */
  logger?: StructuredLogger;
};

/** What a shutdown did: runs that finished, and runs stopped at their last checkpoint. */
export interface DrainReport {
  finished: number;
  stopped: number;
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  host: string;
  /** Invocations running now. */
  readonly inFlight: number;
  /**
   * Graceful shutdown: stops accepting, lets in-flight runs finish within the deadline, stops the rest
   * at their last checkpoint (their threads can be continued elsewhere), then closes every connection.
   */
  drain(timeoutMs?: number): Promise<DrainReport>;
  /** Closes at once (drain with no grace). */
  close(): Promise<void>;
}

interface Running {
  controller: AbortController;
  settled: Promise<unknown>;
}

/**
 * Serves an agent over the AgentCore Runtime HTTP contract: `POST /invocations` (JSON, or server-sent
 * events when the client accepts `text/event-stream`), `GET /ping` (`Healthy` / `HealthyBusy`) and
 * `GET /ws` (WebSocket), plus `GET /ready` for load balancers. The
 * `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id` header names the thread.
 *
 * @example
 * ```ts
 * const agent = createAgent({ tools, checkpointer: (await createCheckpointer(process.env.DATABASE_URL!)).saver });
 * const server = await serve(agent, { host: "0.0.0.0", port: 8080 });
 * process.once("SIGTERM", () => server.drain().then(() => process.exit(0)));
 * // curl -d '{"prompt":"What is 17% of 2,340?"}' -H 'content-type: application/json' localhost:8080/invocations
 * ```
 */
export async function serve(agent: Agent, options: ServeOptions = {}): Promise<RunningServer> {
  const { telemetry, readinessChecks = [], logger, ...rest } = options;
  const config = parseWith(ServeOptionsSchema, rest, "serve options");
  const policy: OriginPolicy = { allowedOrigins: config.allowedOrigins, allowedHosts: config.allowedHosts };
  const log =
    logger ?? createLogger({ name: "glassbox.serve", format: "json", ...(telemetry ? { telemetry } : {}) });
  const ping = createPingStatus();
  const lock = createThreadLock();
  const running = new Set<Running>();
  const sockets = new Set<Socket>();
  const saver = agent.graph.checkpointer;
  const checks: ReadinessCheck[] = [
    ...(config.modelEndpoint ? [modelEndpointCheck(config.modelEndpoint)] : []),
    ...(saver && typeof saver !== "boolean" ? [checkpointerCheck(saver)] : []),
    ...readinessChecks,
  ];
  let draining = false;
  let inFlight = 0;

  /** Takes a concurrency slot (503 when full or shutting down); the returned function gives it back. */
  function admit(): () => void {
    if (draining)
      throw new UnavailableError("ShuttingDown", "the server is shutting down; retry on another worker");
    if (inFlight >= config.maxConcurrency)
      throw new UnavailableError(
        "Overloaded",
        `${config.maxConcurrency} invocations are running (the server's limit); retry shortly`,
      );
    inFlight++;
    const endBusy = ping.begin();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      inFlight--;
      endBusy();
    };
  }

  /**
   * Runs one invocation's work with an abort controller that shutdown, the time limit and a client that
   * goes away (`res` closing before the response is complete) all use.
   */
  function track<T>(
    timeoutMs: number,
    res: ServerResponse | undefined,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(
          new RunTimeoutError(
            `the run took longer than ${timeoutMs} ms and was stopped; its session keeps the last checkpoint: send {"continue": true} to finish it`,
          ),
        ),
      timeoutMs,
    );
    const onClose = () => {
      if (!res?.writableFinished) controller.abort(new Error("the client disconnected"));
    };
    res?.once("close", onClose);
    const settled = work(controller.signal).finally(() => {
      clearTimeout(timer);
      res?.off("close", onClose);
      running.delete(entry);
    });
    const entry: Running = { controller, settled: settled.catch(() => {}) };
    running.add(entry);
    return settled;
  }

  async function handleInvocation(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    entry: AccessLogEntry,
    parent: Context,
    cors: Record<string, string>,
  ): Promise<void> {
    const release = admit();
    try {
      requireJson(req.headers["content-type"]);
      const body = await readInvocationBody(req, config.maxPayloadBytes, config.bodyTimeoutMs);
      entry.bytesIn = body.length;
      const payload = parseInvocationPayload(body);
      const { sessionId } = sessionIdFrom(req.headers, payload.sessionId);
      entry.sessionId = sessionId;
      const invocation: Invocation = { requestId, sessionId, payload };
      const unlock = lock.acquire(sessionId);
      try {
        const server = telemetry
          ? startServerSpan(telemetry.tracer, parent, {
              method: "POST",
              path: "/invocations",
              requestId,
              sessionId,
            })
          : undefined;
        Object.assign(entry, currentTraceIds(server?.context ?? parent));
        const headers = {
          ...cors,
          ...idHeaders(requestId, sessionId),
          ...(server ? { traceparent: traceparentOf(server.span) ?? "" } : {}),
        };
        const sse = acceptsEventStream(req.headers.accept);
        entry.mode = sse ? "sse" : "json";
        try {
          if (sse) await respondStream(res, invocation, server?.context ?? parent, headers, entry);
          else await respondJson(res, invocation, server?.context ?? parent, headers, entry);
        } finally {
          if (server)
            endServerSpan(server.span, entry.status, entry.status >= 400 ? entry.outcome : undefined);
        }
      } finally {
        unlock();
      }
    } finally {
      release();
    }
  }

  async function respondJson(
    res: ServerResponse,
    invocation: Invocation,
    parent: Context,
    headers: Record<string, string>,
    entry: AccessLogEntry,
  ): Promise<void> {
    await track(config.requestTimeoutMs, res, async (signal) => {
      try {
        const result = await runInvocation(agent, invocation, { signal, parent });
        entry.outcome = result.outcome;
        entry.status = 200;
        entry.bytesOut = sendJson(res, 200, headers, result);
      } catch (error) {
        entry.bytesOut = sendError(res, stoppedReason(error, signal), invocation.requestId, headers, entry);
      }
    });
  }

  async function respondStream(
    res: ServerResponse,
    invocation: Invocation,
    parent: Context,
    headers: Record<string, string>,
    entry: AccessLogEntry,
  ): Promise<void> {
    await track(config.streamTimeoutMs, res, async (signal) => {
      const events = streamInvocation(agent, invocation, { signal, parent });
      let keepalive: NodeJS.Timeout | undefined;
      let bytes = 0;
      try {
        for await (const event of events) {
          if (!res.headersSent) {
            // Headers go out with the first event, so a request the thread cannot take still gets its 4xx.
            res.writeHead(200, { ...headers, ...SSE_HEADERS });
            entry.status = 200;
            keepalive = setInterval(() => res.write(SSE_KEEPALIVE), 15_000);
          }
          if (event.type === "done") entry.outcome = event.result.outcome;
          bytes += await writeEvent(res, event);
        }
        res.end();
      } catch (error) {
        const reason = stoppedReason(error, signal);
        if (!res.headersSent) {
          bytes += sendError(res, reason, invocation.requestId, headers, entry);
        } else {
          const event = errorEvent(reason, invocation.requestId);
          entry.outcome = event.type === "error" ? (event.reason ?? event.code) : "";
          if (!res.writableEnded && !res.destroyed) bytes += await writeEvent(res, event);
          res.end();
        }
      } finally {
        clearInterval(keepalive);
        entry.bytesOut = bytes;
      }
    });
  }

  /** The error a stopped run reports: the abort's reason (timeout, shutdown) over what the graph threw. */
  function stoppedReason(error: unknown, signal?: AbortSignal): unknown {
    if (signal?.aborted) return signal.reason;
    return error;
  }

  function sendError(
    res: ServerResponse,
    error: unknown,
    requestId: string,
    headers: Record<string, string>,
    entry: AccessLogEntry,
  ): number {
    const reply = errorResponse(error, requestId);
    entry.status = reply.status;
    entry.outcome = reply.body.reason ?? reply.body.code;
    if (res.headersSent || res.destroyed) return 0;
    return sendJson(
      res,
      reply.status,
      { ...headers, ...reply.headers, ...(draining ? { connection: "close" } : {}) },
      reply.body,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const entry: AccessLogEntry = {
      requestId: "",
      method: req.method ?? "?",
      path,
      status: 0,
      durationMs: 0,
      remoteAddress: req.socket.remoteAddress,
    };
    let requestId = "";
    try {
      requestId = requestIdFrom(req.headers);
    } catch (error) {
      requestId = crypto.randomUUID();
      entry.requestId = requestId;
      sendError(res, error, requestId, {}, entry);
      return finish();
    }
    entry.requestId = requestId;
    const parent = extractTraceContext(req.headers, ROOT_CONTEXT);
    let cors: Record<string, string> = {};
    try {
      if (path === "/ping") {
        if (req.method !== "GET" && req.method !== "HEAD") throw methodNotAllowed("GET");
        entry.status = 200;
        sendJson(res, 200, idHeaders(requestId), ping.current());
        return finish();
      }
      cors = checkOrigin(req.headers, policy, config.host);
      if (path === "/invocations") {
        if (req.method === "OPTIONS") {
          entry.status = Object.keys(cors).length ? 204 : 403;
          res.writeHead(entry.status, Object.keys(cors).length ? preflightHeaders(cors) : {});
          res.end();
          return finish();
        }
        if (req.method !== "POST") throw methodNotAllowed("POST");
        await handleInvocation(req, res, requestId, entry, parent, cors);
        return finish();
      }
      if (path === "/ready") {
        if (req.method !== "GET") throw methodNotAllowed("GET");
        const report = draining ? { ready: false, draining: true, checks: {} } : await checkReadiness(checks);
        entry.status = report.ready ? 200 : 503;
        sendJson(res, entry.status, idHeaders(requestId), {
          status: report.ready ? "ready" : draining ? "draining" : "unavailable",
          ...report,
        });
        return finish();
      }
      throw new RequestRejectedError(
        "NotFound",
        `no route for ${req.method} ${path}: the server answers POST /invocations, GET /ping, GET /ready and GET /ws`,
      );
    } catch (error) {
      sendError(res, error, requestId, { ...cors, ...idHeaders(requestId) }, entry);
      return finish();
    }

    function finish(): void {
      entry.durationMs = Math.round(performance.now() - started);
      if (path !== "/ping" || config.logPings) logRequest(log, entry);
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  // Longer than a load balancer's idle timeout (ALB: 60 s), so the balancer closes idle connections first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Runs have their own time limits (requestTimeoutMs, streamTimeoutMs); Node's 5-minute cap would cut them.
  server.requestTimeout = 0;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const websockets = config.websocket
    ? attachWebSocket(server, {
        agent,
        policy,
        bindHost: config.host,
        maxPayloadBytes: config.maxPayloadBytes,
        pingIntervalMs: config.websocketPingMs,
        admit,
        track: (work) => track(config.streamTimeoutMs, undefined, work),
        lock,
        logger: log,
        isDraining: () => draining,
      })
    : undefined;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const urlHost = config.host === "0.0.0.0" ? "127.0.0.1" : hostForUrl(config.host);

  let drained: Promise<DrainReport> | undefined;
  async function drain(timeoutMs = config.drainTimeoutMs): Promise<DrainReport> {
    drained ??= (async () => {
      draining = true;
      log.info("draining", { inFlight, timeoutMs });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const before = [...running];
      const deadline = new Promise<"deadline">((resolve) =>
        setTimeout(() => resolve("deadline"), timeoutMs).unref(),
      );
      await Promise.race([Promise.all(before.map((entry) => entry.settled)), deadline]);
      const stopped = [...running];
      for (const entry of stopped)
        entry.controller.abort(
          new UnavailableError(
            "ShuttingDown",
            'the server shut down during the run; its session keeps the last checkpoint: send {"continue": true} (or retry this request with the same request id) to finish it',
          ),
        );
      await Promise.all(stopped.map((entry) => entry.settled));
      websockets?.closeAll();
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
      const report = { finished: before.length - stopped.length, stopped: stopped.length };
      log.info("drained", { ...report });
      return report;
    })();
    return drained;
  }

  return {
    url: `http://${urlHost}:${port}`,
    port,
    host: config.host,
    get inFlight() {
      return inFlight;
    },
    drain,
    close: async () => {
      await drain(0);
    },
  };
}

function methodNotAllowed(allow: string): RequestRejectedError {
  return new RequestRejectedError("MethodNotAllowed", `this path answers ${allow} only`, { allow });
}

function sendJson(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): number {
  const json = JSON.stringify(body);
  const length = Buffer.byteLength(json);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": length });
  res.end(json);
  return length;
}

/** Writes one SSE event, waiting when the client reads slower than the run produces. */
async function writeEvent(res: ServerResponse, event: WireEvent): Promise<number> {
  const frame = sseEvent(event);
  await writeChunk(res, frame);
  return Buffer.byteLength(frame);
}
