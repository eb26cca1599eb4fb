import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { ConfigError } from "../config/config-error.ts";
import { isLoopbackHost } from "../http/loopback.ts";
import { regionFromEnv } from "./credentials.ts";
import { createPooledAgent, type HttpSettings, HttpSettingsSchema } from "./http-pool.ts";
import { limitClient, sharedRateLimiter } from "./rate-limiter.ts";

/** A whole Converse response may take this long (a long generation without streaming). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;
/** A ConverseStream may be silent this long (before its first event, or between two). */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 120_000;

/** How to reach Bedrock: the real service through the default credential chain, or a local endpoint. */
export interface BedrockConnection {
  /** AWS region; when absent it is read from AWS_REGION, AWS_DEFAULT_REGION or the AWS profile. */
  region?: string;
  /** Endpoint override, e.g. the local Bedrock `http://127.0.0.1:4010` or a VPC endpoint URL. */
  endpoint?: string;
  /** Named AWS profile for the default credential chain. */
  profile?: string;
  /** A whole Converse response, counted from when the request has a socket (default 10 min). */
  requestTimeoutMs?: number;
  /** Silence allowed in a ConverseStream, before its first byte and between any two (default 2 min). */
  streamIdleTimeoutMs?: number;
  /** Socket pool size, connect timeout and keep-alive. */
  http?: Partial<HttpSettings>;
  /**
   * Pace requests with the adaptive rate shared by every client of this process for the same endpoint,
   * region and model (default true): a burst over the quota slows down instead of failing.
   */
  adaptiveRate?: boolean;
}

/** The connection part of a model config. */
export function connectionOf(model: BedrockConnection): BedrockConnection {
  const { region, endpoint, profile, requestTimeoutMs, streamIdleTimeoutMs, http, adaptiveRate } = model;
  return { region, endpoint, profile, requestTimeoutMs, streamIdleTimeoutMs, http, adaptiveRate };
}

/** What a client signs with on a loopback endpoint: the local Bedrock checks no signature. */
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };
type CredentialProvider = Extract<
  NonNullable<BedrockRuntimeClientConfig["credentials"]>,
  (...args: never[]) => unknown
>;
const ours = new WeakSet<BedrockRuntimeClient>();

/**
 * The config of the other AWS SDK clients Glassbox builds (bedrock-agent-runtime, bedrock-agent, bedrock,
 * Lambda): the default credential chain or a named profile; a loopback endpoint gets placeholder
 * credentials and us-east-1 when no region is given, and a plain-http one HTTP/1.1.
 */
export function sdkClientConfig(options: { region?: string; endpoint?: string; profile?: string }) {
  const local = isLocalEndpoint(options.endpoint);
  const region = options.region ?? (local ? "us-east-1" : undefined);
  return {
    ...(region ? { region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
    ...(!local && options.profile ? { profile: options.profile } : {}),
    ...(options.endpoint?.startsWith("http://") ? { requestHandler: new NodeHttpHandler() } : {}),
  };
}

/** True for plain-http endpoints on the loopback interface, where the local Bedrock runs. */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const url = new URL(endpoint);
    return url.protocol === "http:" && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/** Whether a client was built by {@link createBedrockRuntimeClient} (and so times its own requests). */
export function isGlassboxClient(client: BedrockRuntimeClient): boolean {
  return ours.has(client);
}

/**
 * A Bedrock runtime client for production traffic. Retries are Glassbox's own (see `retry.ts`), so the
 * SDK makes one attempt. Requests go over HTTP/1.1 keep-alive sockets from a pool sized for thousands
 * of concurrent runs, with connect, response and stream-idle timeouts that only run once a request has
 * a socket, and through the process's adaptive rate limiter. A loopback endpoint gets placeholder
 * credentials so the default chain is never consulted for it.
 *
 * @example
 * const client = createBedrockRuntimeClient({ region: "eu-central-1", requestTimeoutMs: 900_000 });
 */
export function createBedrockRuntimeClient(connection: BedrockConnection): BedrockRuntimeClient {
  const { endpoint, profile } = connection;
  if (endpoint !== undefined) assertEndpoint(endpoint);
  const local = isLocalEndpoint(endpoint);
  const http = HttpSettingsSchema.parse(connection.http ?? {});
  const timeouts = {
    requestTimeoutMs: connection.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    streamIdleTimeoutMs: connection.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  };
  const secure = !endpoint?.startsWith("http://");
  const agent = createPooledAgent(secure, http, timeouts);
  const region = connection.region ?? (local ? "us-east-1" : undefined);
  const client = new BedrockRuntimeClient({
    region,
    endpoint,
    maxAttempts: 1,
    credentials: local ? LOCAL_CREDENTIALS : profile ? profileCredentials(profile) : undefined,
    requestHandler: new NodeHttpHandler(secure ? { httpsAgent: agent } : { httpAgent: agent }),
  });
  ours.add(client);
  if (connection.adaptiveRate !== false) {
    const where = endpoint ?? "Amazon Bedrock";
    const quotaRegion = region ?? regionFromEnv() ?? "default";
    limitClient(client, (modelId) => sharedRateLimiter(where, quotaRegion, modelId), "glassboxAdaptiveRate");
  }
  return client;
}

/**
 * The default credential chain for a named profile, loaded on the first request that needs credentials
 * (not when Glassbox is imported): SSO, role assumption and the INI files are only read for real calls.
 */
function profileCredentials(profile: string): CredentialProvider {
  let chain: Promise<CredentialProvider> | undefined;
  return async (options) => {
    chain ??= import("@aws-sdk/credential-provider-node").then(({ defaultProvider }) =>
      defaultProvider({ profile }),
    );
    return (await chain)(options);
  };
}

/** The region the client resolved (argument, environment or profile), or a ConfigError saying how to set one. */
export async function resolveRegion(client: BedrockRuntimeClient): Promise<string> {
  try {
    const region = await client.config.region();
    if (region) return region;
  } catch {
    // fall through to the error below
  }
  throw new ConfigError("no AWS region: set AWS_REGION, pass --region, or set region in your AWS profile", {
    code: "NO_REGION",
  });
}

function assertEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError(`endpoint "${endpoint}" is not a URL: expected e.g. http://127.0.0.1:4010`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`endpoint "${endpoint}" must start with http:// or https://`);
  }
}
