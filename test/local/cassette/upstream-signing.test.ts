import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { BedrockAgentRuntimeClient, RetrieveCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterEach, describe, expect, it } from "vitest";
import { startRecordingProxy } from "../../../src/local/index.ts";
import { Sha256 } from "../../../src/telemetry/sha256.ts";
import { tempDir } from "../../helpers/fixtures.ts";
import { sdkClient } from "../../helpers/local-bedrock.ts";

const UPSTREAM_CREDENTIALS = {
  accessKeyId: "AKIDUPSTREAMEXAMPLE",
  secretAccessKey: "upstream-secret-key-example",
  sessionToken: "upstream-session-token-example",
};
const CALLER = { accessKeyId: "AKIDCALLEREXAMPLE", secretAccessKey: "caller-secret" };
const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A loopback stand-in for Amazon Bedrock's hosts: keeps what arrives, answers a minimal JSON body. */
async function captureServer() {
  const captured: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      captured.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      const body = req.url?.endsWith("/retrieve")
        ? { retrievalResults: [] }
        : {
            output: { message: { role: "assistant", content: [{ text: "ok" }] } },
            stopReason: "end_turn",
            usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
            metrics: { latencyMs: 1 },
          };
      res.writeHead(200, {
        "content-type": "application/json",
        "x-amzn-requestid": `req-${captured.length}`,
      });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { captured, url: `http://127.0.0.1:${port}` };
}

/** Recomputes the SigV4 signature of a captured request over the headers it says it signed. */
async function verify(request: Captured, credentials = UPSTREAM_CREDENTIALS) {
  const authorization = String(request.headers.authorization);
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match) throw new Error(`not a SigV4 Authorization header: ${authorization}`);
  const [, accessKeyId, , region, service, signedHeaders = "", signature] = match;
  const headers = Object.fromEntries(
    signedHeaders.split(";").map((name) => [name, String(request.headers[name])]),
  );
  const amzDate = String(request.headers["x-amz-date"]);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const url = new URL(request.url, `https://${request.headers.host}`);
  const signer = new SignatureV4({
    credentials,
    region: region ?? "",
    service: service ?? "",
    sha256: Sha256,
  });
  const resigned = await signer.sign(
    {
      method: request.method,
      protocol: "https:",
      hostname: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: request.body,
    },
    { signingDate },
  );
  return {
    accessKeyId,
    region,
    service,
    signedHeaders: signedHeaders.split(";"),
    // The service hashes the body itself: the signed x-amz-content-sha256 must be the body's.
    valid:
      String(resigned.headers.authorization).endsWith(`Signature=${signature}`) &&
      request.headers["x-amz-content-sha256"] === createHash("sha256").update(request.body).digest("hex"),
  };
}

describe("the recording proxy re-signs for Amazon Bedrock", () => {
  it("forwards each service to its own host with a valid SigV4 signature from the upstream credentials, never the caller's", async () => {
    const capture = await captureServer();
    const proxy = await startRecordingProxy({
      dir: tempDir(),
      upstream: "bedrock",
      region: "eu-west-1",
      credentials: UPSTREAM_CREDENTIALS,
      connectTo: () => new URL(capture.url),
    });
    closers.push(() => proxy.close());
    const runtime = sdkClient(proxy.url, { credentials: CALLER });
    const answer = await runtime.send(
      new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "hi" }] }] }),
    );
    expect(answer.output?.message?.content?.[0]?.text).toBe("ok");
    const agentRuntime = new BedrockAgentRuntimeClient({
      region: "us-east-1",
      endpoint: proxy.url,
      credentials: CALLER,
      maxAttempts: 1,
    });
    await agentRuntime.send(
      new RetrieveCommand({ knowledgeBaseId: "KB12345678", retrievalQuery: { text: "hotels" } }),
    );
    runtime.destroy();
    agentRuntime.destroy();

    const [converse, retrieve] = capture.captured;
    if (!converse || !retrieve) throw new Error("the upstream received nothing");
    expect(converse.headers.host).toBe("bedrock-runtime.eu-west-1.amazonaws.com");
    expect(converse.url).toBe(`/model/${encodeURIComponent(MODEL)}/converse`);
    expect(retrieve.headers.host).toBe("bedrock-agent-runtime.eu-west-1.amazonaws.com");
    for (const request of [converse, retrieve]) {
      const checked = await verify(request);
      expect(checked).toMatchObject({
        accessKeyId: UPSTREAM_CREDENTIALS.accessKeyId,
        region: "eu-west-1",
        service: "bedrock",
        valid: true,
      });
      expect(checked.signedHeaders).toEqual(
        expect.arrayContaining(["host", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]),
      );
      expect(request.headers["x-amz-security-token"]).toBe(UPSTREAM_CREDENTIALS.sessionToken);
      expect(JSON.stringify(request.headers)).not.toContain(CALLER.accessKeyId);
    }
    // The check is not vacuous: another body, or the caller's credentials, do not verify.
    expect((await verify({ ...converse, body: Buffer.from('{"messages":[]}') })).valid).toBe(false);
    expect(
      (await verify(converse, { ...UPSTREAM_CREDENTIALS, secretAccessKey: CALLER.secretAccessKey })).valid,
    ).toBe(false);
  });

  it("refuses a path that is no Bedrock operation instead of guessing a host, and needs a region for bedrock", async () => {
    const capture = await captureServer();
    const proxy = await startRecordingProxy({
      dir: tempDir(),
      upstream: "bedrock",
      region: "us-west-2",
      credentials: UPSTREAM_CREDENTIALS,
      connectTo: () => new URL(capture.url),
    });
    closers.push(() => proxy.close());
    const response = await fetch(`${proxy.url}/no/such/operation`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-amzn-errortype")).toMatch(/^UnknownOperationException/);
    expect(((await response.json()) as { message: string }).message).toContain(
      "no operation of bedrock-runtime",
    );
    expect(capture.captured).toHaveLength(0);
    expect(proxy.count()).toBe(0);
    await expect(startRecordingProxy({ dir: tempDir(), upstream: "bedrock", env: {} })).rejects.toMatchObject(
      {
        code: "NO_REGION",
      },
    );
  });
});
