import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "./sha256.ts";

type CredentialProvider = () => Promise<{
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}>;

let defaultCredentials: CredentialProvider | undefined;

/** The AWS credential chain (env, SSO, profile, container or instance role); loaded on first use. */
async function credentials(): Promise<CredentialProvider> {
  if (!defaultCredentials) {
    const { defaultProvider } = await import("@aws-sdk/credential-provider-node");
    defaultCredentials = defaultProvider();
  }
  return defaultCredentials;
}

/**
 * Signs an OTLP request with SigV4, as CloudWatch's OTLP endpoints (`xray.<region>.amazonaws.com/v1/traces`,
 * `logs.<region>.amazonaws.com/v1/logs`) require. Returns the headers to send.
 */
export async function signRequest(
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array,
  signing: { service: string; region: string },
  provider?: CredentialProvider,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: provider ?? (await credentials()),
    region: signing.region,
    service: signing.service,
    sha256: Sha256,
  });
  const { "content-length": _length, ...rest } = headers;
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...rest, host: url.host },
    body,
  });
  return { ...(signed.headers as Record<string, string>), "content-length": String(body.byteLength) };
}
