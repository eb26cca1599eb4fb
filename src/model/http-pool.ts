import { type ClientRequest, Agent as HttpAgent, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Duplex } from "node:stream";
import { z } from "zod";
import { RequestTimeoutError } from "./request-timeout-error.ts";

/** Sockets per endpoint unless `http.maxSockets` says otherwise. */
export const DEFAULT_MAX_SOCKETS = 512;

/** The socket pool and the timeouts of Glassbox's Bedrock client (all in milliseconds). */
export const HttpSettingsSchema = z
  .object({
    /** Sockets per endpoint; requests beyond it queue (and their timeouts do not run while queued). */
    maxSockets: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_SOCKETS),
    /** Opening a connection (TCP, and TLS for https). */
    connectTimeoutMs: z.number().int().positive().default(5_000),
    /**
     * How long an idle keep-alive socket is kept: below the idle timeouts of AWS endpoints and load
     * balancers, so the client closes first; a server's `Keep-Alive: timeout` hint lowers it further.
     */
    keepAliveMs: z.number().int().positive().default(10_000),
  })
  .strict();
export type HttpSettings = z.output<typeof HttpSettingsSchema>;

/** Per-request timeouts, counted from the moment the request has a socket. */
export interface RequestTimeouts {
  /** A whole Converse response (headers and body). */
  requestTimeoutMs: number;
  /** Silence in a ConverseStream: before the headers, and between any two bytes after them. */
  streamIdleTimeoutMs: number;
}

interface AgentInternals {
  addRequest(req: ClientRequest, options: unknown): void;
  createConnection(options: unknown, callback?: unknown): Duplex;
}

/**
 * A keep-alive agent whose timeouts never run while a request waits for a free socket: the connect
 * timeout starts when a socket is created, the response timeouts when the request is given one.
 * (The SDK's `connectionTimeout` and `requestTimeout` start when the request is made, so a queued
 * request times out before it was ever sent.)
 */
export function createPooledAgent(
  secure: boolean,
  settings: HttpSettings,
  timeouts: RequestTimeouts,
): HttpAgent {
  const options = {
    keepAlive: true,
    maxSockets: settings.maxSockets,
    timeout: settings.keepAliveMs,
    scheduling: "lifo" as const,
  };
  const agent = secure ? new HttpsAgent(options) : new HttpAgent(options);
  const internals = agent as unknown as AgentInternals;
  const createConnection = internals.createConnection.bind(agent);
  internals.createConnection = (connectOptions, callback) => {
    const socket = createConnection(connectOptions, callback);
    const { host, port } = connectOptions as { host?: string; port?: number };
    watchConnect(socket, settings.connectTimeoutMs, secure, `${host}:${port}`);
    return socket;
  };
  const addRequest = internals.addRequest.bind(agent);
  internals.addRequest = (req, requestOptions) => {
    watchRequest(req, timeouts);
    addRequest(req, requestOptions);
  };
  return agent;
}

function watchConnect(socket: Duplex, timeoutMs: number, secure: boolean, where: string): void {
  const timer = setTimeout(
    () => socket.destroy(new RequestTimeoutError("connect", timeoutMs, where)),
    timeoutMs,
  );
  timer.unref();
  const clear = () => clearTimeout(timer);
  socket.once(secure ? "secureConnect" : "connect", clear);
  socket.once("close", clear);
}

/** Streaming operations are timed by silence; the others by their whole response. */
const STREAMING = /\/(converse-stream|invoke-with-response-stream)$/;

function watchRequest(req: ClientRequest, timeouts: RequestTimeouts): void {
  const streaming = STREAMING.test(req.path.split("?")[0] ?? "");
  const where = String(req.getHeader("host") ?? req.host);
  let response: IncomingMessage | undefined;
  let timer: NodeJS.Timeout | undefined;
  let socket: Duplex | undefined;
  const fail = (error: RequestTimeoutError) => {
    if (response) response.destroy(error);
    else req.destroy(error);
  };
  const onIdle = () => fail(new RequestTimeoutError("stream-idle", timeouts.streamIdleTimeoutMs, where));
  const cleanup = () => {
    clearTimeout(timer);
    socket?.removeListener("timeout", onIdle);
  };
  req.once("socket", (assigned: Duplex) => {
    socket = assigned;
    const [phase, ms] = streaming
      ? (["stream-idle", timeouts.streamIdleTimeoutMs] as const)
      : (["response", timeouts.requestTimeoutMs] as const);
    timer = setTimeout(() => fail(new RequestTimeoutError(phase, ms, where)), ms);
  });
  req.once("response", (res: IncomingMessage) => {
    response = res;
    if (streaming) {
      clearTimeout(timer);
      // Socket inactivity is silence in the stream; the agent restores its idle timeout afterwards.
      (socket as { setTimeout?: (ms: number) => void } | undefined)?.setTimeout?.(
        timeouts.streamIdleTimeoutMs,
      );
      socket?.on("timeout", onIdle);
    }
    res.once("end", cleanup);
    res.once("close", cleanup);
  });
  req.once("close", cleanup);
}
