import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { ConfigError } from "../config/config-error.ts";

/** How to reach Bedrock: the real service through the default credential chain, or a local endpoint. */
export interface BedrockConnection {
  /** AWS region; when absent it is read from AWS_REGION, AWS_DEFAULT_REGION or the AWS profile. */
  region?: string;
  /** Endpoint override, e.g. the local Bedrock `http://127.0.0.1:4010` or a VPC endpoint URL. */
  endpoint?: string;
  /** Named AWS profile for the default credential chain. */
  profile?: string;
  /** Per-request socket timeout in milliseconds. */
  requestTimeoutMs?: number;
}

const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

/** True for plain-http endpoints on the loopback interface, where the local Bedrock runs. */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const url = new URL(endpoint);
    return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  } catch {
    return false;
  }
}

/**
 * A Bedrock runtime client. Retries are Glassbox's own (see `retry.ts`), so the SDK makes one attempt.
 * Plain-http endpoints get an HTTP/1.1 handler (the SDK's default handler speaks HTTP/2), and a loopback
 * endpoint gets placeholder credentials so the default chain is never consulted for it.
 */
export function createBedrockRuntimeClient(connection: BedrockConnection): BedrockRuntimeClient {
  const { endpoint, profile, requestTimeoutMs } = connection;
  if (endpoint !== undefined) assertEndpoint(endpoint);
  const local = isLocalEndpoint(endpoint);
  const plainHttp = endpoint?.startsWith("http://") ?? false;
  return new BedrockRuntimeClient({
    region: connection.region ?? (local ? "us-east-1" : undefined),
    endpoint,
    maxAttempts: 1,
    credentials: local ? LOCAL_CREDENTIALS : profile ? defaultProvider({ profile }) : undefined,
    requestHandler: plainHttp
      ? new NodeHttpHandler({ requestTimeout: requestTimeoutMs, connectionTimeout: 5_000 })
      : undefined,
  });
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
