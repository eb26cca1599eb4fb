import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { ConfigError } from "../../errors.ts";
import { isLoopbackHost } from "../../http/loopback.ts";
import { Sha256 } from "../../telemetry/sha256.ts";
import type { RequestKind } from "./classify-request.ts";

/** Where a recording proxy forwards to: Amazon Bedrock's endpoints (`bedrock`), or one URL. */
export type UpstreamSpec = "bedrock" | string;

/** A request ready to send upstream: the URL, and headers signed for that URL's host. */
export interface UpstreamRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Headers of the caller's request that are never forwarded: its signature and its transport. */
export const NOT_FORWARDED_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "x-amz-date",
  "x-amz-security-token",
  "x-amz-content-sha256",
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "upgrade",
  "http2-settings",
  "expect",
]);

/** Whether an upstream is a plain-http URL on loopback (another local Bedrock). */
export function isLoopbackUpstream(spec: UpstreamSpec): boolean {
  if (spec === "bedrock") return false;
  const url = parseUpstreamUrl(spec);
  return url.protocol === "http:" && isLoopbackHost(url.hostname);
}

/** A resolved upstream: where each service's requests go, and the credentials that sign them. */
export interface Upstream {
  spec: UpstreamSpec;
  region: string;
  /** The base URL for a service's requests; throws for a path no Bedrock service has (with `bedrock`). */
  baseUrl(kind: RequestKind): URL;
  /** Builds the forwarded request: the caller's headers minus its signature, signed anew for the upstream. */
  prepare(
    kind: RequestKind,
    request: {
      method: string;
      pathAndQuery: string;
      headers: Record<string, string | string[] | undefined>;
      body: Buffer;
    },
  ): Promise<UpstreamRequest>;
}

/** The default credential chain (env, SSO, profile, container or instance role), loaded on first use. */
export function defaultChain(profile?: string): AwsCredentialIdentityProvider {
  let chain: Promise<AwsCredentialIdentityProvider> | undefined;
  return async () => {
    chain ??= import("@aws-sdk/credential-provider-node").then(({ defaultProvider }) =>
      defaultProvider(profile ? { profile } : {}),
    );
    return (await chain)();
  };
}

/**
 * Resolves an upstream. `bedrock` sends bedrock-runtime calls to `bedrock-runtime.<region>.amazonaws.com`,
 * bedrock-agent-runtime calls to `bedrock-agent-runtime.<region>...`, and so on; a URL receives every
 * call. Requests are signed with SigV4 (service `bedrock`) using `credentials`.
 */
export function resolveUpstream(
  spec: UpstreamSpec,
  options: { region: string; credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider },
): Upstream {
  const base = spec === "bedrock" ? undefined : parseUpstreamUrl(spec);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: "bedrock",
    sha256: Sha256,
  });
  const baseUrl = (kind: RequestKind): URL => {
    if (base) return base;
    if (kind.service === "unknown")
      throw new Error(
        "the path is no operation of bedrock-runtime, bedrock-agent-runtime, bedrock-agent or bedrock",
      );
    return new URL(`https://${kind.service}.${options.region}.amazonaws.com`);
  };
  return {
    spec,
    region: options.region,
    baseUrl,
    async prepare(kind, request) {
      const root = baseUrl(kind);
      const url = new URL(`${root.pathname.replace(/\/$/, "")}${request.pathAndQuery}`, root);
      const headers: Record<string, string> = {};
      for (const [raw, value] of Object.entries(request.headers)) {
        const name = raw.toLowerCase();
        if (value === undefined || name.startsWith(":") || NOT_FORWARDED_HEADERS.has(name)) continue;
        headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      const signed = await signer.sign({
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: queryOf(url),
        headers: { ...headers, host: url.host },
        body: request.body,
      });
      return {
        url,
        method: request.method,
        headers: {
          ...(signed.headers as Record<string, string>),
          "content-length": String(request.body.length),
        },
        body: request.body,
      };
    },
  };
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

function parseUpstreamUrl(spec: string): URL {
  try {
    const url = new URL(spec);
    if (url.protocol === "http:" || url.protocol === "https:") return url;
  } catch {
    // reported below
  }
  throw new ConfigError(`--upstream: expected "bedrock" or an http(s) URL, got "${spec}"`);
}
