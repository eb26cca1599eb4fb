import { randomUUID } from "node:crypto";
import { readBody } from "../../http/read-body.ts";
import { writeChunk } from "../../http/write-chunk.ts";
import { BedrockError, sendError, validation } from "../bedrock-errors.ts";
import { type DualRequest, type DualResponse, listenDual } from "../dual-listener.ts";
import { type Cassette, readCassette } from "./cassette-reader.ts";
import type { Exchange } from "./cassette-schema.ts";
import { classifyRequest } from "./classify-request.ts";
import { closestRecording, describeMiss } from "./closest-recording.ts";
import { recordedBodyBytes } from "./recorded-body.ts";
import { recordedRequestOf } from "./recorded-request.ts";
import { keyOf, keyText } from "./request-key.ts";

const MAX_BODY_BYTES = 25 * 1024 * 1024;

/** Options of {@link startReplayServer}. */
export interface ReplayServerOptions {
  /** A cassette folder written by the recording proxy. */
  dir: string;
  /** `recorded` waits as the upstream did (headers, then each stream frame); `none` (default) answers at once. */
  timing?: "recorded" | "none";
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  log?: (line: string) => void;
}

/** A running replay server. */
export interface ReplayServer {
  url: string;
  port: number;
  cassette: Cassette;
  /** Requests answered from the cassette so far. */
  served(): number;
  /** The error messages of requests no recording matched, in arrival order. */
  misses(): string[];
  /** Starts every recording over, as if no request had been served. */
  rewind(): void;
  close(): Promise<void>;
}

/**
 * Serves a cassette back to the unmodified AWS SDK, byte for byte: the recorded status, headers and body,
 * event streams frame by frame. A request matches a recording by its normalised key (see `request-key.ts`);
 * identical requests get their recordings in recorded order. A request no recording matches is answered
 * 400 `ValidationException` naming the closest recording and the first difference, never anything else.
 *
 * @example
 * ```ts
 * import { startReplayServer } from "glassbox/local";
 *
 * const replay = await startReplayServer({ dir: "cassettes/smoke" });
 * const agent = createAgent({ model: { endpoint: replay.url }, tools });
 * console.log((await agent.invoke("Where is order A-1001?")).answer); // the recorded answer
 * await replay.close();
 * ```
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const cassette = readCassette(options.dir);
  const byKey = new Map<string, Array<Exchange & { file: string }>>();
  const keyed = cassette.exchanges.map((exchange) => {
    const text = keyText(exchange.request);
    byKey.set(text, [...(byKey.get(text) ?? []), exchange]);
    return { exchange, key: keyOf(exchange.request) };
  });
  const used = new Map<string, number>();
  const misses: string[] = [];
  let served = 0;
  const timed = options.timing === "recorded";

  const handle = async (req: DualRequest, res: DualResponse): Promise<void> => {
    const requestId = randomUUID();
    const [path = "/", query] = (req.url ?? "/").split(/\?(.*)/s);
    const method = req.method ?? "GET";
    try {
      const body = await readBody(req, {
        limit: MAX_BODY_BYTES,
        tooLarge: () => validation(`The request body exceeds ${MAX_BODY_BYTES} bytes.`),
      });
      const request = recordedRequestOf({
        kind: classifyRequest(method, path),
        method,
        path,
        query,
        headers: req.headers,
        body,
      });
      const text = keyText(request);
      const candidates = byKey.get(text) ?? [];
      const index = used.get(text) ?? 0;
      const exchange = candidates[index];
      if (!exchange) {
        const closest = closestRecording(keyed, keyOf(request), request.operation);
        throw validation(describeMiss(request, closest, candidates.length));
      }
      used.set(text, index + 1);
      served++;
      options.log?.(`${method} ${path} ${exchange.response.status} <- ${exchange.file}`);
      await replay(res, exchange, timed);
    } catch (error) {
      const bedrockError =
        error instanceof BedrockError
          ? error
          : new BedrockError("InternalServerException", (error as Error).message);
      if (bedrockError.type === "ValidationException") misses.push(bedrockError.message);
      options.log?.(`${method} ${path} ${bedrockError.status} ${bedrockError.message}`);
      if (!res.headersSent) sendError(res, bedrockError, requestId);
      else res.end();
    }
  };

  const listener = await listenDual((req, res) => void handle(req, res), {
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
  });
  return {
    url: listener.url,
    port: listener.port,
    cassette,
    served: () => served,
    misses: () => [...misses],
    rewind() {
      used.clear();
      served = 0;
      misses.length = 0;
    },
    close: () => listener.close(),
  };
}

async function replay(res: DualResponse, exchange: Exchange, timed: boolean): Promise<void> {
  const { response } = exchange;
  if (timed) await sleep(response.headersAfterMs);
  const body = recordedBodyBytes(response.body);
  if (!response.frames) {
    res.writeHead(response.status, { ...response.headers, "content-length": body.length });
    if (timed) await sleep(response.endAfterMs);
    res.end(body);
    return;
  }
  res.writeHead(response.status, response.headers);
  const started = performance.now();
  for (const frame of response.frames) {
    if (timed) await sleep(frame.offsetMs - (performance.now() - started));
    await writeChunk(res, Buffer.from(frame.base64, "base64"));
  }
  if (body.length) await writeChunk(res, body);
  res.end();
}

const sleep = (ms: number) =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
