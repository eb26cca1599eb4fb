import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { ConfigError } from "../../errors.ts";
import { readBody } from "../../http/read-body.ts";
import { writeChunk } from "../../http/write-chunk.ts";
import { LOCAL_CREDENTIALS } from "../../model/client.ts";
import { regionFromEnv } from "../../model/credentials.ts";
import { BedrockError, sendError, validation } from "../bedrock-errors.ts";
import { type DualRequest, type DualResponse, listenDual } from "../dual-listener.ts";
import { decodeFrame } from "../event-stream.ts";
import type { Exchange, RecordedFrame } from "./cassette-schema.ts";
import { CASSETTE_FORMAT } from "./cassette-schema.ts";
import { createCassetteWriter } from "./cassette-writer.ts";
import { classifyRequest } from "./classify-request.ts";
import { createFrameSplitter } from "./frame-splitter.ts";
import { toRecordedBody } from "./recorded-body.ts";
import { recordedRequestOf } from "./recorded-request.ts";
import { scrubHeaders } from "./scrub.ts";
import {
  defaultChain,
  isLoopbackUpstream,
  resolveUpstream,
  type UpstreamRequest,
  type UpstreamSpec,
} from "./upstream.ts";

const MAX_BODY_BYTES = 25 * 1024 * 1024;
/** Response headers that belong to one connection, not to the answer. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "date",
  "upgrade",
]);

/** Options of {@link startRecordingProxy}. */
export interface RecordingProxyOptions {
  /** The cassette folder to create (or an empty folder). */
  dir: string;
  /** `bedrock` (Amazon Bedrock, per service) or a URL (another local Bedrock, a VPC endpoint). */
  upstream: UpstreamSpec;
  /** The upstream region; default AWS_REGION / AWS_DEFAULT_REGION (required for `bedrock`), else us-east-1. */
  region?: string;
  /** Signing credentials; default the AWS default chain (placeholders for a plain-http loopback URL). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The AWS profile for the default chain, when `credentials` is not given. */
  profile?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  env?: Record<string, string | undefined>;
  /**
   * Open the upstream's connections to this origin instead of the upstream host, still sending and
   * signing for the upstream host (as `curl --resolve` does): for tests, or a TLS-terminating egress proxy.
   */
  connectTo?: (url: URL) => URL;
  log?: (line: string) => void;
}

/** A running recording proxy. */
export interface RecordingProxy {
  url: string;
  port: number;
  dir: string;
  region: string;
  /** Exchanges written so far. */
  count(): number;
  /** Stops accepting, waits for exchanges in flight to be written, and closes. */
  close(): Promise<void>;
}

/**
 * Starts a recording proxy on loopback: the unmodified AWS SDK talks to it as to the local Bedrock
 * (endpoint override, HTTP/1.1 or h2c), every request is forwarded to the upstream re-signed with SigV4,
 * and every request/response pair is written to the cassette folder, event streams frame by frame with
 * their timing, secrets and `requestMetadata` values scrubbed.
 *
 * @example
 * ```ts
 * import { startRecordingProxy } from "glassbox/local";
 *
 * const proxy = await startRecordingProxy({ dir: "cassettes/smoke", upstream: "bedrock", region: "us-east-1" });
 * const agent = createAgent({ model: { endpoint: proxy.url }, tools });
 * await agent.invoke("Where is order A-1001?");
 * await proxy.close();
 * ```
 */
export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const env = options.env ?? process.env;
  const region =
    options.region ?? regionFromEnv(env) ?? (options.upstream === "bedrock" ? undefined : "us-east-1");
  if (!region) {
    throw new ConfigError("--upstream bedrock needs a region: pass --region or set AWS_REGION", {
      code: "NO_REGION",
    });
  }
  const credentials =
    options.credentials ??
    (isLoopbackUpstream(options.upstream) ? LOCAL_CREDENTIALS : defaultChain(options.profile));
  // Resolved once now: missing credentials fail before any traffic, and their values are scrubbed.
  const secrets = await knownSecrets(credentials).catch((error: Error) => {
    throw new ConfigError(
      `--upstream ${options.upstream}: no AWS credentials could be loaded (${error.message})`,
      {
        code: "NO_CREDENTIALS",
        cause: error,
      },
    );
  });
  const upstream = resolveUpstream(options.upstream, { region, credentials });
  const writer = createCassetteWriter(options.dir, { upstream: options.upstream, region });
  let seq = 0;
  const inFlight = new Set<Promise<unknown>>();

  const handle = async (req: DualRequest, res: DualResponse): Promise<void> => {
    const [path = "/", query] = (req.url ?? "/").split(/\?(.*)/s);
    const method = req.method ?? "GET";
    const kind = classifyRequest(method, path);
    const number = ++seq;
    try {
      const body = await readBody(req, {
        limit: MAX_BODY_BYTES,
        tooLarge: () => validation(`The request body exceeds ${MAX_BODY_BYTES} bytes.`),
      });
      let forwarded: UpstreamRequest;
      try {
        forwarded = await upstream.prepare(kind, {
          method,
          pathAndQuery: req.url ?? "/",
          headers: req.headers,
          body,
        });
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw new BedrockError(
          "UnknownOperationException",
          `glassbox record: ${method} ${path}: ${(error as Error).message}`,
        );
      }
      const recorded = recordedRequestOf({ kind, method, path, query, headers: req.headers, body }, secrets);
      const started = performance.now();
      // A caller that goes away stops the upstream call too; a cut exchange is not recorded.
      const abort = new AbortController();
      res.once("close", () => {
        if (!res.writableFinished) abort.abort(new Error("the caller closed the connection"));
      });
      const upstreamRes = await send(forwarded, abort.signal, options.connectTo);
      const headersAfterMs = Math.round(performance.now() - started);
      const responseStarted = performance.now();
      const headers = scrubHeaders(
        Object.fromEntries(Object.entries(upstreamRes.headers).filter(([name]) => !HOP_BY_HOP.has(name))),
        secrets,
      );
      const status = upstreamRes.statusCode ?? 502;
      res.writeHead(status, headers);
      const streaming = headers["content-type"]?.startsWith("application/vnd.amazon.eventstream") ?? false;
      const chunks: Buffer[] = [];
      const frames: RecordedFrame[] = [];
      const splitter = createFrameSplitter((frame) =>
        frames.push(frameOf(frame, performance.now() - responseStarted)),
      );
      for await (const chunk of upstreamRes as AsyncIterable<Buffer>) {
        await writeChunk(res, chunk);
        if (streaming) splitter.push(chunk);
        else chunks.push(chunk);
      }
      res.end();
      const endAfterMs = Math.round(performance.now() - responseStarted);
      const leftover = splitter.rest();
      const bodyBytes = streaming ? leftover : Buffer.concat(chunks);
      const exchange: Exchange = {
        format: CASSETTE_FORMAT,
        seq: number,
        recordedAt: new Date().toISOString(),
        request: recorded,
        response: {
          status,
          headers,
          headersAfterMs,
          endAfterMs,
          ...(streaming ? { frames } : {}),
          ...(bodyBytes.length ? { body: toRecordedBody(bodyBytes) } : {}),
        },
      };
      const name = await writer.write(exchange);
      options.log?.(`${method} ${path} ${status} -> ${name}`);
    } catch (error) {
      const bedrockError =
        error instanceof BedrockError
          ? error
          : new BedrockError(
              "ServiceUnavailableException",
              `glassbox record: the call to the upstream ${upstream.spec} failed (${(error as Error).message}); nothing was recorded`,
            );
      options.log?.(`${method} ${path} ${bedrockError.status} (not recorded: ${bedrockError.message})`);
      if (!res.headersSent) sendError(res, bedrockError, `glassbox-record-${number}`);
      else res.end();
    }
  };

  const listener = await listenDual(
    (req, res) => {
      const done = handle(req, res);
      inFlight.add(done);
      void done.finally(() => inFlight.delete(done));
    },
    { port: options.port ?? 0, host: options.host ?? "127.0.0.1" },
  ).catch((error: unknown) => {
    writer.discard();
    throw error;
  });
  return {
    url: listener.url,
    port: listener.port,
    dir: options.dir,
    region,
    count: () => writer.count(),
    async close() {
      await Promise.allSettled([...inFlight]);
      await listener.close();
    },
  };
}

function frameOf(bytes: Buffer, offsetMs: number): RecordedFrame {
  let type: string | undefined;
  let payload: unknown;
  try {
    const decoded = decodeFrame(bytes);
    type = decoded.headers[":event-type"] ?? decoded.headers[":exception-type"];
    payload = decoded.payload;
  } catch {
    // a frame whose body is not JSON: its bytes are enough
  }
  return {
    offsetMs: Math.round(offsetMs),
    ...(type ? { type } : {}),
    ...(payload !== undefined ? { payload } : {}),
    base64: Buffer.from(bytes).toString("base64"),
  };
}

function send(request: UpstreamRequest, signal: AbortSignal, connectTo?: (url: URL) => URL) {
  const target = connectTo?.(request.url) ?? request.url;
  const call = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = call(
      {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ""),
        port: target.port || (target.protocol === "https:" ? 443 : 80),
        method: request.method,
        path: `${request.url.pathname}${request.url.search}`,
        headers: request.headers,
        signal,
        ...(target.protocol === "https:" ? { servername: request.url.hostname } : {}),
      },
      resolve,
    );
    outgoing.once("error", reject);
    outgoing.end(request.body);
  });
}

/** The signing credentials' values, so they are scrubbed wherever they would appear. */
async function knownSecrets(
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
): Promise<string[]> {
  if (credentials === LOCAL_CREDENTIALS) return [];
  const identity = typeof credentials === "function" ? await credentials() : credentials;
  return [identity.accessKeyId, identity.secretAccessKey, identity.sessionToken].filter(
    (value): value is string => typeof value === "string",
  );
}
