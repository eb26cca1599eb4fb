import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
} from "node:http2";
import { createServer as createNetServer, type Socket } from "node:net";

/** A request as either protocol delivers it. */
export type DualRequest = IncomingMessage | Http2ServerRequest;
/** A response of either protocol. */
export type DualResponse = ServerResponse | Http2ServerResponse;

/** A listening server of {@link listenDual}. */
export interface DualListener {
  url: string;
  port: number;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

const HTTP2_PREFACE = "PRI * HTTP/2.0";

/**
 * Serves one handler over HTTP/1.1 and cleartext HTTP/2 on the same port (the first bytes of a
 * connection tell which), as the AWS SDK's two Node handlers need: the bedrock-runtime and
 * bedrock-agent-runtime clients default to HTTP/2, `NodeHttpHandler` speaks HTTP/1.1.
 */
export async function listenDual(
  handler: (req: DualRequest, res: DualResponse) => void,
  options: { port?: number; host?: string } = {},
): Promise<DualListener> {
  const http1 = createHttpServer(handler);
  http1.keepAliveTimeout = 65_000;
  const http2 = createHttp2Server(handler);
  const sockets = new Set<Socket>();
  const sessions = new Set<ServerHttp2Session>();
  http2.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.once("readable", () => {
      const head = socket.read(HTTP2_PREFACE.length) as Buffer | null;
      const bytes = head ?? (socket.read() as Buffer | null);
      if (bytes) socket.unshift(bytes);
      const target = bytes?.toString("latin1").startsWith(HTTP2_PREFACE) ? http2 : http1;
      target.emit("connection", socket);
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    async close() {
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      http1.close();
      http2.close();
    },
  };
}
