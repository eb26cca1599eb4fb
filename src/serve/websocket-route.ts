import { randomUUID } from "node:crypto";
import { type IncomingMessage, type Server, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { ROOT_CONTEXT } from "@opentelemetry/api";
import { type WebSocket, WebSocketServer } from "ws";
import type { Agent } from "../agent/create-agent.ts";
import type { StructuredLogger } from "../telemetry/logger.ts";
import { currentTraceIds, extractTraceContext } from "../telemetry/trace-context.ts";
import { logRequest } from "./access-log.ts";
import { errorEvent, type Invocation, streamInvocation, type WireEvent } from "./invocation.ts";
import { PayloadError, ThreadConflictError } from "./invocation-errors.ts";
import { parseInvocationPayload } from "./invocation-payload.ts";
import { checkOrigin, type OriginPolicy } from "./origin-check.ts";
import { SESSION_HEADER, sessionIdFrom } from "./request-ids.ts";
import type { ThreadLock } from "./thread-lock.ts";

/** AgentCore Runtime's WebSocket frame limit (32 KB): longer messages go out as continuation frames. */
export const MAX_FRAME_BYTES = 32 * 1024;

/** What the WebSocket route shares with the HTTP server. */
export interface WebSocketRouteOptions {
  agent: Agent;
  policy: OriginPolicy;
  bindHost: string;
  maxPayloadBytes: number;
  /** 0: no pings. */
  pingIntervalMs: number;
  admit(): () => void;
  track<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  lock: ThreadLock;
  logger: StructuredLogger;
  isDraining(): boolean;
}

/**
 * `GET /ws`: each text message is one invocation payload (the `/invocations` JSON); the run's events
 * come back as one JSON text message each, ending with `done` or `error`. One run at a time per
 * connection; the session is the `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id` header or query
 * parameter (AgentCore accepts either), else one new id for the connection.
 */
export function attachWebSocket(server: Server, options: WebSocketRouteOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/ws") return refuse(socket, 404, "no WebSocket route here; use /ws");
    if (options.isDraining()) return refuse(socket, 503, "the server is shutting down");
    try {
      checkOrigin(req.headers, options.policy, options.bindHost);
    } catch (error) {
      return refuse(socket, 403, (error as Error).message);
    }
    let session: { sessionId: string };
    try {
      const fromQuery = [...url.searchParams].find(([key]) => key.toLowerCase() === SESSION_HEADER)?.[1];
      session = sessionIdFrom(req.headers, fromQuery);
    } catch (error) {
      return refuse(socket, 400, (error as Error).message);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      missed.set(ws, 0);
      ws.on("pong", () => missed.set(ws, 0));
      connection(ws, req, session.sessionId, options);
    });
  });
  // A connection that let two pings go unanswered is gone (a dead peer, a cut network); one missed
  // ping alone is not, since a busy event loop can read a pong after the next tick.
  const missed = new WeakMap<WebSocket, number>();
  const heartbeat =
    options.pingIntervalMs > 0
      ? setInterval(() => {
          for (const client of wss.clients) {
            const count = missed.get(client) ?? 0;
            if (count >= 2) {
              client.terminate();
              continue;
            }
            missed.set(client, count + 1);
            client.ping();
          }
        }, options.pingIntervalMs).unref()
      : undefined;
  return {
    /** Closes every connection with 1001 (going away), after shutdown let their runs end. */
    closeAll(): void {
      clearInterval(heartbeat);
      for (const client of wss.clients) client.close(1001, "server shutting down");
      wss.close();
    },
  };
}

function connection(ws: WebSocket, req: IncomingMessage, sessionId: string, options: WebSocketRouteOptions) {
  const parent = extractTraceContext(req.headers, ROOT_CONTEXT);
  let busy = false;
  let closed = false;
  let current: AbortController | undefined;
  ws.on("close", () => {
    closed = true;
    current?.abort(new Error("the WebSocket closed"));
  });
  ws.on("message", (data, isBinary) => {
    const requestId = randomUUID();
    if (isBinary)
      return send(
        error(
          new PayloadError([
            { name: "message", message: "send invocation payloads as text (JSON) messages" },
          ]),
          requestId,
        ),
      );
    if (busy)
      return send(
        error(
          new ThreadConflictError(
            "ThreadBusy",
            "a run is in progress on this connection; wait for its done or error",
          ),
          requestId,
        ),
      );
    busy = true;
    void run(data.toString(), requestId).finally(() => {
      busy = false;
    });
  });

  async function run(text: string, requestId: string): Promise<void> {
    const started = performance.now();
    let outcome = "";
    let status = 200;
    try {
      const release = options.admit();
      try {
        const payload = parseInvocationPayload(text);
        const invocation: Invocation = { requestId, sessionId, payload };
        const unlock = options.lock.acquire(sessionId);
        try {
          await options.track(async (signal) => {
            const controller = new AbortController();
            current = controller;
            const both = AbortSignal.any([signal, controller.signal]);
            try {
              for await (const event of streamInvocation(options.agent, invocation, {
                signal: both,
                parent,
              })) {
                if (event.type === "done") outcome = event.result.outcome;
                send(event);
              }
            } catch (caught) {
              throw both.aborted ? both.reason : caught;
            }
          });
        } finally {
          unlock();
        }
      } finally {
        release();
      }
    } catch (caught) {
      const event = error(caught, requestId);
      status = event.type === "error" ? event.status : 500;
      outcome = event.type === "error" ? event.code : "";
      send(event);
    } finally {
      current = undefined;
      logRequest(options.logger, {
        requestId,
        method: "WS",
        path: "/ws",
        status,
        durationMs: Math.round(performance.now() - started),
        sessionId,
        mode: "ws",
        outcome,
        ...currentTraceIds(parent),
      });
    }
  }

  function send(event: WireEvent): void {
    if (closed || ws.readyState !== ws.OPEN) return;
    const bytes = Buffer.from(JSON.stringify(event));
    for (let offset = 0; offset < bytes.length || offset === 0; offset += MAX_FRAME_BYTES) {
      const fin = offset + MAX_FRAME_BYTES >= bytes.length;
      ws.send(bytes.subarray(offset, offset + MAX_FRAME_BYTES), { binary: false, fin });
      if (fin) break;
    }
  }
}

const error = errorEvent;

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ code: STATUS_CODES[status]?.replace(/\s/g, "") ?? "Refused", message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
