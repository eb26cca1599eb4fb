import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * What the proxy does to one request. Separate from the local Bedrock's own fault injection: these are
 * failures of the wire between the SDK and Bedrock, made to real bytes on a real socket.
 */
export type WireFault =
  /** Forward as is. */
  | { kind: "pass" }
  /** Read the request, never answer. */
  | { kind: "stall-before-headers" }
  /** Forward the status and headers, then send nothing more. */
  | { kind: "stall-after-headers" }
  /** Forward `frames` event-stream frames, then half of the next one, and end the body there. */
  | { kind: "cut-frame"; frames?: number }
  /** Forward the stream with one payload byte of frame `frame` flipped (its message CRC no longer matches). */
  | { kind: "corrupt-crc"; frame?: number }
  /** Forward `frames` frames, then reset the connection. */
  | { kind: "reset-mid-stream"; frames?: number }
  /** Forward a JSON body cut in half (with a content-length that matches the cut). */
  | { kind: "truncate-json" }
  /** Answer 429 ThrottlingException with `Retry-After: seconds`, without asking upstream. */
  | { kind: "retry-after"; seconds: number };

/** A request the proxy saw, and the fault it applied. */
export interface ProxiedRequest {
  path: string;
  fault: WireFault["kind"];
  at: number;
}

export interface FaultProxy {
  url: string;
  /** Faults for the next requests, one each, in order; then `fallback`. */
  plan(faults: WireFault[]): void;
  /** What requests get once the plan is used up (default pass). */
  fallback(fault: WireFault): void;
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

/** A fault-injecting HTTP/1.1 proxy on loopback in front of `upstream` (e.g. a local Bedrock's URL). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  let planned: WireFault[] = [];
  let otherwise: WireFault = { kind: "pass" };
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer(async (req, res) => {
    const body = await readAll(req);
    const fault = planned.shift() ?? otherwise;
    requests.push({ path: req.url ?? "", fault: fault.kind, at: performance.now() });
    if (fault.kind === "stall-before-headers") return; // the socket stays open, silent
    if (fault.kind === "retry-after") {
      const json = JSON.stringify({ message: "Too many requests, please wait before trying again." });
      res.writeHead(429, {
        "content-type": "application/json",
        "x-amzn-errortype": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/",
        "x-amzn-requestid": `proxy-${requests.length}`,
        "retry-after": String(fault.seconds),
        "content-length": Buffer.byteLength(json),
      });
      res.end(json);
      return;
    }
    const upstreamRes = await forward(target, req, body);
    await applyFault(fault, upstreamRes, res, req.socket);
  });
  server.keepAliveTimeout = 65_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    plan(faults) {
      planned = [...faults];
    },
    fallback(fault) {
      otherwise = fault;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host, "content-length": body.length },
      },
      resolve,
    );
    upstream.on("error", reject);
    upstream.end(body);
  });
}

/** Splits an AWS event stream into frames (each starts with its 4-byte big-endian total length). */
function frames(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0; offset + 4 <= bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    out.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  return out;
}

async function applyFault(
  fault: WireFault,
  upstream: IncomingMessage,
  res: ServerResponse,
  socket: Socket,
): Promise<void> {
  const headers = { ...upstream.headers };
  if (fault.kind === "pass") {
    res.writeHead(upstream.statusCode ?? 200, headers);
    upstream.pipe(res);
    return;
  }
  const body = await readAll(upstream);
  if (fault.kind === "truncate-json") {
    const cut = body.subarray(0, Math.floor(body.length / 2));
    res.writeHead(upstream.statusCode ?? 200, { ...headers, "content-length": String(cut.length) });
    res.end(cut);
    return;
  }
  delete headers["content-length"];
  res.writeHead(upstream.statusCode ?? 200, headers);
  if (fault.kind === "stall-after-headers") {
    res.flushHeaders();
    return;
  }
  const parts = frames(body);
  if (fault.kind === "corrupt-crc") {
    const index = Math.min(fault.frame ?? 1, parts.length - 1);
    const frame = Buffer.from(parts[index] as Buffer);
    frame[frame.length - 5] = (frame[frame.length - 5] ?? 0) ^ 0xff; // last payload byte
    parts[index] = frame;
    res.end(Buffer.concat(parts));
    return;
  }
  if (fault.kind !== "cut-frame" && fault.kind !== "reset-mid-stream") return;
  const kept = fault.frames ?? 2;
  res.write(Buffer.concat(parts.slice(0, kept)));
  if (fault.kind === "cut-frame") {
    const next = parts[kept] as Buffer;
    res.end(next.subarray(0, Math.floor(next.length / 2)));
    return;
  }
  // reset-mid-stream: let the frames reach the client, then tear the connection down.
  await new Promise((resolve) => setTimeout(resolve, 20));
  socket.resetAndDestroy();
}
